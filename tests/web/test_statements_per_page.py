"""The page actions of an organisation at work send no more SQL statements with three times
the data behind them as with twice (issue 20, goals 3 and 4).

A page that queries once per comment, per file, per assessment listed or per person named is
the one whose latency goes first as an organisation's data grows. The benchmarks that time the
pages (benchmarks/throughput.py, mixed_load.py) are not run by CI; this is their guard, counted
rather than timed. Each action of benchmarks/mixed_load.py's plan, by role, and every page of
the permission matrix (exports and downloads read to their end) is counted twice: once the
demo's remarks, replies, evidence files, notifications, colleagues, assessments (drafts and
submitted ones), register records and the first record's versions have been doubled, then
once they have been tripled, each time by people who had written nothing yet. The second count
must not be higher. (The first growth may add a statement for good: the demo's own pages name
only people already loaded, and a page may first need to load people at all. A count may go
down: people already loaded need no statement.)
"""

from __future__ import annotations

from contextlib import contextmanager
from string import Formatter

import pytest
from sqlalchemy import event, func, select

from riskassess.extensions import db
from riskassess.models import Assessment, User
from riskassess.models_evidence import EvidenceFile
from riskassess.models_notify import Notification
from riskassess.models_register import RegisterRecord, RegisterVersion
from riskassess.models_review import ReviewComment
from riskassess.services import assessments as service
from riskassess.services import register
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.demo import FRAUD
from tests.conftest import post
from tests.helpers import form_fields
from tests.web.test_api import bearer, new_token
from tests.web.test_owner import save, stored
from tests.web.test_permission_matrix import ROUTES
from tests.web.test_register import PAYROLL

# what each round of growth adds (a register record per assessment, a version of the first
# record per new DPO); the demo has 5 people, 4 assessments, a few remarks
BATCH = {"people": 6, "assessments": 6, "remarks": 24, "notifications": 10}


