"""Bulk data for benchmarks/scale.py: `size` assessments of one organisation (and 5 % more in a
second one), with statuses in proportions a busy organisation would have, times of last change
spread over three years, 200 owners (one of whom, the persona measured, owns 40 at every size),
a report for each approved or archived assessment, two audit events per assessment, and the
outcome of each (conclusion, screening, AI Act tier, highest risk, progress, open actions due
around today, searchable words) with the organisation's tally counted from them, and as many
records in the register of processing activities. Rows go in
with executemany, in batches, in one transaction."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AssessmentOutcome,
    AuditEvent,
    AuditHead,
    RegisterRecord,
    Report,
    User,
)
from riskassess.services import outcomes, users

ORGANISATION, OTHER = "Bench Org", "Other Org"
PASSWORD = "bench-password-Xy12!"  # noqa: S105 -- throw-away benchmark database
STATUS_WEIGHTS = {"draft": 20, "submitted": 4, "changes_requested": 4, "resubmitted": 2,
                  "approved": 45, "rejected": 5, "archived": 20}
ACTIONS = ("assessment.created", "answers.saved", "assessment.submitted",
           "assessment.request_changes", "assessment.resubmitted", "assessment.approve",
           "assessment.reject", "assessment.archived", "comment.added", "evaluation.recorded",
           "report.generated", "user.created")
CONCLUSION_WEIGHTS = {"cannot_conclude": 30, "acceptable": 35, "to_improve": 25,
                      "prior_consultation": 10}
SCREENING_WEIGHTS = {"required": 55, "recommended": 15, "not_required": 30}
TIER_WEIGHTS = {"not_ai": 40, "minimal": 30, "transparency": 10, "high": 15,
                "not_classified": 5}
WITH_ACTIONS = 0.15  # share of assessments with open actions, due within a year either side
WORDS = ("recrutement", "fidélité", "vidéoprotection", "santé", "scoring", "géolocalisation",
         "biométrie", "télétravail", "paie", "prospection", "badge", "cookies")
OWNERS = 200
OWNED_BY_PERSONA = 40  # the owner persona's assessments (two pages), at every size
EVENTS_PER_ASSESSMENT = 2
BATCH = 10_000
START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_S = 3 * 365 * 24 * 3600


def _insert(table, rows: list[dict]) -> None:
    for i in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[i:i + BATCH])


def _people() -> dict[str, User]:
    """One user per role (real password hashes), then owners sharing the first one's hash."""
    people = {role: users.create_user(f"{role}@bench.test", role.title(), role, ORGANISATION,
                                      PASSWORD) for role in ("owner", "dpo", "auditor", "admin")}
    other = users.create_user("owner@other-bench.test", "Other", "owner", OTHER, PASSWORD)
    template = people["owner"]
    _insert(User.__table__, [
        {"email": f"owner{i}@bench.test", "name": f"Owner {i}", "role": "owner",
         "organisation_id": template.organisation_id, "password_hash": template.password_hash,
         "active": True, "created_at": START} for i in range(1, OWNERS)])
    people["other_owner"] = other
    return people


