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
