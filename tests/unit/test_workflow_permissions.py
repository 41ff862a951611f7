"""Workflow transitions and permission predicates (no Flask involved)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from riskassess.core import permissions as can
from riskassess.core.workflow import TransitionError, transition


def user(uid, role, org=1, active=True):
    return NS(id=uid, role=role, organisation_id=org, is_active=active)


def assessment(status, owner=1, org=1):
    return NS(owner_id=owner, organisation_id=org, status=status)


@pytest.mark.parametrize(
    ("status", "action", "role", "target"),
    [
        ("draft", "submit", "owner", "submitted"),
        ("changes_requested", "resubmit", "owner", "resubmitted"),
        ("submitted", "request_changes", "dpo", "changes_requested"),
        ("resubmitted", "approve", "dpo", "approved"),
        ("approved", "archive", "admin", "archived"),
        ("approved", "revise", "owner", "draft"),
        ("submitted", "approve", "dpo", "approved"),
        ("submitted", "reject", "dpo", "rejected"),
    ],
)
def test_allowed_transitions(status, action, role, target):
    assert transition(status, action, role, "avis") == target


@pytest.mark.parametrize(
    ("status", "action", "role", "text", "code"),
    [
        ("submitted", "approve", "owner", "ok", "role"),
        ("draft", "approve", "dpo", "ok", "state"),
        ("approved", "submit", "owner", "", "state"),
        ("submitted", "approve", "dpo", "   ", "text"),
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
