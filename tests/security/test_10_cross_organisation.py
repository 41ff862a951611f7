"""Issue 14, point 10: `/audit/verify` checks the instance's whole chain but tells an
organisation only about its own events: their count, a break among them, or that the chain is
broken elsewhere, never another organisation's event numbers."""

from __future__ import annotations

import re

from sqlalchemy import func, select, text

from riskassess.extensions import db
from riskassess.models import AuditEvent, Organisation
from tests.conftest import EMAILS, login, post


def organisation_id(in_app, name: str) -> int:
    return in_app(lambda: db.session.scalar(select(Organisation.id).where(
        Organisation.name == name)))


def own_events(in_app, org: int) -> int:
    return in_app(lambda: db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.organisation_id == org)))


def verify(app, email: str) -> str:
    client = app.test_client()
    login(client, email)
    return post(client, "/audit/verify", follow_redirects=True).get_data(as_text=True)


def names_event(page: str, seq: int) -> bool:
    """Whether the flash message names event `seq` (« rompue à l’événement n° 12 »)."""
    return re.search(rf"événement n°\W*{seq}\b", page) is not None


def tamper(in_app, org: int) -> int:
    """Alter the last event of `org`; return its number in the shared chain."""
    def run():
        seq = db.session.scalar(select(func.max(AuditEvent.seq)).where(
            AuditEvent.organisation_id == org))
        db.session.execute(text("UPDATE audit_event SET action = 'x' WHERE seq = :s"),
                           {"s": seq})
        db.session.commit()
        return seq

    return in_app(run)


def test_an_intact_chain_counts_the_organisations_own_events(app, demo, other_org, in_app):
    demo_org = organisation_id(in_app, "Démo Banque & Santé")
    page = verify(app, EMAILS["dpo"])
    count = int(re.search(r"intacte\s*:\s*(\d+)", page).group(1))
    assert count == own_events(in_app, demo_org)
    total = in_app(lambda: db.session.scalar(select(func.count(AuditEvent.id))))
    assert count < total  # the other organisation's events are not counted nor told


def test_a_break_in_another_organisation_is_told_without_its_numbers(app, demo, other_org,
                                                                     in_app):
    seq = tamper(in_app, organisation_id(in_app, "Autre SA"))
    page = verify(app, EMAILS["dpo"])
    assert "rompue en dehors des événements de votre organisation" in page
    assert not names_event(page, seq) and "Autre SA" not in page
    assert names_event(verify(app, "dpo@other.test"), seq)  # told where, to those concerned


def test_a_break_in_the_organisation_is_named(app, demo, other_org, in_app):
    seq = tamper(in_app, organisation_id(in_app, "Démo Banque & Santé"))
    assert names_event(verify(app, EMAILS["dpo"]), seq)


def _invite(admin, email: str) -> tuple[int, str]:
    response = post(admin, "/admin/users", {"email": email, "name": "Camille", "role": "dpo"},
                    follow_redirects=True)
    page = response.get_data(as_text=True)
    flashed = re.search(r'class="flash[^"]*"[^>]*>(.*?)</', page, re.S)
    assert flashed, page[:500]
    return response.status_code, flashed.group(1).replace(email, "<address>")


def _invitation_rows(page: str) -> list[str]:
    table = page.split('id="invitations"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


def test_inviting_an_address_used_in_another_organisation_reveals_nothing(
        app, demo, other_org, smtp, in_app):
    """Point 10, second case: user creation said « already exists » for an address of another
    organisation. Now the administrator invites, and is told the same thing and shown the same
    pending invitation whether the address is free or used elsewhere; only the mail to the
    address differs (its owner is told, without a link)."""
    admin = app.test_client()
    login(admin, EMAILS["admin"])
    used, free = "owner@other.test", "camille@elsewhere.test"
    assert _invite(admin, used) == _invite(admin, free)
    rows = _invitation_rows(admin.get("/admin/users").get_data(as_text=True))
    assert [row.replace(used, "<address>") for row in rows if used in row] == \
        [row.replace(free, "<address>") for row in rows if free in row]
    assert "/invitation/" not in smtp.last_to(used).get_body(("plain",)).get_content()
    assert "/invitation/" in smtp.last_to(free).get_body(("plain",)).get_content()
    other = organisation_id(in_app, "Autre SA")
    assert in_app(lambda: db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.invited", AuditEvent.organisation_id == other))) == 0
    # an address of the administrator's own organisation is said as such: their own data
    response = post(admin, "/admin/users", {"email": EMAILS["dpo"], "name": "D", "role": "dpo"})
    assert response.status_code == 200
    assert "déjà membre de votre organisation" in response.get_data(as_text=True)
