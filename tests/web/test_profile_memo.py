"""Profiles kept per process (services/profile_memo.py): served again while the content
generations say nothing changed, computed afresh after a change to what they depend on.
The whole suite runs with PROFILE_MEMO_VERIFY, under which every kept profile served is
compared with a fresh one; here the keeping itself is shown."""

from __future__ import annotations

from riskassess.extensions import db
from riskassess.models import Assessment
from tests.conftest import post


def _profile(assessment_id):
    from riskassess.services.assessments import profile

    return profile(db.session.get(Assessment, assessment_id))


def test_a_profile_is_kept_until_its_assessment_changes(as_role, demo, in_app):
    draft = demo["assessments"]["draft"]

    def twice():
        first = _profile(draft)
        db.session.expire_all()  # a new request: the rows are read again
        return first, _profile(draft)

    first, again = in_app(twice)
    assert again is first  # nothing changed: the same object, not computed again

    owner = as_role("owner")
    response = post(owner, f"/assessments/{draft}/modules/context",
                    {"version": str(in_app(lambda: db.session.get(Assessment, draft).version)),
                     "ctx_processing": "Un autre traitement"})
    assert response.status_code in (200, 302), response.status_code
    after = in_app(lambda: _profile(draft))
    assert after is not first  # the save raised the generation: computed afresh


def test_a_session_with_changes_not_committed_computes_afresh(demo, in_app):
    draft = demo["assessments"]["draft"]

    def changed():
        kept = _profile(draft)
        assessment = db.session.get(Assessment, draft)
        assessment.title = "Titre en cours de modification"  # pending, not flushed
        fresh = _profile(draft)
        db.session.rollback()
        return kept, fresh

    kept, fresh = in_app(changed)
    assert fresh is not kept