@contextmanager
def counted(app):
    """Statements the database receives inside the block (SQLAlchemy's cursor event)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements(app, send) -> int:
    """The statements of one request, after the same request once uncounted (the first may
    fill the per-process memos; what is compared is the steady state)."""
    with send() as first:  # a streamed body is read to its end, as a browser reads it
        first.get_data()
    assert first.status_code in (200, 302), first.status_code
    with counted(app) as seen, send() as response:
        response.get_data()
    assert response.status_code in (200, 302), response.status_code
    return len(seen)


def autosave(client, app, assessment_id: int, module_id: str):
    """The step's autosave as static/questionnaire.js sends it: the module's answers, one
    text changed, the version the last save answered."""
    count = iter(range(1_000_000))

    def send():
        with app.app_context():
            module = questionnaire_for(db.session.get(Assessment, assessment_id)).module(
                module_id)
            text = next(q for q in module.questions if q.type in ("text", "textarea"))
            data = {}
            for question in module.questions:
                if question.id in (answers := stored(app, assessment_id)):
                    data.update(form_fields(question, answers[question.id]))
            data[text.id] = f"Texte saisi, version {next(count)}"
        return save(client, assessment_id, module_id, data, headers={"X-Autosave": "1"})

    return send


def _counts() -> dict[str, int]:
    return {"comments": db.session.scalar(select(func.count(ReviewComment.id))),
            "files": db.session.scalar(select(func.count(EvidenceFile.id))),
            "notifications": db.session.scalar(select(func.count(Notification.id))),
            "assessments": db.session.scalar(select(func.count(Assessment.id))),
            "users": db.session.scalar(select(func.count(User.id))),
            "records": db.session.scalar(select(func.count(RegisterRecord.id))),
            "record versions": db.session.scalar(select(func.count(RegisterVersion.id)))}


def _new_people(organisation_id: int, count: int, roles: tuple[str, ...]) -> list[User]:
    """`count` colleagues who have written nothing yet, taking the roles in turn."""
    first = db.session.scalar(select(func.count(User.id)))
    people = [User(email=f"colleague{first + n}@demo.riskassess.test",
                   name=f"Collègue {first + n}", role=roles[n % len(roles)],
                   organisation_id=organisation_id, password_hash="!")
              for n in range(count)]
    db.session.add_all(people)
    db.session.flush()
    return people


def _remark(assessment, target: tuple[str, str | None], question_id: str, n: int,
            people: list[User]) -> None:
    """Remark number `n` on `target`, by the n-th of `people`, with the next one's reply and
    an evidence file of the n-th on the question."""
    thread = ReviewComment(assessment_id=assessment.id, author_id=people[n % len(people)].id,
                           body=f"Remarque {n}", revision=assessment.revision,
                           target_type=target[0], target_id=target[1])
    db.session.add(thread)
    db.session.flush()
    db.session.add(ReviewComment(assessment_id=assessment.id, parent_id=thread.id,
                                 author_id=people[(n + 1) % len(people)].id,
                                 body=f"Réponse {n}", revision=assessment.revision,
                                 target_type=target[0], target_id=target[1]))
    db.session.add(EvidenceFile(assessment_id=assessment.id, question_id=question_id,
                                revision=assessment.revision, name=f"preuve-{n}.txt",
                                media_type="text/plain", family="text", size=1,
                                sha256="0" * 64, data=b"x",
                                uploaded_by_id=people[n % len(people)].id))


def _grow(demo) -> dict[str, int]:
    """Add a BATCH of what the demo's pages list or name, written by people new to each page;
    return how many rows of each kind there were before."""
    org = db.session.get(User, demo["users"]["owner"]).organisation_id
    before = _counts()
    people = _new_people(org, BATCH["people"], ("owner", "dpo"))
    owners = [p for p in people if p.role == "owner"]
    made = []
    for n in range(BATCH["assessments"]):
        assessment = service.create(owners[n % len(owners)],
                                    f"Projet de croissance {before['assessments'] + n}", "",
                                    "banking_finance", template_id="bank_fraud")
        service.import_answers(assessment, FRAUD)
        if n % 2:  # for the DPO's queue
            service.submit(assessment.owner, assessment)
        record = register.create(assessment.owner, "controller",
                                 {**PAYROLL, "name": f"Traitement {before['assessments'] + n}"})
        record.assessment_id = assessment.id
        made.append(assessment)
    db.session.flush()
    # remarks and files where people can add them: not on a decided assessment, whose
    # review is frozen (rows added there would be tampering, which its pages report)
    shown = db.session.scalars(select(Assessment).where(
        Assessment.id.in_(list(demo["assessments"].values())),
        Assessment.status.not_in(("approved", "archived")))).all()
    for n in range(BATCH["remarks"]):
        assessment = shown[n % len(shown)]
        questionnaire = questionnaire_for(assessment)
        module = questionnaire.modules[n % len(questionnaire.modules)]
        question = module.questions[n % len(module.questions)]
        target = (("question", question.id), ("module", module.id), ("assessment", None))[n % 3]
        _remark(assessment, target, question.id, n, people)
    first_record = db.session.scalar(select(RegisterRecord).order_by(RegisterRecord.id))
    for person in people:  # the first record's history, changed by each new DPO
        if person.role == "dpo":
            register.update(person, first_record, {**PAYROLL, "name": first_record.name,
                                                   "service": f"Service {person.id}"},
                            first_record.version)
    for user_id in demo["users"].values():
        for n in range(BATCH["notifications"]):
            db.session.add(Notification(user_id=user_id, kind="remark",
                                        assessment_id=made[n % len(made)].id,
                                        actor_id=people[n % len(people)].id,
                                        link=f"/assessments/{made[n % len(made)].id}",
                                        details={"title": "Projet"}))
    db.session.commit()
    return before


def _actions(demo, in_app, client, app) -> dict[str, dict[str, object]]:
    """By role, the requests of benchmarks/mixed_load.py's plan for that role, by name."""
    ids = demo["assessments"]

    def module_of(assessment_id):
        questionnaire = questionnaire_for(db.session.get(Assessment, assessment_id))
        return max(questionnaire.modules, key=lambda m: len(m.questions)).id

    draft_module = in_app(lambda: module_of(ids["draft"]))
    submitted_module = in_app(lambda: module_of(ids["submitted"]))
    pages = {"/assessments", "/assessments?status=submitted", "/assessments?sort=risk",
             "/assessments?q=fraude", "/notifications/unread.json", "/register"}
    by_role = {
        "owner": {f"/assessments/{ids['approved']}", f"/assessments/{ids['approved']}/report.pdf",
                  f"/assessments/{ids['draft']}/modules/{draft_module}", "/notifications",
                  "/actions", *pages},
        "dpo": {f"/assessments/{ids['submitted']}", "/review", "/dashboard", "/approved",
                f"/assessments/{ids['submitted']}/modules/{submitted_module}", *pages},
        "auditor": {f"/assessments/{ids['approved']}", "/audit", "/approved",
                    "/approved?q=fraude", "/register"},
    }
    actions = {role: {f"GET {path}": (lambda path=path: client.get(path)) for path in paths}
               for role, paths in by_role.items()}
    actions["owner"]["autosave"] = autosave(client, app, ids["draft"], "context")
    actions["dpo"]["comment"] = lambda: post(
        client, f"/assessments/{ids['submitted']}/comments",
        {"target": "assessment:", "body": "Point à revoir avant la suite."})
    return actions


