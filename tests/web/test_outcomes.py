"""Outcomes kept beside assessments (services/outcomes.py): written in the transaction that
changes the assessment, counted in the organisation's tally, caught up when they could not be
computed; and the full-text search that reads them (services/search.py), on both databases."""

from __future__ import annotations

from sqlalchemy import func, select

from riskassess import jobs
from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentOutcome, OutcomeTally
from riskassess.services import outcomes
from tests.web.test_list_filters import titles
from tests.web.test_owner import create, save


def _tally_rows() -> set[tuple]:
    return set(db.session.execute(
        select(OutcomeTally.organisation_id, OutcomeTally.status, OutcomeTally.conclusion,
               OutcomeTally.screening, OutcomeTally.ai_tier, OutcomeTally.count,
               OutcomeTally.progress_sum).where(OutcomeTally.count != 0)))


def _counted_again() -> set[tuple]:
    """The tally as a GROUP BY of the outcome rows would give it."""
    outcome = AssessmentOutcome
    keys = (outcome.organisation_id, outcome.status, outcome.conclusion, outcome.screening,
            outcome.ai_tier)
    return set(db.session.execute(select(*keys, func.count(), func.sum(outcome.progress))
                                  .group_by(*keys)))


def test_every_assessment_has_an_up_to_date_outcome_and_the_tally_adds_up(in_app, demo):
    def check():
        rows = db.session.execute(
            select(Assessment.id, Assessment.status, Assessment.content_gen,
                   AssessmentOutcome.status, AssessmentOutcome.content_gen)
            .outerjoin(AssessmentOutcome)).all()
        assert len(rows) == 4
        for _id, status, gen, outcome_status, outcome_gen in rows:
            assert (outcome_status, outcome_gen) == (status, gen)
        assert _tally_rows() == _counted_again()
        assert outcomes.stale_ids(10) == []

    in_app(check)


def test_a_save_and_a_submission_move_the_outcome_in_the_same_commit(as_role, app, in_app):
    owner = as_role("owner")
    assessment_id = create(owner)

    def outcome():
        row = db.session.get(AssessmentOutcome, assessment_id)
        return (row.status, row.open_actions, row.earliest_due and row.earliest_due.isoformat(),
                row.answered)

    status, actions, due, answered = in_app(outcome)
    assert (status, actions, due) == ("draft", 0, None)
    assert save(owner, assessment_id, "security", {
        "sec_encryption_at_rest__status": "planned", "sec_encryption_at_rest__owner": "RSSI",
        "sec_encryption_at_rest__due": "2021-06-30"}).status_code == 302
    assert in_app(outcome) == ("draft", 1, "2021-06-30", answered + 1)
    assert in_app(lambda: _tally_rows() == _counted_again())
    # the late action shows on the owner's list filtered by late actions, and nowhere else
    assert titles(owner.get("/assessments?actions=late").get_data(as_text=True)) == [
        "Scoring de crédit"]
    assert titles(owner.get("/assessments?actions=due").get_data(as_text=True)) == []


def test_an_outcome_that_cannot_be_computed_is_caught_up_later(as_role, in_app, monkeypatch,
                                                               demo):
    draft = demo["assessments"]["draft"]

    def broken(_assessment):
        raise RuntimeError("questionnaire unreadable")

    def rename():
        assessment = db.session.get(Assessment, draft)
        assessment.title = "Maintenance prédictive des turbines"
        db.session.commit()  # the commit goes through; the outcome keeps its old words

    monkeypatch.setattr(outcomes, "compute", broken)
    in_app(rename)
    assert in_app(lambda: outcomes.stale_ids(10)) == [draft]
    monkeypatch.undo()
    assert in_app(jobs.refresh_outcomes) == 1
    assert in_app(lambda: outcomes.stale_ids(10)) == []
    owner = as_role("owner")
    assert titles(owner.get("/assessments?q=turbines").get_data(as_text=True)) == [
        "Maintenance prédictive des turbines"]
    assert in_app(lambda: _tally_rows() == _counted_again())


def test_words_of_answers_are_searched_not_only_titles(as_role, demo):
    dpo = as_role("dpo")
    # « appétence » is only in an answer of the recommendation assessment (demo data)
    assert titles(dpo.get("/assessments?q=app%C3%A9tence").get_data(as_text=True)) == [
        "Recommandations personnalisées en magasin"]
    # « recruteurs » is in an answer of the CV screening one; a search for the singular
    # finds it (French stemming on PostgreSQL, word beginnings on SQLite)
    assert titles(dpo.get("/assessments?q=recruteur").get_data(as_text=True)) == [
        "Tri automatisé des candidatures"]
    # every word must match
    assert titles(dpo.get("/assessments?q=recruteur+app%C3%A9tence").get_data(
        as_text=True)) == []
    # query syntax typed by a user is taken as words, never as syntax
    for typed in ('" OR *', "NEAR(a b)", "a:*", "'; --", "-", "!!", "x" * 300):
        response = dpo.get("/assessments", query_string={"q": typed})
        assert response.status_code == 200


def test_outcome_columns_and_filters_on_every_list(as_role, demo, in_app):
    dpo = as_role("dpo")
    page = dpo.get("/assessments?conclusion=to_improve").get_data(as_text=True)
    assert titles(page) == ["Détection de fraude bancaire en temps réel"]
    assert "À améliorer" in page and "<progress" in page
    queue = dpo.get("/review?q=recruteur").get_data(as_text=True)
    assert "Tri automatisé des candidatures" in queue
    assert "Recommandations personnalisées en magasin" not in queue
    ranked = titles(dpo.get("/assessments?sort=risk").get_data(as_text=True))
    scores = in_app(lambda: {title: score for title, score in db.session.execute(
        select(Assessment.title, AssessmentOutcome.top_score).join(AssessmentOutcome))})
    assert len(ranked) == 3
    assert [scores[t] for t in ranked] == sorted((scores[t] for t in ranked), reverse=True)
    auditor = as_role("auditor")  # the same client, logged in again
    approved = auditor.get("/approved?q=fraude").get_data(as_text=True)
    assert "Détection de fraude bancaire en temps réel" in approved
    none = auditor.get("/approved?q=recruteur").get_data(as_text=True)
    assert "Aucune analyse ne correspond à ces filtres." in none
