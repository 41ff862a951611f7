"""Content generations (riskassess/content_generation.py), which key the profiles kept per process
(services/profile_memo.py) and stamp the outcome rows (services/outcomes.py): a change raises
them, without touching the optimistic-locking version, and what no page shows does not."""

from __future__ import annotations

from riskassess.extensions import db
from riskassess.models import Assessment, Organisation, User
from riskassess.services import admin
from tests.conftest import EMAILS, login, opinion_then_decision, post


def signed_in(app, role: str):
    client = app.test_client()
    login(client, EMAILS[role])
    client.get("/", follow_redirects=True)  # shows (and so consumes) the welcome message
    return client


def generations(in_app, assessment_id: int) -> tuple[int, int]:
    return in_app(lambda: tuple(db.session.execute(
        db.select(Assessment.version, Assessment.content_gen)
        .where(Assessment.id == assessment_id)).one()))


def test_a_comment_raises_the_content_generation_but_not_the_locking_version(app, demo,
                                                                              in_app):
    submitted = demo["assessments"]["submitted"]
    version, content = generations(in_app, submitted)
    updated = in_app(lambda: db.session.get(Assessment, submitted).updated_at)
    dpo = signed_in(app, "dpo")
    assert post(dpo, f"/assessments/{submitted}/comments",
                {"target": "assessment:", "body": "Sans conflit pour le porteur"}
                ).status_code == 302
    assert generations(in_app, submitted) == (version, content + 1)
    # nor its time of last change (lists are sorted by it)
    assert in_app(lambda: db.session.get(Assessment, submitted).updated_at) == updated


def test_only_what_pages_show_raises_the_organisation_generation(app, demo, in_app):
    def generation():
        return in_app(lambda: db.session.scalar(db.select(Organisation.content_gen)))

    start = generation()
    signed_in(app, "owner")  # a login records an attempt and an audit event: nothing shown
    administrator = in_app(lambda: db.session.get(User, demo["users"]["admin"]))
    in_app(lambda: admin.reset_password(db.session.merge(administrator),
                                        demo["users"]["auditor"], "un-tout-nouveau-secret-42"))
    assert generation() == start
    in_app(lambda: admin.set_role(db.session.merge(administrator), demo["users"]["auditor"],
                                  "dpo"))
    assert generation() == start + 1



def test_laying_out_the_report_editions_raises_no_generation(app, client, demo, in_app,
                                                               monkeypatch):
    """The editions are laid out from what was approved: their builds and stored reports
    change nothing a profile or an outcome is computed from (NOT_CONTENT). Here the worker's
    code lays them out after the decision, as in production."""
    from riskassess.jobs import build_reports
    from riskassess.models import Report

    submitted = demo["assessments"]["submitted"]
    monkeypatch.setitem(app.config, "REPORTS_BUILT_IN_REQUEST", False)
    assert opinion_then_decision(client, submitted).status_code == 302
    decided = generations(in_app, submitted)
    assert in_app(build_reports) == 2  # claimed, laid out and stored, one commit each
    assert in_app(lambda: db.session.scalar(db.select(db.func.count()).select_from(Report)
                                            .where(Report.assessment_id == submitted))) == 2
    assert generations(in_app, submitted) == decided
