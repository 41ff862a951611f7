"""Paginated lists: the assessments index, the DPO's queue, the approved list and the audit
trail show the right rows in order, page by page, with links; pages beyond the last are 404;
and the permission rules applied in SQL (services/lists.py) give exactly what
`permissions.can_view` gives, for every persona."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from riskassess.core import permissions
from riskassess.core.workflow import Status
from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, User, assessment_coauthor
from riskassess.pagination import PAGE_SIZE
from riskassess.services import audit, audit_view, lists, users
from riskassess.services.assessments import visible_to
from tests.conftest import EMAILS, PASSWORD, login

PERSONAS = {**EMAILS, "coauthor": "coauthor@demo.riskassess.test",
            "other_owner": "owner@other.test", "other_dpo": "dpo@other.test",
            "other_auditor": "auditor@other.test", "inactive_dpo": "gone@demo.riskassess.test"}
S = Status
PATTERN = [S.DRAFT, S.SUBMITTED, S.APPROVED, S.CHANGES_REQUESTED, S.APPROVED, S.RESUBMITTED,
           S.APPROVED, S.REJECTED, S.APPROVED, S.ARCHIVED]
CROWD = 130  # several pages in every list: 52 approved, 26 pending, 91 others, 13 drafts
BULK_EVENTS = 60


@pytest.fixture
def crowd(in_app, demo):
    """The demo plus CROWD assessments of every status (some co-authored, some sharing their
    time of last change), another organisation's (one of them linked to the demo co-author), a
    co-author and an inactive DPO, and extra audit events."""

    def load():
        owner = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
        coauthor = users.create_user(PERSONAS["coauthor"], "Co Auteur", "owner",
                                     "Démo Banque & Santé", PASSWORD)
        gone = users.create_user(PERSONAS["inactive_dpo"], "Ancien DPO", "dpo",
                                 "Démo Banque & Santé", PASSWORD)
        gone.active = False
        other = {role: users.create_user(f"{role}@other.test", role, role, "Autre SA", PASSWORD)
                 for role in ("owner", "dpo", "auditor")}
        base = datetime(2026, 1, 1, tzinfo=UTC)
        rows = []
        for i in range(CROWD):
            mine = i % 4 != 0
            rows.append(dict(
                title=f"Évaluation {i:03d}", description="", sector="other",
                organisation_id=owner.organisation_id, owner_id=(owner if mine else coauthor).id,
                status=str(PATTERN[i % len(PATTERN)]), questionnaire_id="aipd",
                questionnaire_version=1, revision=1, version=1, data_subjects_sought=False,
                created_at=base, updated_at=base + timedelta(minutes=i // 2)))  # ties: id order
        for i in range(9):
            rows.append(dict(
                title=f"Autre {i}", description="", sector="other",
                organisation_id=other["owner"].organisation_id, owner_id=other["owner"].id,
                status=str(PATTERN[i % len(PATTERN)]), questionnaire_id="aipd",
                questionnaire_version=1, revision=1, version=1, data_subjects_sought=False,
                created_at=base, updated_at=base + timedelta(minutes=i)))
        db.session.execute(insert(Assessment), rows)
        ids = db.session.scalars(select(Assessment.id).where(
            Assessment.owner_id == owner.id, Assessment.title.like("Évaluation%"))).all()
        coauthored = [{"assessment_id": i, "user_id": coauthor.id} for i in ids[::5]]
        foreign = db.session.scalar(select(Assessment.id).where(  # never shown to the co-author
            Assessment.organisation_id == other["owner"].organisation_id))
        coauthored.append({"assessment_id": foreign, "user_id": coauthor.id})
        db.session.execute(insert(assessment_coauthor), coauthored)
        target = db.session.get(Assessment, ids[0])
        for n in range(BULK_EVENTS):
            audit.record(owner, "test.bulk", target, n=n)
        db.session.commit()

    in_app(load)


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def python_list(viewer: User, statuses=None) -> list[int]:
    """The reference: every assessment, filtered by permissions.can_view, newest first."""
    rows = [a for a in db.session.scalars(select(Assessment))
            if permissions.can_view(viewer, a) and (not statuses or a.status in statuses)]
    return [a.id for a in sorted(rows, key=lambda a: (a.updated_at, a.id), reverse=True)]


STATUS_SETS = [None, lists.PENDING, lists.NOT_PENDING, ("approved",), ("draft",)]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_sql_filtering_equals_can_view_for_every_persona(crowd, in_app, persona):
    def compare():
        viewer = user(PERSONAS[persona])
        for statuses in STATUS_SETS:
            expected = python_list(viewer, statuses)
            in_sql = db.session.scalars(lists.visible_query(viewer, statuses)).all()
            assert [a.id for a in in_sql] == expected, (persona, statuses)
            assert [a.id for a in visible_to(viewer, statuses)] == expected, (persona, statuses)
            paged, number = [], 1
            while True:
                page = lists.page_of(viewer, number, statuses)
                assert len(page.items) <= PAGE_SIZE
                paged += [a.id for a in page.items]
                if not page.has_next:
                    break
                number += 1
            assert paged == expected, (persona, statuses)
        return len(python_list(viewer))

    seen = in_app(compare)
    assert seen == 0 if persona.startswith("inactive") else seen > 0


def ids_on(page_html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/assessments/(\d+)"', page_html)]


def link(page_html: str, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', page_html)
    return html.unescape(match.group(1)) if match else None


def walk(client, url: str, part=lambda text: text, read=ids_on, size: int = PAGE_SIZE
         ) -> tuple[list, list[str]]:
    """Follow the "older" links from `url`; the rows of every page and the URLs visited."""
    rows, urls = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        text = part(response.get_data(as_text=True))
        found = read(text)
        assert 0 < len(found) <= size or not rows, url
        rows += found
        urls.append(url)
        if len(urls) > 1:
            assert link(text, "prev"), url  # every page after the first links back
        url = link(text, "next")
    return rows, urls


def expected(in_app, persona: str, statuses=None) -> list[int]:
    return in_app(lambda: python_list(user(PERSONAS[persona]), statuses))


@pytest.mark.parametrize("persona", ["owner", "coauthor", "admin", "other_owner"])
def test_assessments_index_pages(client, crowd, in_app, persona):
    login(client, PERSONAS[persona])
    rows, urls = walk(client, "/assessments")
    assert rows == expected(in_app, persona)
    if len(rows) > PAGE_SIZE:
        assert urls[1] == "/assessments?page=2"


def test_review_queue_pages_both_lists(client, crowd, in_app):
    login(client, PERSONAS["dpo"])
    pending, urls = walk(client, "/review", part=lambda t: t.split("<h2>")[0])
    assert pending == expected(in_app, "dpo", lists.PENDING)
    assert len(urls) == 2 and urls[1] == "/review?page=2"
    others, urls = walk(client, "/review?page=2", part=lambda t: t.split("<h2>")[1])
    assert others == expected(in_app, "dpo", lists.NOT_PENDING)
    assert len(urls) > 2 and urls[2] == "/review?page=2&others_page=3"
    assert not set(pending) & set(others)


@pytest.mark.parametrize("persona", ["auditor", "dpo", "admin", "other_auditor"])
def test_approved_list_pages(client, crowd, in_app, persona):
    login(client, PERSONAS[persona])
    rows, _urls = walk(client, "/approved")
    assert rows == expected(in_app, persona, ("approved",))


def test_audit_trail_pages_keep_the_filters(client, crowd, in_app):
    def events(action=None):
        query = select(AuditEvent.seq).where(
            AuditEvent.organisation_id == user(EMAILS["dpo"]).organisation_id)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(db.session.scalars(query.order_by(AuditEvent.seq.desc())))

    def seqs(text: str) -> list[int]:
        return [int(s) for s in re.findall(r"<tr><td>(\d+)</td>", text)]

    login(client, PERSONAS["dpo"])
    every, urls = walk(client, "/audit?view=all", read=seqs, size=audit_view.PAGE_SIZE)
    assert every == in_app(events) and len(urls) >= 2
    # the default view leaves logins to a view of their own (web/audit_words.py LOGINS)
    logins = set(in_app(lambda: events("user.login")))
    activity, _urls = walk(client, "/audit", read=seqs, size=audit_view.PAGE_SIZE)
    assert logins and activity == [seq for seq in every if seq not in logins]
    only, _urls = walk(client, "/audit?view=logins", read=seqs, size=audit_view.PAGE_SIZE)
    assert set(only) >= logins and not set(only) & set(activity)
    bulk, urls = walk(client, "/audit?action=test.bulk", read=seqs, size=audit_view.PAGE_SIZE)
    assert bulk == in_app(lambda: events("test.bulk")) and len(bulk) == BULK_EVENTS
    assert urls == ["/audit?action=test.bulk", "/audit?action=test.bulk&page=2"]
    # url_for's own options in the query string are not passed on to the page links
    odd = client.get("/audit?action=test.bulk&_external=1&_scheme=x&_anchor=a&_method=POST")
    assert odd.status_code == 200
    assert link(odd.get_data(as_text=True), "next") == "/audit?action=test.bulk&page=2"


def test_audit_actions_list_equals_distinct(crowd, in_app):
    def compare():
        organisation = user(EMAILS["dpo"]).organisation_id
        distinct_actions = sorted(db.session.scalars(
            select(AuditEvent.action).distinct().where(
                AuditEvent.organisation_id == organisation)))
        assert "test.bulk" in distinct_actions
        assert audit_view.actions(organisation) == distinct_actions
        assert audit_view.actions(10**6) == []

    in_app(compare)


@pytest.mark.parametrize(("persona", "url"), [
    ("owner", "/assessments"), ("dpo", "/review"), ("auditor", "/approved"),
    ("auditor", "/audit"), ("dpo", "/audit?action=test.bulk")])
def test_pages_beyond_the_last_or_malformed_are_not_found(client, crowd, persona, url):
    login(client, PERSONAS[persona])
    glue = "&" if "?" in url else "?"
    for bad in ("page=40", "page=0", "page=-1", "page=abc", "page=", "page=%D9%A3",
                "page=1.5", "page=100001", "page=99999999999999999999"):
        assert client.get(f"{url}{glue}{bad}").status_code == 404, (url, bad)
    if url == "/review":
        assert client.get("/review?others_page=40").status_code == 404


def test_short_lists_have_no_page_links(app, demo):
    for role, url in (("owner", "/assessments"), ("dpo", "/review"), ("auditor", "/approved")):
        client = app.test_client()
        login(client, EMAILS[role])
        text = client.get(url).get_data(as_text=True)
        assert 'class="pager"' not in text, url
        assert ids_on(text), url


def test_an_empty_first_page_is_served(client, crowd):
    login(client, PERSONAS["other_auditor"])
    response = client.get("/audit?action=nothing.here")
    assert response.status_code == 200 and 'class="pager"' not in response.get_data(
        as_text=True)
