"""Review rounds: every submission is kept as it was, so that the DPO sees what changed since
the previous one (old → new), and anyone who may read the assessment compares two rounds."""

from __future__ import annotations

from riskassess.core.risk_profile import Profile, to_dict
from riskassess.models import Assessment, AssessmentVersion, ReviewRound, User, utcnow


def evidence_of(assessment: Assessment) -> list[dict]:
    """The measured evidence as the round saw it: one line per measurement."""
    return [{"id": m.id, "kind": m.kind, "filename": m.filename,
             "at": m.created_at.isoformat() if m.created_at else None}
            for m in assessment.measurements if not m.pending]


def record(user: User, assessment: Assessment, full: Profile) -> ReviewRound:
    """Keep the submission being made, with its profile `full`."""
    number = (assessment.rounds[-1].number + 1) if assessment.rounds else 1
    kept = ReviewRound(assessment_id=assessment.id, number=number,
                       revision=assessment.revision, submitted_by_id=user.id,
                       submitted_at=utcnow(), answers=assessment.answer_values(),
                       profile=to_dict(full, "fr"),
                       evidence=evidence_of(assessment))
    assessment.rounds.append(kept)
    return kept


def last_two(assessment: Assessment) -> tuple[ReviewRound, ReviewRound] | None:
    """The previous and the latest submission of the current revision, when there are two."""
    current = [r for r in assessment.rounds if r.revision == assessment.revision]
    return (current[-2], current[-1]) if len(current) >= 2 else None


def previous_revision(assessment: Assessment) -> AssessmentVersion | None:
    """The approved version the current revision started from, when its first submission
    is the latest (what a DPO reviewing a new revision compares with)."""
    current = [r for r in assessment.rounds if r.revision == assessment.revision]
    if len(current) != 1:
        return None
    return next((v for v in assessment.versions if v.revision == assessment.revision - 1),
                None)


def changed_since_previous(assessment: Assessment) -> set[str] | None:
    """The questions whose answer changed between the previous and the latest submission,
    or, at the first submission of a new revision, since the approved version it started
    from (None: there is nothing to compare with)."""
    pair = last_two(assessment)
    if pair is not None:
        before, after = pair[0].answers or {}, pair[1].answers or {}
    elif (version := previous_revision(assessment)) is not None:
        before = version.answers or {}
        after = next(r for r in reversed(assessment.rounds)
                     if r.revision == assessment.revision).answers or {}
    else:
        return None
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def find(assessment: Assessment, number: int) -> ReviewRound | None:
    return next((r for r in assessment.rounds if r.number == number), None)


def evidence_changes(before: list[dict], after: list[dict]) -> tuple[list[dict], list[dict]]:
    """Measurements added and removed between two rounds."""
    old, new = {e["id"] for e in before}, {e["id"] for e in after}
    return [e for e in after if e["id"] not in old], [e for e in before if e["id"] not in new]
