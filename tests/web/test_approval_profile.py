"""Issue 20, goal 2: a decision computes the assessment's risk profile once; the frozen
version and both editions' report data read that one. The outcome kept for lists
(services/outcomes.py) computes its own at the decision's commit, and the editions, laid out
after it (here in the request, REPORTS_BUILT_IN_REQUEST), make it compute nothing more."""

from __future__ import annotations

from riskassess.services import assessments, outcomes
from tests.conftest import post, switch_to


def test_a_decision_computes_the_profile_once_and_its_editions_none(app, client, demo, monkeypatch):
    submitted = demo["assessments"]["submitted"]
    switch_to(client, "dpo")
    given = post(client, f"/assessments/{submitted}/opinion",
                 {"action": "give_opinion", "opinion": "favourable", "text": "Avis favorable.",
                  "justification": ""})
    assert given.status_code == 302
    switch_to(client, "decider")
    computed: list[str] = []
    in_outcome: list[bool] = []
    profile_of_answers, compute = assessments.profile_of_answers, outcomes.compute

    def counting_profile(assessment, *args, **kwargs):
        computed.append("outcome" if in_outcome else "decision")
        return profile_of_answers(assessment, *args, **kwargs)

    def counting_outcome(assessment):
        in_outcome.append(True)
        try:
            return compute(assessment)
        finally:
            in_outcome.pop()

    # without the test suite's check of every kept profile (PROFILE_MEMO_VERIFY), which
    # computes each one again on purpose
    monkeypatch.setitem(app.config, "PROFILE_MEMO_VERIFY", False)
    monkeypatch.setattr(assessments, "profile_of_answers", counting_profile)
    monkeypatch.setattr(outcomes, "compute", counting_outcome)
    decided = post(client, f"/assessments/{submitted}/decision",
                   {"action": "approve", "text": ""})
    assert decided.status_code == 302
    assert computed == ["decision", "outcome"]
