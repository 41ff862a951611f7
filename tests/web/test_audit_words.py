"""The audit trail in words (web/audit_words.py): actions named in the reader's language,
objects by their title with a link, details as labelled values, logins in a view of their own;
the codes stay readable « as recorded »."""

from __future__ import annotations

import re

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from riskassess.web.audit_words import ACTION_LABELS


def rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>\d+</td>.*?</tr>", page, re.S)


def test_the_trail_reads_in_words_with_titles_and_links(as_role, demo, in_app):
    client = as_role("dpo")
    approved = demo["assessments"]["approved"]
    title = in_app(lambda: db.session.get(Assessment, approved).title)
    page = client.get("/audit?action=assessment.approve").get_data(as_text=True)
    [row] = rows(page)
    assert "<td>Approuvée</td>" in row
    assert f'<a href="/assessments/{approved}">{title}</a>' in row
    assert "<dt>Statut précédent</dt><dd>Avis du DPO rendu, décision attendue</dd>" in row
    assert re.search(r"<dt>Contenu de chaque édition</dt><dd>en\u00a0: [0-9a-f]{12}…, "
                     r"fr\u00a0: [0-9a-f]{12}…</dd>", row)
    assert "<dt>Version</dt><dd>1</dd>" in row
    # the code and the raw details stay, folded, for whoever checks them against the CSV
    raw = row[row.index('<details class="raw">'):]
    assert "assessment.approve" in raw and "assessment.approve" not in row.replace(raw, "")
    assert '<option value="assessment.approve" selected>Approuvée</option>' in page
    english = as_role("auditor")
    english.post("/language", data={"lang": "en", "csrf_token": _token(english)})
    assert "<td>Approved</td>" in english.get(
        "/audit?action=assessment.approve").get_data(as_text=True)


def test_logins_have_a_view_of_their_own(as_role, demo, in_app):
    client = as_role("dpo")  # a login event, among others
    activity = client.get("/audit").get_data(as_text=True)
    logins = client.get("/audit?view=logins").get_data(as_text=True)
    assert "<td>Connexion</td>" not in activity and "<td>Connexion</td>" in logins
    assert all("<td>Connexion</td>" in row or "Déconnexion" in row or "refusée" in row
               for row in rows(logins))
    everything = client.get("/audit?view=all").get_data(as_text=True)
    assert len(rows(everything)) == min(50, len(rows(activity)) + len(rows(logins)))


def test_every_action_the_application_records_has_words():
    """Every action code written by the application (audit.record calls) is named."""
    root = __import__("pathlib").Path(__file__).resolve().parents[2] / "riskassess"
    written = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'audit\.record\([^,]+, "([a-z_]+\.[a-z_]+)"', text))
        written |= set(re.findall(r'"(user\.(?:activated|deactivated))"', text))
    from riskassess.core.workflow import DECISIONS, Action

    written |= {f"assessment.{a.value}" for a in (*DECISIONS, Action.REQUEST_CHANGES,
                                                   Action.GIVE_OPINION)}
    assert len(written) > 40 and written - set(ACTION_LABELS) == set()


def _token(client) -> str:
    page = client.get("/audit").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_csv_export_keeps_every_event_and_its_codes(as_role, demo, in_app):
    client = as_role("auditor")
    csv = client.get("/audit.csv").get_data(as_text=True)
    total = in_app(lambda: len(db.session.scalars(select(AuditEvent.id).where(
        AuditEvent.organisation_id == db.session.get(
            Assessment, demo["assessments"]["approved"]).organisation_id)).all()))
    assert len(csv.strip().splitlines()) == total + 1 and ",user.login," in csv
