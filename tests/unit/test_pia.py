"""CNIL PIA mapping (no Flask involved): reading a realistic CNIL file, refusing malformed
ones with their reason, writing a CNIL document and reading it back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from riskassess.core.answers import is_draft_measure
from riskassess.core.loader import load_catalogue
from riskassess.interchange.cnil.htmltext import html_to_text, one_line, text_to_html
from riskassess.interchange.cnil.mapping import (
    PiaError,
    PiaSource,
    RiskLevels,
    from_pia,
    kept_by_module,
    report_text,
    to_pia,
)
from riskassess.interchange.document_schema import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT / "questionnaires")
AIPD = CATALOGUE.questionnaires["aipd"]
REALISTIC = json.loads((ROOT / "tests/data/cnil_pia_realistic.json").read_text("utf-8"))


def test_realistic_file_free_text_lands_on_our_free_text_questions():
    content = from_pia(REALISTIC, AIPD)
    assert content.title == "Télésuivi des patients diabétiques à domicile"
    assert content.pia_status == "simple_validation"
    assert set(content.answers) == {"ctx_processing", "ctx_controller", "ctx_standards",
                                    "ctx_lifecycle", "ctx_purposes", "ctx_processors"}
    processing = content.answers["ctx_processing"]
    assert processing.startswith("Le PIA porte sur le télésuivi des patients diabétiques")
    assert "les consulte.\n\nUne alerte" in processing  # <p> → paragraphs, &nbsp; → space
    # ctx_controller is a one-line question: the CNIL list is flattened
    assert content.answers["ctx_controller"] == (
        "Les responsabilités sont les suivantes : Responsable de traitement : Clinique "
        "Saint-Éloi ; Sous-traitant : Hébergeur HDS « SantéCloud » ; DPO : "
        "dpo@clinique-saint-eloi.fr")
    assert content.answers["ctx_lifecycle"].startswith(
        "1. Inscription du patient en consultation, remise du lecteur ;\n2. Transmission")
    assert content.answers["ctx_processors"].endswith(
        "12/01/2024.\nÉditeur de l'application : maintenance à distance depuis la France, "
        "sans accès aux données en clair.")
    for value in content.answers.values():
        assert "<" not in value and "&nbsp;" not in value and "&amp;" not in value


def test_realistic_file_evaluations_gauges_and_opinions():
    content = from_pia(REALISTIC, AIPD)
    assert {m: s for m, (s, _) in content.evaluations.items()} == {
        "context": "to_improve", "principles": "to_improve", "security": "to_correct"}
    context = content.evaluations["context"][1]
    assert "1.2 Données, processus et supports — à améliorer : Les journaux d'accès" in context
    assert "Plan d'action : Compléter le cycle de vie" in context
    assert "3.1.44 Mesure : Sauvegardes — à améliorer" in content.evaluations["security"][1]
    assert "Responsable : DSI" in content.evaluations["security"][1]
    access = content.adjustments["illegitimate_access"]
    assert access[:2] == (3, 1) and "Verrouillage de l'application" in access[2]
    assert content.adjustments["disappearance"][:2] == (2, 1)
    assert "unwanted_modification" not in content.adjustments  # gauges {0, 0}
    assert content.risks == {"illegitimate_access": (3, 2), "unwanted_modification": (3, 1),
                             "disappearance": (2, 3)}
    assert content.dpo_opinion.startswith("Avis favorable sous réserve")
    assert content.data_subjects_sought is True
    assert content.data_subjects_opinion.startswith("Le panel de 40 patients")


def test_realistic_file_unmapped_content_is_kept_and_listed():
    content = from_pia(REALISTIC, AIPD)
    references = [item.reference for item in content.unmapped]
    for expected in ("pia.status", "121",
                     "123", "212", "213", "214", "215", "221", "222", "223", "224", "225",
                     "227",
                     "evaluation 3.2", "evaluation 3.4", "comment 212"):
        assert expected in references, expected
    for mapped in ("111", "112", "113", "122", "211", "226", "3.1.41", "3.1.45", "3.1.46",
                   "pia.people", "pia.dpo", "pia.concerned_people", "3.2", "3.3", "3.4"):
        assert mapped not in references
    kept = {item.reference: item for item in content.unmapped}
    assert kept["212"].label == "Fondement"
    assert "art. 9.2.h du RGPD" in kept["212"].text
    # measures that are not ours become the owner's own, with their words as description
    own = {m.title: m for m in content.measures if m.question_id is None}
    assert "balises <script> refusées" in own["Sécurité des sites web"].value["description"]
    assert own["Chiffrement"].risks == ("illegitimate_access",)  # named in 324's controls
    # an improvable evaluation with a person in charge and a date plans the measure
    assert own["Sauvegardes"].value == {
        "status": "planned", "owner": "DSI", "due": "2024-09-30",
        "description": "Sauvegarde quotidienne chez l'hébergeur ; tests de restauration à "
                       "prévoir."}
    # each feared event: the assessor's estimate of our risk, beside our levels
    assert content.estimates["illegitimate_access"]["severity"] == 3
    assert content.estimates["illegitimate_access"]["likelihood"] == 2
    assert content.estimates["illegitimate_access"]["threats"].startswith(
        "Vol du smartphone du patient; Compromission")
    assert content.estimates["disappearance"]["likelihood_text"] == (
        "Sauvegardes quotidiennes, mais non testées.")
    # the people it names, their roles, opinions and dates: provenance, not description
    assert [(p["role"], p["name"], p.get("opinion"), p.get("at")) for p in content.people] == [
        ("author", "Hélène Durand", None, None), ("evaluator", "Rémi Fontaine", None, None),
        ("validator", "Dr Agnès Lefèvre", None, None),
        ("dpo", "Marc Tessier (DPO)", "favourable", "2024-04-18"),
        ("subjects", "Association des patients diabétiques de la région", "favourable",
         "2024-04-18")]
    assert content.people[3]["text"].startswith("Avis favorable sous réserve")
    report = report_text(content)
    assert report.startswith("Importée d'un PIA de la CNIL.")
    assert "[pia.status] Statut du PIA CNIL" in report and "[212]" not in report
    # an answer without a question of ours goes to its module, never only the description
    by_module = kept_by_module(content)
    assert {"reference": "212", "label": "Fondement",
            "text": next(i.text for i in content.unmapped if i.reference == "212")} in \
        by_module["principles"]
    assert any(k["text"].startswith("Mission d'intérêt public")
               for k in by_module["principles"])
    assert {k["reference"] for k in by_module["context"]} >= {"121", "123"}
    english = from_pia(REALISTIC, AIPD, "en")
    assert {item.label for item in english.unmapped} >= {"Legal basis", "CNIL PIA status"}


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>x &amp; y&nbsp;z</p>", "x & y z"),
        ("<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>", "a\n\nb"),
        ("<ul>\n<li>un ;</li>\n<li>deux</li>\n</ul>", "- un ;\n- deux"),
        ("Intro :<br />\n<ol><li>un</li><li>deux</li></ol>", "Intro :\n1. un\n2. deux"),
        ('<span onclick="evil()" style="color:red">é</span>&lt;b&gt;', "é<b>"),
        ("<div>a</div>\n<div> </div>\n<div>b<br /><br /></div>", "a\n\nb"),
        ("a < b and c > d", "a < b and c > d"),
        ("<!-- note --><p>a</p>", "a"),
    ],
)
def test_html_becomes_plain_text(markup, text):
    assert html_to_text(markup) == text


def test_text_to_html_escapes_and_round_trips():
    text = "Ligne 1\nLigne <2> & \"3\"\n\nParagraphe 2"
    assert text_to_html(text) == ("<p>Ligne 1<br>Ligne &lt;2&gt; &amp; &quot;3&quot;</p>"
                                  "<p>Paragraphe 2</p>")
    assert html_to_text(text_to_html(text)) == text
    assert one_line("- a\n- b.\nc") == "a; b. c"


def _document(**changes):
    document = {"pia": {"name": "x", "status": 0}, "answers": [
        {"reference_to": 111, "data": {"text": "a", "gauge": 0, "list": []}},
        {"reference_to": 112, "data": {"text": "b", "gauge": 0, "list": []}},
        {"reference_to": 113, "data": {"text": "c", "gauge": 0, "list": []}},
        {"reference_to": 122, "data": {"text": "d", "gauge": 0, "list": []}},
    ], "measures": [{"id": 1, "title": "Chiffrement", "content": "TLS"}],
        "evaluations": [{"reference_to": "3.2", "status": 2, "gauges": {"x": 2, "y": 1}}],
        "comments": [{"reference_to": 212, "description": "?"}]}
    for path, value in changes.items():
        target, keys = document, path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(keys[-1])] = value
        elif value is KeyError:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return document


# Each malformed part is named by its path in the document and by what the published schema
# (riskassess/schemas/cnil-pia-import.schema.json) says of it, in jsonschema's words.
@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ([], "/: [] is not of type 'object'"),
        ({"format": "riskassess.assessment", "version": 1}, "/: 'pia' is a required property"),
        (_document(answers=KeyError), "/: 'answers' is a required property"),
        (_document(pia=[]), "/pia: [] is not of type 'object'"),
        (_document(pia__name=3), "/pia/name: 3 is not of type 'string', 'null'"),
        (_document(pia__status=7), "/pia/status: 7 is greater than the maximum of 4"),
        (_document(pia__status="2"), "/pia/status: '2' is not of type 'integer', 'null'"),
        (_document(pia__dpo_status=2), "/pia/dpo_status: 2 is greater than the maximum of 1"),
        (_document(pia__concerned_people_searched_opinion="oui"),
         "/pia/concerned_people_searched_opinion: 'oui' is not valid under any of the given "
         "schemas"),
        (_document(answers={}), "/answers: {} is not of type 'array'"),
        (_document(answers__2="211"), "/answers/2: '211' is not of type 'object'"),
        (_document(answers__3__reference_to="122"),
         "/answers/3/reference_to: '122' is not of type 'integer'"),
        (_document(answers__0__reference_to=True),
         "/answers/0/reference_to: True is not of type 'integer'"),
        (_document(answers__0__reference_to=None),
         "/answers/0/reference_to: None is not of type 'integer'"),
        (_document(answers__1__reference_to=0),
         "/answers/1/reference_to: 0 is less than the minimum of 1"),
        (_document(answers__0__data=KeyError), "/answers/0: 'data' is a required property"),
        (_document(answers__0__data__text=5),
         "/answers/0/data/text: 5 is not of type 'string', 'null'"),
        (_document(answers__0__data__gauge=9),
         "/answers/0/data/gauge: 9 is greater than the maximum of 4"),
        (_document(answers__0__data__gauge=2.5),
         "/answers/0/data/gauge: 2.5 is not of type 'integer', 'null'"),
        (_document(answers__0__data__list="a"),
         "/answers/0/data/list: 'a' is not of type 'array', 'null'"),
        (_document(answers__0__data__list=["a", 3]),
         "/answers/0/data/list/1: 3 is not of type 'string', 'null'"),
        (_document(measures="Chiffrement"),
         "/measures: 'Chiffrement' is not of type 'array', 'null'"),
        (_document(measures__0__title=["x"]),
         "/measures/0/title: ['x'] is not of type 'string', 'null'"),
        (_document(measures__0__id=True),
         "/measures/0/id: True is not valid under any of the given schemas"),
        (_document(evaluations__0__reference_to=3.2),
         "/evaluations/0/reference_to: 3.2 is not of type 'string'"),
        (_document(evaluations__0__reference_to="3.2; DROP"),
         "/evaluations/0/reference_to: '3.2; DROP' does not match"),
        (_document(evaluations__0__status=4),
         "/evaluations/0/status: 4 is greater than the maximum of 3"),
        (_document(evaluations__0__gauges="2,1"),
         "/evaluations/0/gauges: '2,1' is not of type 'object', 'null'"),
        (_document(evaluations__0__gauges__x=5),
         "/evaluations/0/gauges/x: 5 is greater than the maximum of 4"),
        (_document(evaluations__0__evaluation_comment=1),
         "/evaluations/0/evaluation_comment: 1 is not of type 'string', 'null'"),
        (_document(comments__0__reference_to=None),
         "/comments/0/reference_to: None is not valid under any of the given schemas"),
        (_document(comments__0__description={}),
         "/comments/0/description: {} is not of type 'string', 'null'"),
    ],
)
def test_malformed_documents_are_refused_with_their_reason(document, reason):
    with pytest.raises(PiaError) as refused:
        from_pia(document, AIPD)
    assert str(refused.value).startswith(reason)


def test_the_minimal_document_is_accepted():
    content = from_pia(_document(), AIPD)
    assert content.answers == {"ctx_processing": "a", "ctx_controller": "b",
                               "ctx_standards": "c", "ctx_lifecycle": "d"}
    assert content.adjustments == {"illegitimate_access": (2, 1, "Niveaux ajustés par "
                                                           "l'évaluateur du PIA CNIL")}


def test_evaluations_without_a_place_are_kept_and_pending_ones_without_text_ignored():
    document = _document(evaluations=[
        {"reference_to": "4.1", "status": 3, "evaluation_comment": "Cartographie validée"},
        {"reference_to": "2.1.213", "status": 0},
        {"reference_to": "2.1.214", "status": 0, "evaluation_comment": "À revoir"},
        {"reference_to": "3.3", "status": 2, "gauges": {"x": 3, "y": 0}},
    ])
    content = from_pia(document, AIPD)
    assert content.evaluations == {} and content.adjustments == {}
    kept = {item.reference: item.text for item in content.unmapped}
    assert kept["evaluation 4.1"] == "acceptable\nCartographie validée"
    assert kept["evaluation 2.1.214"] == "À revoir" and "evaluation 2.1.213" not in kept
    assert kept["evaluation 3.3"] == "à améliorer\nx = 3, y = 0"


def test_measures_we_wrote_are_recognised_and_others_become_own_measures():
    document = _document(measures=[
        {"id": 3, "title": "Chiffrement des échanges (TLS à jour entre utilisateurs, "
                           "applications, objets et serveurs ; transferts de fichiers chiffrés)",
         "content": "<p>Statut : prévue<br>Responsable : DSI<br>Échéance : 2027-01-31</p>"},
        {"id": 4, "title": "Sauvegardes", "content": "<p>Statut : existante</p>"},
        {"id": 5, "title": "Logging of access to and actions on the data (views, changes, "
                           "exports), kept six months to a year and analysed",
         "content": "Status: planned"},  # no owner, no due date: a draft to complete
    ], evaluations=[{"reference_to": "3.1.3", "status": 3}])
    content = from_pia(document, AIPD)
    assert content.answers["sec_encryption_in_transit"] == {
        "status": "planned", "owner": "DSI", "due": "2027-01-31"}
    # kept as planned, a draft that counts once the owner gives who and when (issue 21)
    assert content.answers["sec_logging"] == {"status": "planned"}
    assert is_draft_measure(content.answers["sec_logging"])
    assert [(m.question_id, m.title[:11], m.value) for m in content.measures] == [
        ("sec_encryption_in_transit", "Chiffrement", None),
        ("sec_logging", "Logging of ", None),
        (None, "Sauvegardes", {"status": "existing"})]
    kept = {item.reference for item in content.unmapped}
    assert not {"3.1.3", "3.1.4", "3.1.5"} & kept
    assert content.evaluations == {"security": ("acceptable", "")}


def _source(**changes) -> PiaSource:
    values = dict(
        title="Fraude <carte>", status="approved",
        answers={"ctx_processing": "Ligne 1 <script>x</script>\n\nLigne 2 & fin",
                 "ctx_purposes": "Détecter la fraude.", "ctx_controller": "Banque ; DPO",
                 "pri_legal_basis": ["legal_obligation", "legitimate_interests"],
                 "ctx_transfers": {"unknown": True}, "ctx_processors": "Hébergeur",
                 "sec_encryption_at_rest": {"status": "existing",
                                            "description": "AES-256 par le SGBD.\n"
                                                           "Clés dans un HSM < à part."},
                 "sec_pseudonymisation": {"status": "planned", "owner": "Équipe data",
                                          "due": "2027-03-31"},
                 "sec_backups": {"status": "absent"},
                 "fai_monitoring": {"status": "existing"}},
        author="Camille", evaluator="Dominique", validator="Dominique",
        dpo_names="Dominique",
        risks={"illegitimate_access": RiskLevels((3, 3), (3, 2), ("Données bancaires",)),
               "disappearance": RiskLevels((2, 2), (2, 1))},
        evaluations={"context": ("acceptable", "Clair."),
                     "principles": ("to_improve", "Préciser la base légale."),
                     "security": ("to_correct", "Sauvegardes absentes."),
                     "fairness": ("acceptable", "Biais suivis.")},
        adjustments={"disappearance": (3, 2, "Pas de test de restauration.")},
        comments=(("question", "ctx_purposes", "Finalité secondaire ?"),
                  ("assessment", None, "Bon travail")),
        dpo_opinion="Avis favorable.", data_subjects_sought=True,
        data_subjects_opinion="Panel consulté.", created_at="2026-01-01T00:00:00.000Z")
    values.update(changes)
    return PiaSource(**values)


def test_to_pia_writes_what_the_cnil_tool_reads():
    document = to_pia(_source(), AIPD, CATALOGUE.risks)
    assert set(document) == {"pia", "answers", "measures", "evaluations", "comments"}
    pia = document["pia"]
    assert pia["dbVersion"] and pia["name"] == "Fraude <carte>" and pia["status"] == 2
    assert pia["dpo_status"] == 1 and pia["dpo_opinion"] == "Avis favorable."
    assert pia["concerned_people_searched_opinion"] is True
    answers = {a["reference_to"]: a["data"] for a in document["answers"]}
    assert answers[111]["text"].startswith(
        "<p>Ligne 1 &lt;script&gt;x&lt;/script&gt;</p><p>Ligne 2 &amp; fin</p>")
    assert "Banque et finance" not in answers[111]["text"]  # no sector answer given
    assert answers[212]["text"].startswith("<p>Réponses au questionnaire riskassess :</p>")
    assert "obligation légale" in answers[212]["text"] and "Intérêts légitimes" in answers[212][
        "text"]
    assert "Je ne sais pas" in answers[227]["text"]
    assert answers[325]["gauge"] == 3 and answers[326]["gauge"] == 2
    assert "Gravité initiale (mesures existantes) : 3 (importante)" in answers[325]["text"]
    assert answers[322]["list"] == ["Données bancaires"]
    assert "Usurpation d’identité" in answers[321]["list"]
    titles = [m["title"] for m in document["measures"]]
    assert len(titles) == 3 and titles[0].startswith("Chiffrement des données stockées")
    assert "Responsable : Équipe data" in document["measures"][1]["content"]
    assert answers[324]["list"] == titles[:2]  # the measures that address illegitimate access
    evaluations = {e["reference_to"]: e for e in document["evaluations"]}
    assert set(evaluations) == {"1.1", "1.2", "2.1.211", "2.1.212", "2.1.213", "2.1.214",
                                "2.1.215", "2.2.221", "2.2.222", "2.2.223", "2.2.224",
                                "2.2.225", "2.2.226", "2.2.227", "3.1.1", "3.1.2", "3.1.3",
                                "3.4"}
    assert evaluations["2.1.212"]["status"] == 2 and evaluations["3.1.1"]["status"] == 1
    assert evaluations["3.1.3"]["status"] == 3  # fairness measure, fairness evaluation
    assert evaluations["3.4"]["gauges"] == {"x": 3, "y": 2}
    assert [(c["reference_to"], c["description"]) for c in document["comments"]] == [
        (211, "Finalité secondaire ?"), (111, "Bon travail")]


def test_export_then_import_gives_back_the_mapped_fields():
    source = _source()
    for lang in ("fr", "en"):
        content = from_pia(json.loads(json.dumps(to_pia(source, AIPD, CATALOGUE.risks, lang))),
                           AIPD, lang)
        assert content.title == source.title
        expected = {key: value for key, value in source.answers.items()
                    if key in ("ctx_processing", "ctx_purposes", "ctx_controller",
                               "ctx_processors", "sec_encryption_at_rest",
                               "sec_pseudonymisation", "fai_monitoring")}
        assert content.answers == expected
        assert content.evaluations == source.evaluations
        assert content.adjustments == source.adjustments
        assert content.risks == {"illegitimate_access": (3, 2), "disappearance": (2, 1)}
        assert content.dpo_opinion == source.dpo_opinion
        assert content.data_subjects_opinion == source.data_subjects_opinion
        described = {item.reference: item.text for item in content.unmapped}
        assert "212" in described and "227" in described  # choices, kept as words


def test_the_realistic_file_is_not_changed_by_reading():
    document = copy.deepcopy(REALISTIC)
    from_pia(document, AIPD)
    assert document == REALISTIC


def test_every_problem_is_named_and_whole_numbers_written_as_decimals_are_accepted():
    with pytest.raises(PiaError) as refused:
        from_pia(_document(pia__status=7, answers__0__data__gauge="2",
                           comments__0__description=3), AIPD)
    assert str(refused.value).split("; ") == [
        "/answers/0/data/gauge: '2' is not of type 'integer', 'null'",
        "/comments/0/description: 3 is not of type 'string', 'null'",
        "/pia/status: 7 is greater than the maximum of 4"]
    # JSON Schema counts 2.0 as an integer: read as 2
    severity, likelihood, _why = from_pia(_document(evaluations__0__gauges__x=2.0),
                                          AIPD).adjustments["illegitimate_access"]
    assert (severity, likelihood) == (2, 1) and type(severity) is int


def test_the_published_pia_schema_is_a_valid_schema():
    schema = json.loads((SCHEMAS / "cnil-pia-import.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
