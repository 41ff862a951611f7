"""What a planned measure counts as once followed up (core/follow_up.py): written from the
rule that a measure done is in place (existing) and one abandoned is not (absent)."""

from __future__ import annotations

from datetime import date

import pytest

from riskassess.core.follow_up import FollowUpError, State, check, effective_answers

PLANNED = {"status": "planned", "owner": "RSSI", "due": "2027-03-31"}


def test_done_counts_as_existing_and_abandoned_as_absent():
    answers = {"a": PLANNED, "b": PLANNED, "c": PLANNED, "d": {"status": "existing"}}
    states = {"a": State("done"), "b": State("abandoned"),
              "c": State("in_progress", "DSI", date(2027, 1, 15)), "d": State("done")}
    effective = effective_answers(answers, states)
    assert effective["a"] == {"status": "existing", "owner": "RSSI"}
    assert effective["b"] == {"status": "absent", "owner": "RSSI"}
    assert effective["c"] == {"status": "planned", "owner": "DSI", "due": "2027-01-15"}
    assert effective["d"] == {"status": "existing"}  # not planned: the follow-up is ignored
    assert answers["a"] == PLANNED  # the answers themselves are never rewritten
    described = {**PLANNED, "description": "Pseudonymisation par clé secrète."}
    assert effective_answers({"e": described}, {"e": State("done")})["e"] == {
        "status": "existing", "owner": "RSSI", "description": "Pseudonymisation par clé secrète."}


def test_each_status_needs_what_it_says():
    check("done", "Chiffrement activé le 3 mars", False, "")
    check("done", "", True, "")
    check("abandoned", "", False, "Le prestataire ne le propose pas")
    for status, evidence, has_file, reason, code in (
            ("done", " ", False, "", "evidence_required"),
            ("abandoned", "", False, "  ", "reason_required"),
            ("finished", "x", False, "", "status")):
        with pytest.raises(FollowUpError) as raised:
            check(status, evidence, has_file, reason)
        assert raised.value.code == code