@pytest.mark.parametrize("role", ["owner", "dpo", "auditor"])
def test_page_actions_send_no_more_statements_with_three_times_the_data(
        app, client, demo, in_app, as_role, role):
    actions = _actions(demo, in_app, client, app)[role]
    as_role(role)
    base = in_app(_counts)
    in_app(lambda: _grow(demo))  # the first strangers: a page may now load people at all
    doubled = {name: statements(app, send) for name, send in actions.items()}
    in_app(lambda: _grow(demo))
    grown = in_app(_counts)
    assert all(grown[kind] >= 3 * base[kind] for kind in base), (base, grown)
    tripled = {name: statements(app, send) for name, send in actions.items()}
    changed = {name: (doubled[name], tripled[name]) for name in actions
               if tripled[name] > doubled[name]}
    assert not changed, changed


def test_the_assessment_page_reads_no_frozen_profile(app, client, demo, as_role):
    """The page compares the live rows with the frozen answers and review only: the frozen
    profile (128 KB of JSON for the demo's approved assessment) is left in the database."""
    as_role("owner")
    path = f"/assessments/{demo['assessments']['approved']}"
    with counted(app) as seen:
        assert client.get(path).status_code == 200
    versions = [s for s in seen if "FROM assessment_version" in s]
    assert versions, "the page no longer reads the frozen version at all"
    assert not [s for s in seen if "assessment_version.profile" in s], versions


ROLES = ("owner", "dpo", "decider", "auditor", "admin")
# pages of the matrix that open only on data the matrix makes for them
NOT_ON_THE_DEMO = {"invitations.accept", "password.choose"}


def _matrix_pages() -> dict[str, dict[str, str]]:
    """Every page of the permission matrix (tests/web/test_permission_matrix.py) whose address
    names at most the demo's assessments, by the first of ROLES allowed to open it."""
    pages: dict[str, dict[str, str]] = {}
    for endpoint, (method, template, _data, allowed) in sorted(ROUTES.items()):
        fields = {name for _text, name, _spec, _conv in Formatter().parse(template) if name}
        role = next((r for r in ROLES if r in allowed), None)
        if method == "GET" and role and fields <= {"draft", "submitted", "approved", "record"} \
                and endpoint not in NOT_ON_THE_DEMO:
            pages.setdefault(role, {})[endpoint] = template
    return pages


