"""Workflow transitions and permission predicates (no Flask involved)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from riskassess.core import permissions as can
from riskassess.core.workflow import TransitionError, departs, transition


def user(uid, role, org=1, active=True, roles=None):
    return NS(id=uid, role=role, organisation_id=org, is_active=active, roles=roles)


def assessment(status, owner=1, org=1):
    return NS(owner_id=owner, organisation_id=org, status=status)


@pytest.mark.parametrize(
    ("status", "action", "role", "target"),
    [
        ("draft", "submit", "owner", "submitted"),
        ("changes_requested", "resubmit", "owner", "resubmitted"),
        ("submitted", "request_changes", "dpo", "changes_requested"),
        ("resubmitted", "give_opinion", "dpo", "opinion_given"),
        ("submitted", "give_opinion", "dpo", "opinion_given"),
        ("approved", "archive", "admin", "archived"),
        ("approved", "revise", "owner", "draft"),
        ("opinion_given", "approve", "decider", "approved"),
        ("opinion_given", "approve_with_conditions", "decider", "approved"),
        ("opinion_given", "reject", "decider", "rejected"),
    ],
)
def test_allowed_transitions(status, action, role, target):
    assert transition(status, action, role, "avis") == target


@pytest.mark.parametrize(
    ("status", "action", "role", "text", "code"),
    [
        ("opinion_given", "approve", "owner", "ok", "role"),
        # the DPO advises, the controller decides (GDPR Art. 35(2), Art. 39(1)(c), Art. 24)
        ("opinion_given", "approve", "dpo", "ok", "role"),
        ("opinion_given", "reject", "dpo", "ok", "role"),
        ("submitted", "give_opinion", "decider", "ok", "role"),
        ("submitted", "approve", "decider", "ok", "state"),
        ("draft", "give_opinion", "dpo", "ok", "state"),
        ("approved", "submit", "owner", "", "state"),
        ("submitted", "give_opinion", "dpo", "   ", "text"),
        ("opinion_given", "approve_with_conditions", "decider", " ", "text"),
        ("draft", "publish", "owner", "", "unknown"),
        ("changes_requested", "submit", "owner", "", "state"),
        ("draft", "archive", "dpo", "", "state"),
        ("approved", "revise", "dpo", "", "role"),
    ],
)
def test_refused_transitions(status, action, role, text, code):
    with pytest.raises(TransitionError) as info:
        transition(status, action, role, text)
    assert info.value.code == code


def test_owner_sees_and_edits_only_own_drafts():
    mine, other = user(1, "owner"), user(2, "owner")
    draft = assessment("draft")
    assert can.can_view(mine, draft) and can.can_edit(mine, draft)
    assert not can.can_view(other, draft) and not can.can_edit(other, draft)
    assert can.can_view(mine, assessment("submitted")) and not can.can_edit(
        mine, assessment("submitted")
    )


def test_dpo_reviews_submitted_assessments_of_their_organisation_only():
    dpo = user(5, "dpo")
    assert not can.can_view(dpo, assessment("draft"))
    assert can.can_review(dpo, assessment("submitted"))
    assert not can.can_review(dpo, assessment("approved"))
    assert not can.can_view(dpo, assessment("submitted", org=2))
    assert not can.can_edit(dpo, assessment("submitted"))


def test_auditor_reads_approved_only_and_never_acts():
    auditor = user(6, "auditor")
    assert can.can_view(auditor, assessment("approved"))
    assert can.can_download_report(auditor, assessment("approved"))
    assert not can.can_view(auditor, assessment("submitted"))
    for check in (can.can_edit, can.can_submit, can.can_review):
        assert not check(auditor, assessment("approved"))
    assert not can.can_create(auditor)


def test_inactive_users_can_do_nothing():
    ghost = user(1, "owner", active=False)
    assert not can.can_view(ghost, assessment("draft"))
    assert not can.can_create(ghost)


def test_a_user_may_hold_several_roles():
    both = user(7, "dpo", roles={"dpo", "auditor"})
    assert can.can_review(both, assessment("submitted"))
    assert can.can_download_report(both, assessment("approved"))
    assert transition("opinion_given", "approve", {"owner", "decider"}) == "approved"
    owner_decider = user(1, "owner", roles={"owner", "decider"})
    assert can.can_edit(owner_decider, assessment("draft"))
    assert can.can_decide(owner_decider, assessment("opinion_given", owner=3))
    assert not can.can_decide(user(7, "dpo"), assessment("opinion_given"))


def test_a_dpo_never_decides():
    """The DPO advises; deciding on the processing would be a conflict of interest (GDPR
    Art. 38(6); EDPB WP243 rev.01, 3.5)."""
    both = user(7, "dpo", roles={"dpo", "decider"})
    assert not can.can_decide(both, assessment("opinion_given"))


def test_a_dpo_never_reviews_what_they_wrote():
    """No conflict of interest in the DPO's tasks (GDPR Art. 38(6))."""
    owner_dpo = user(1, "owner", roles={"owner", "dpo"})
    assert not can.can_review(owner_dpo, assessment("submitted", owner=1))
    assert can.can_review(owner_dpo, assessment("submitted", owner=2))


def test_decider_reads_what_was_submitted_and_decides_only_after_the_opinion():
    decider = user(8, "decider")
    assert not can.can_view(decider, assessment("draft"))
    assert can.can_view(decider, assessment("submitted"))
    assert not can.can_decide(decider, assessment("submitted"))
    assert can.can_decide(decider, assessment("opinion_given"))
    assert not can.can_review(decider, assessment("submitted"))
    assert not can.can_edit(decider, assessment("changes_requested", owner=8))


@pytest.mark.parametrize(("opinion", "decision", "expected"), [
    ("favourable", "approve", False),
    ("favourable", "approve_with_conditions", False),
    ("favourable", "reject", True),
    ("reservations", "reject", True),
    ("reservations", "approve_with_conditions", False),
    ("unfavourable", "approve", True),
    ("unfavourable", "approve_with_conditions", True),
    ("unfavourable", "reject", False),
])
def test_departing_from_the_opinion(opinion, decision, expected):
    assert departs(opinion, decision) is expected