def _assessments(rng: random.Random, size: int, organisation_id: int, owner_ids: list[int],
                 persona: int | None = None) -> list[dict]:
    """Rows for `size` assessments; `persona` owns OWNED_BY_PERSONA of them, whatever the
    size, the others are spread over `owner_ids`."""
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=size)
    theirs = set(range(0, size, size // OWNED_BY_PERSONA)) if persona else set()
    rows = []
    for i, status in enumerate(statuses):
        updated = START + timedelta(seconds=rng.randrange(SPAN_S))
        decided = updated if status in ("approved", "rejected", "archived") else None
        rows.append({
            "title": f"Évaluation {i}", "description": "", "sector": "other",
            "organisation_id": organisation_id,
            "owner_id": persona if i in theirs else rng.choice(owner_ids),
            "status": status, "questionnaire_id": "aipd", "questionnaire_version": 1,
            "created_at": updated - timedelta(days=30), "updated_at": updated,
            "decided_at": decided, "revision": 1, "data_subjects_sought": False, "version": 1,
            "review_due_on": (decided + timedelta(days=3 * 365)).date() if decided else None})
    return rows


def _outcomes(rng: random.Random) -> list[dict]:
    rows = db.session.execute(select(Assessment.id, Assessment.organisation_id,
                                     Assessment.status, Assessment.title)).all()
    today = date.today()
    found = []
    for assessment_id, organisation_id, status, title in rows:
        severity, likelihood = rng.randint(1, 4), rng.randint(1, 4)
        actions = rng.random() < WITH_ACTIONS
        progress = rng.randint(5, 100) if status == "draft" else 100
        found.append({
            "assessment_id": assessment_id, "organisation_id": organisation_id,
            "content_gen": 1, "status": status,
            "conclusion": rng.choices(list(CONCLUSION_WEIGHTS),
                                      weights=list(CONCLUSION_WEIGHTS.values()))[0],
            "screening": rng.choices(list(SCREENING_WEIGHTS),
                                     weights=list(SCREENING_WEIGHTS.values()))[0],
            "ai_tier": rng.choices(list(TIER_WEIGHTS), weights=list(TIER_WEIGHTS.values()))[0],
            "top_risk": "r_discrimination", "top_severity": severity,
            "top_likelihood": likelihood, "top_score": severity * likelihood,
            "answered": progress, "visible": 100, "progress": progress,
            "open_actions": rng.randint(1, 5) if actions else 0,
            "earliest_due": today + timedelta(days=rng.randint(-365, 365)) if actions else None,
            "search_text": " ".join([title, *rng.sample(WORDS, 3)]), "computed_at": START})
    return found


def _records(rng: random.Random, size: int, organisation_id: int, owner_id: int) -> list[dict]:
    """`size` register records, named so that name order is not insertion order; a tenth
    of them judged to need a DPIA."""
    rows = []
    for _ in range(size):
        name = f"Traitement {rng.randrange(10 ** 9):09d}"
        rows.append({"organisation_id": organisation_id, "kind": "controller", "name": name,
                     "values": {"name": name, "controller": "Bench Org", "purposes": "x"},
                     "owner_id": owner_id, "screening": {},
                     "screening_verdict": "required" if rng.random() < 0.1 else "recommended",
                     "created_at": START, "updated_at": START, "version": 1})
    return rows


def _reports() -> list[dict]:
    published = db.session.execute(select(Assessment.id, Assessment.updated_at).where(
        Assessment.status.in_(("approved", "archived")))).all()
    return [{"assessment_id": i, "pdf": b"%PDF-1.4\n% benchmark placeholder\n",
             "sha256": hashlib.sha256(str(i).encode()).hexdigest(), "created_at": moment,
             "lang": "fr", "revision": 1} for i, moment in published]


def _events(rng: random.Random) -> list[dict]:
    rows = db.session.execute(select(Assessment.id, Assessment.organisation_id,
                                     Assessment.owner_id, Assessment.updated_at)).all()
    events = []
    for assessment_id, organisation_id, owner_id, updated in rows:
        for back in range(EVENTS_PER_ASSESSMENT):
            events.append({"organisation_id": organisation_id, "actor_id": owner_id,
                           "action": rng.choice(ACTIONS), "target_type": "assessment",
                           "target_id": assessment_id,
                           "created_at": updated - timedelta(days=back), "details": {}})
    events.sort(key=lambda e: e["created_at"])
    previous = "0" * 64
    for seq, event in enumerate(events, start=1):
        event["seq"], event["prev_hash"] = seq, previous
        event["hash"] = previous = hashlib.sha256(f"{seq}:{previous}".encode()).hexdigest()
    db.session.execute(insert(AuditHead.__table__), [{"id": 1, "seq": len(events),
                                                      "last_hash": previous}])
    return events


def populate(size: int, seed: int = 7) -> dict[str, int]:
    """Fill an empty, migrated database; returns the user ids by role."""
    rng = random.Random(seed)
    people = _people()
    organisation_id = people["owner"].organisation_id
    owner_ids = list(db.session.scalars(select(User.id).where(
        User.organisation_id == organisation_id, User.role == "owner",
        User.id != people["owner"].id)))
    other = people["other_owner"]
    _insert(Assessment.__table__, _assessments(rng, size, organisation_id, owner_ids,
                                               people["owner"].id))
    _insert(Assessment.__table__, _assessments(rng, size // 20, other.organisation_id,
                                               [other.id]))
    _insert(Report.__table__, _reports())
    _insert(AssessmentOutcome.__table__, _outcomes(rng))
    _insert(RegisterRecord.__table__, _records(rng, size, organisation_id, people["owner"].id))
    outcomes.rebuild_tally()
    db.session.execute(AuditEvent.__table__.delete())  # the users' creation events: unchained
    db.session.execute(AuditHead.__table__.delete())
    _insert(AuditEvent.__table__, _events(rng))
    db.session.commit()
    return {role: user.id for role, user in people.items()}