@pytest.mark.parametrize("role", sorted(_matrix_pages()))
def test_every_page_sends_no_more_statements_with_three_times_the_data(
        app, client, demo, in_app, as_role, role):
    as_role(role)
    in_app(lambda: _grow(demo))
    record = in_app(lambda: db.session.scalar(select(func.min(RegisterRecord.id))))
    pages = {endpoint: template.format(**demo["assessments"], record=record)
             for endpoint, template in _matrix_pages()[role].items()}
    doubled = {e: statements(app, lambda p=p: client.get(p)) for e, p in pages.items()}
    in_app(lambda: _grow(demo))
    tripled = {e: statements(app, lambda p=p: client.get(p)) for e, p in pages.items()}
    changed = {pages[e]: (doubled[e], tripled[e]) for e in pages if tripled[e] > doubled[e]}
    assert not changed, changed


def test_the_api_sends_no_more_statements_with_three_times_the_data(app, client, demo, in_app):
    """The same on the API's routes, read with the DPO's token (the API takes bearer
    tokens only, so the matrix opens none of them with a session)."""
    secret = new_token(in_app, "dpo@demo.riskassess.test")
    pages = {endpoint: template.format(**demo["assessments"])
             for endpoint, (method, template, _data, _allowed) in sorted(ROUTES.items())
             if endpoint.startswith("api.") and method == "GET"}
    assert len(pages) >= 4, pages

    def send(path):
        return lambda: client.get(path, headers=bearer(secret))

    in_app(lambda: _grow(demo))
    doubled = {e: statements(app, send(p)) for e, p in pages.items()}
    in_app(lambda: _grow(demo))
    tripled = {e: statements(app, send(p)) for e, p in pages.items()}
    changed = {pages[e]: (doubled[e], tripled[e]) for e in pages if tripled[e] > doubled[e]}
    assert not changed, changed


def _reviewed(demo, people: int, remarks: int) -> int:
    """A new submitted assessment of the demo owner, with `remarks` remarks, each with its
    reply and an evidence file, by `people` colleagues new to it (half of them DPOs)."""
    owner = db.session.get(User, demo["users"]["owner"])
    colleagues = _new_people(owner.organisation_id, people, ("dpo", "owner"))
    assessment = service.create(owner, f"Projet relu {colleagues[0].id}", "",
                                "banking_finance", template_id="bank_fraud")
    service.import_answers(assessment, FRAUD)
    service.submit(owner, assessment)
    db.session.flush()
    questions = questionnaire_for(assessment).questions
    for n in range(remarks):
        question = questions[n % len(questions)]
        _remark(assessment, ("question", question.id), question.id, n, colleagues)
    db.session.commit()
    return assessment.id


def test_the_opinion_and_the_decision_send_no_more_statements_with_more_remarks(
        app, client, demo, in_app, as_role):
    """Goal 2's approval, guarded the same way: the DPO's opinion and the decider's approval
    of an assessment with three times the remarks, replies, files and people (and more DPOs
    to tell) send no more statements."""
    counts = {}
    for label, people, remarks in (("warm-up", 4, 12), ("once", 4, 12), ("three times", 12, 36)):
        assessment_id = in_app(lambda p=people, r=remarks: _reviewed(demo, p, r))
        as_role("dpo")
        with counted(app) as opinion:
            given = post(client, f"/assessments/{assessment_id}/opinion",
                         {"action": "give_opinion", "opinion": "favourable",
                          "text": "Avis favorable.", "justification": "Vu en réunion."})
        assert given.status_code == 302, given.get_data(as_text=True)[:300]
        as_role("decider")
        with counted(app) as decision:
            decided = post(client, f"/assessments/{assessment_id}/decision",
                           {"action": "approve", "text": "", "justification": "Vu."})
        assert decided.status_code == 302, decided.get_data(as_text=True)[:300]
        counts[label] = (len(opinion), len(decision))
    assert counts["three times"][0] <= counts["once"][0], counts
    assert counts["three times"][1] <= counts["once"][1], counts
