"""Evidence from data through the interface and the command line: uploads, every bad input,
permissions, inferences and the knowledge base."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, Measurement
from tests.conftest import post
from tests.web.test_owner import create, save

PEOPLE = ("nom;code_postal;naissance;sexe;diagnostic\n"
          "Dupont;75001;1980-01-02;F;asthme\nMartin;75001;1980-01-02;F;diabète\n"
          "Durand;69002;1975-05-05;M;grippe\n")
DECISIONS = "groupe,decision\n" + "A,1\n" * 6 + "A,0\n" * 4 + "B,1\n" * 2 + "B,0\n" * 8


def upload(client, assessment_id, kind, content: bytes | str, **fields):
    data = content.encode() if isinstance(content, str) else content
    return post(client, f"/assessments/{assessment_id}/evidence/{kind}",
                {"sample": (io.BytesIO(data), "echantillon.csv"), **fields},
                content_type="multipart/form-data")


def count(in_app):
    return in_app(lambda: db.session.scalar(select(func.count(Measurement.id))))


def test_reidentification_profile_is_stored_shown_and_raises_the_risk(as_role, demo, in_app):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    response = upload(client, draft, "reidentification", PEOPLE,
                      quasi_identifiers="code_postal, naissance, sexe", sensitive="diagnostic")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "seules les statistiques ci-dessous ont été conservées" in page
    assert "33,3\u00a0%" in page  # one of three records is unique (Durand, 69002)
    # in words: k = 1, one row in three unique; the class of two shares no diagnosis but the
    # lone row's class is all one diagnosis, so l = 1
    assert "Au moins une personne de l’échantillon est seule à avoir ses valeurs de " \
        "code_postal, naissance, sexe" in page
    assert "33,3\u00a0% des lignes sont uniques sur ces colonnes" in page
    assert "toutes ont le même diagnostic" in page
    assert "date de naissance" in page and "(quasi-identifiant)" in page
    show = client.get(f"/assessments/{draft}").get_data(as_text=True)
    assert "Profil de réidentification d’un échantillon" in show
    assert "vraisemblance ≥ 4" in show  # k = 1
    stored = in_app(lambda: db.session.scalar(select(Measurement)))
    assert stored.results["k"] == 1 and stored.filename == "echantillon.csv"
    assert "Dupont" not in json.dumps(stored.results)  # statistics only, not the data
    assert in_app(lambda: db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "measurement.added"))) == "measurement.added"


def test_fairness_measurement_feeds_the_discrimination_risk(as_role, demo):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    response = upload(client, draft, "fairness", DECISIONS, group="groupe",
                      decision="decision")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0,333" in page  # ratio 0.2 / 0.6
    # in words: B selected 2 times in 10, A 6 in 10
    assert "Le groupe «\u00a0B\u00a0» est retenu 33\u00a0% aussi souvent que le groupe " \
        "«\u00a0A\u00a0» (20\u00a0% contre 60\u00a0%)." in page
    assert "C’est sous les quatre cinquièmes" in page
    # the risks the measurement changed, each linked to its calculation
    changed = page[page.index('id="changed-title"'):]
    assert f"/assessments/{draft}/risks/discrimination/calculation" in changed
    assert "sous les quatre cinquièmes" in page
    assert "ne compte que 10 personnes" in page
    show = client.get(f"/assessments/{draft}").get_data(as_text=True)
    assert "règle des 4/5" in show


@pytest.mark.parametrize(
    ("kind", "content", "fields", "message"),
    [
        ("reidentification", b"", {}, "Le fichier est vide."),
        ("reidentification", b"\x00\x01\x02\x03binary", {}, "Ce n’est pas un fichier texte"),
        ("reidentification", "a;b\n1;2\n3\n", {}, "La ligne 3 compte 1 champs au lieu de 2"),
        ("reidentification", "a;b\n1;2\n", {"quasi_identifiers": "ville"},
         "Colonne «\u00a0ville\u00a0» inconnue. Colonnes du fichier\u00a0: a, b."),
        ("reidentification", "a;b\n", {}, "aucune donnée"),
        ("fairness", "groupe,decision\nA,1\nA,0\n", {"group": "groupe", "decision": "decision"},
         "ne contient qu’un seul groupe"),
        ("fairness", "groupe,decision\nA,0\nB,0\n", {"group": "groupe", "decision": "decision"},
         "Aucune décision n’a la valeur positive «\u00a01\u00a0»."),
        ("fairness", DECISIONS, {"group": "genre", "decision": "decision"},
         "Colonne «\u00a0genre\u00a0» inconnue"),
    ],
)
def test_bad_inputs_get_a_clear_message_and_nothing_is_lost(as_role, demo, in_app, kind,
                                                            content, fields, message):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    assert upload(client, draft, "fairness", DECISIONS, group="groupe",
                  decision="decision").status_code == 302
    before = count(in_app)
    response = upload(client, draft, kind, content, **fields)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and "Traceback" not in text
    for value in fields.values():
        assert f'value="{value}"' in text  # what was typed is kept
    assert count(in_app) == before
    assert "0,333" in client.get(f"/assessments/{draft}/evidence").get_data(as_text=True)


def test_a_file_over_the_limit_is_refused_with_a_message(as_role, demo, app, in_app):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    limit = app.config["MAX_CONTENT_LENGTH"]
    # a small limit for the test: the test client spools bodies over 500 KB to files it
    # never closes
    app.config["MAX_CONTENT_LENGTH"] = 200 * 1024
    try:
        response = upload(client, draft, "reidentification", "a,b\n" + "1,2\n" * 80_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le fichier dépasse la limite de 0,2\u00a0Mo." in page  # a French decimal comma
    assert count(in_app) == 0


def test_who_uploads_samples(client, as_role, demo, in_app):
    """The owner of an editable assessment measures; on an approved one, its authors and the
    DPO measure to monitor it (kept aside until the next revision: services/living.py);
    nobody else."""
    approved, submitted = demo["assessments"]["approved"], demo["assessments"]["submitted"]
    owner = as_role("owner")
    assert upload(owner, approved, "reidentification", PEOPLE).status_code == 302
    assert in_app(lambda: db.session.get(Assessment, approved).measurements[-1].pending)
    post(owner, "/logout")
    from tests.conftest import login

    login(client, "dpo@demo.riskassess.test")
    assert upload(client, submitted, "fairness", DECISIONS, group="groupe",
                  decision="decision").status_code == 403
    assert client.get(f"/assessments/{submitted}/evidence").status_code == 200
    post(client, "/logout")
    login(client, "auditor@demo.riskassess.test")
    assert upload(client, approved, "reidentification", PEOPLE).status_code == 403
    assert upload(client, submitted, "reidentification", PEOPLE).status_code == 404


def test_inferences_from_declared_categories_and_the_knowledge_base(as_role, app):
    client = as_role("owner")
    assessment_id = create(client, sector="insurance")
    save(client, assessment_id, "context", {"ctx_data_categories": ["step_counts",
                                                                    "body_weight"],
                                            "ctx_sector": "insurance"})
    page = client.get(f"/assessments/{assessment_id}/evidence").get_data(as_text=True)
    assert "Nombre de pas quotidiens + Poids" in page or "Nombre de pas" in page
    assert "→ Santé" in page
    show = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Inférence à partir des données déclarées" in show
    kb = client.get("/knowledge-base").get_data(as_text=True)
    assert kb.count('class="card" id="trait-') >= 15
    assert "C-184/20" in kb


def test_cli_profile_and_fairness_json(runner, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    result = runner.invoke(args=["profile-csv", str(people), "--qi", "code_postal,naissance",
                                 "--sensitive", "diagnostic", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"rows", "k", "unique_share", "class_sizes", "l_diversity", "columns"} <= set(data)
    assert data["rows"] == 3 and data["k"] == 1 and data["l_diversity"] == 1
    assert data["columns"]["nom"]["pii"] == "name" and data["columns"]["diagnostic"]["pii"] is None

    decisions = tmp_path / "decisions.csv"
    decisions.write_text(DECISIONS, encoding="utf-8")
    result = runner.invoke(args=["fairness-csv", str(decisions), "--group", "groupe",
                                 "--decision", "decision", "--json"])
    data = json.loads(result.output)
    assert set(data["groups"]["A"]) == {"n", "selection_rate", "tpr", "fpr"}
    assert data["demographic_parity_ratio"] == round(0.2 / 0.6, 6)
    assert data["four_fifths_flag"] is True
    assert data["equal_opportunity_difference"] is None
    assert data["equalized_odds_difference"] is None

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(args=["profile-csv", str(empty), "--json"])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "the file is empty" in result.output
    result = runner.invoke(args=["fairness-csv", str(decisions), "--group", "nope",
                                 "--decision", "decision"])
    assert result.exit_code != 0 and "unknown column 'nope'" in result.output


def test_evidence_appears_in_the_report(as_role, demo, in_app):
    from pypdf import PdfReader

    from riskassess.models import Assessment
    from riskassess.services.reports import render_pdf

    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    upload(client, draft, "reidentification", PEOPLE, quasi_identifiers="code_postal, sexe",
           sensitive="diagnostic")
    upload(client, draft, "fairness", DECISIONS, group="groupe", decision="decision")
    pdf = in_app(lambda: render_pdf(db.session.get(Assessment, draft)))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "4. Éthique et éléments issus des données" in text
    assert "quasi-identifiants : code_postal, sexe ; k = 1" in text
    # numbers as a French reader writes them (issue 21): 0,333, not 0.333
    assert "Ratio de parité démographique 0,333 (règle des quatre cinquièmes : non respectée)" \
        in text


def test_the_stage_of_a_sample_is_asked_kept_and_shown(as_role, demo, in_app):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    form = client.get(f"/assessments/{draft}/evidence/reidentification").get_data(as_text=True)
    assert "Quelles données cet échantillon représente-t-il" in form
    assert '<input checked id="stage-0" name="stage" required type="radio" value="protected">' \
        in form  # the prudent default: the measured level holds
    response = upload(client, draft, "reidentification", PEOPLE,
                      quasi_identifiers="code_postal, naissance, sexe", stage="raw")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "données sources, avant les protections déclarées" in page
    stored = in_app(lambda: db.session.scalar(select(Measurement)))
    assert stored.results["stage"] == "raw" and stored.parameters["stage"] == "raw"
    assert upload(client, draft, "reidentification", PEOPLE, stage="cooked").status_code == 422


def test_cli_reads_files_over_the_web_limits_and_max_rows_refuses(runner, app, tmp_path):
    """The upload limits protect the web server; the command reads the operator's file of any
    size (here past both limits, lowered for the test) unless --max-rows is given."""
    rows = 2_000
    big = tmp_path / "big.csv"
    big.write_text("groupe,decision\n" + "".join(
        f"{'A' if i % 2 else 'B'},{1 if i % 3 else 0}\n" for i in range(rows)), encoding="utf-8")
    kept = {key: app.config[key] for key in ("MAX_CONTENT_LENGTH", "MAX_CSV_ROWS")}
    app.config.update(MAX_CONTENT_LENGTH=1024, MAX_CSV_ROWS=100)  # the file is past both
    try:
        result = runner.invoke(args=["fairness-csv", str(big), "--group", "groupe",
                                     "--decision", "decision", "--json"])
        assert result.exit_code == 0, result.output
        groups = json.loads(result.output)["groups"]
        assert groups["A"]["n"] + groups["B"]["n"] == rows
        result = runner.invoke(args=["profile-csv", str(big), "--qi", "groupe", "--json"])
        assert result.exit_code == 0 and json.loads(result.output)["rows"] == rows
        result = runner.invoke(args=["profile-csv", str(big), "--qi", "groupe",
                                     "--max-rows", "1000"])
        assert result.exit_code != 0 and "more than 1000 rows" in result.output
    finally:
        app.config.update(kept)
