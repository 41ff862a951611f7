"""The page cache (web/page_cache.py, web/page_fast.py) and the content generations that key it
(content_stamp.py): pages come from the cache while nothing they show has changed, and never
after a change, whoever made it and on whichever server.

The whole suite runs with PAGE_CACHE_VERIFY, which renders every cached page again and compares
it; these tests check the cache is really used, name each kind of change explicitly, and show
that the verification does catch a change the generations miss.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, update

from riskassess import create_app
from riskassess.extensions import db
from riskassess.models import Assessment, Organisation, User, assessment_coauthor
from riskassess.services import admin, users
from riskassess.web.page_cache import EXTENSION, PageCache, StalePageError
from tests.conftest import EMAILS, PASSWORD, TEST_AUDIT_KEYS, login, post

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def hits(app) -> int:
    return app.extensions[EXTENSION].hits


def fast_hits(app) -> int:
    """Pages served by the fast path (web/page_fast.py): its key equals the one the view
    stored the page under, and its own access check let the viewer in."""
    return app.extensions[EXTENSION].fast_hits


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def signed_in(app, role: str):
    client = app.test_client()
    login(client, EMAILS[role])
    client.get("/", follow_redirects=True)  # shows (and so consumes) the welcome message
    return client


def generations(in_app, assessment_id: int) -> tuple[int, int]:
    return in_app(lambda: tuple(db.session.execute(
        db.select(Assessment.version, Assessment.content_gen)
        .where(Assessment.id == assessment_id)).one()))


def test_a_page_seen_again_comes_from_the_cache_with_a_working_csrf_token(app, demo, in_app):
    draft = demo["assessments"]["draft"]
    owner = signed_in(app, "owner")
    url = f"/assessments/{draft}/modules/context"
    first = page(owner, url)
    before = fast_hits(app)
    second = page(owner, url)
    assert fast_hits(app) == before + 1
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    token = TOKEN.search(second).group(1)
    version = generations(in_app, draft)[0]
    saved = owner.post(url, data={"csrf_token": token, "version": str(version),
                                  "ctx_purposes": "Finalité modifiée depuis une page en cache"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:300]
    assert "Finalité modifiée depuis une page en cache" in page(owner, url)


def test_each_session_gets_its_own_csrf_token_in_a_cached_page(app, demo):
    draft = demo["assessments"]["draft"]
    url = f"/assessments/{draft}/modules/context"
    first, second = signed_in(app, "owner"), signed_in(app, "owner")
    page(first, url)
    before = fast_hits(app)
    mine, theirs = TOKEN.search(page(first, url)), TOKEN.search(page(second, url))
    assert fast_hits(app) == before + 2
    assert mine.group(1) != theirs.group(1)
    refused = second.post(f"/assessments/{draft}/comments",
                          data={"csrf_token": mine.group(1), "body": "x"})
    assert refused.status_code == 400


def test_every_review_action_shows_at_once_on_a_cached_page(app, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    dpo = signed_in(app, "dpo")
    url = f"/assessments/{submitted}"
    page(dpo, url)
    page(dpo, url)  # now in the cache
    actions = [
        ("comments", {"target": "assessment:", "body": "Commentaire vu tout de suite"},
         "Commentaire vu tout de suite"),
        ("evaluations", {"module_id": "context", "status": "to_improve",
                         "comment": "Évaluation vue tout de suite"},
         "Évaluation vue tout de suite"),
        ("data-subjects", None, None),  # owner-only: refused, the page must not change
        ("opinion", {"action": "request_changes", "text": "Demande vue tout de suite"},
         "Demande vue tout de suite"),
    ]
    for action, form, expected in actions:
        if form is None:
            assert post(dpo, f"{url}/{action}", {"sought": "yes"}).status_code == 403
            continue
        assert post(dpo, f"{url}/{action}", form).status_code == 302
        page(dpo, url)  # the page with the flashed message: not cached
        shown = page(dpo, url)
        assert expected in shown, action
        before = fast_hits(app)
        assert TOKEN.sub("", page(dpo, url)) == TOKEN.sub("", shown)
        assert fast_hits(app) == before + 1  # and cached again


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


def test_names_of_other_users_and_of_the_organisation_are_never_stale(app, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    dpo = signed_in(app, "dpo")
    assert post(dpo, f"/assessments/{submitted}/comments",
                {"target": "assessment:", "body": "Signé par le DPO"}).status_code == 302
    owner = signed_in(app, "owner")
    url = f"/assessments/{submitted}"
    assert "Dominique Leroy" in page(owner, url)
    page(owner, url)

    def rename(model, key, name):
        def run():
            db.session.get(model, key).name = name
            db.session.commit()
        in_app(run)

    rename(User, demo["users"]["dpo"], "Dominique Renommée")
    shown = page(owner, url)
    assert "Dominique Renommée" in shown and "Dominique Leroy" not in shown
    page(owner, url)
    organisation_id = in_app(lambda: db.session.get(User, demo["users"]["owner"])
                             .organisation_id)
    rename(Organisation, organisation_id, "Organisation renommée")
    assert "Organisation renommée" in page(owner, url)


@pytest.fixture
def second_server(app):
    """Another application on the same database, as another app server would be; without
    the suite's verification, so that the fast path alone answers what it finds."""
    servers = []

    def start(**config):
        other = create_app({"TESTING": True, "AUDIT_KEYS": TEST_AUDIT_KEYS,
                            "SECRET_KEY": "test-secret-key",
                            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                            **config})
        servers.append(other)
        return other

    yield start
    for other in servers:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_co_authors_lose_access_at_once_even_to_a_page_cached_for_them(second_server, demo,
                                                                         in_app):
    draft = demo["assessments"]["draft"]
    app = second_server()

    def add():
        owner = db.session.get(User, demo["users"]["owner"])
        users.create_user("coauthor@demo.riskassess.test", "Claude Coauteur", "owner",
                          owner.organisation.name, PASSWORD)
        admin.add_coauthor(owner, db.session.get(Assessment, draft),
                           "coauthor@demo.riskassess.test")
        return db.session.scalar(db.select(User.id).where(User.name == "Claude Coauteur"))

    coauthor_id = in_app(add)
    coauthor = app.test_client()
    login(coauthor, "coauthor@demo.riskassess.test")
    coauthor.get("/", follow_redirects=True)
    url = f"/assessments/{draft}"
    page(coauthor, url)
    page(coauthor, url)
    assert fast_hits(app) == 1

    def remove():
        owner = db.session.get(User, demo["users"]["owner"])
        admin.remove_coauthor(owner, db.session.get(Assessment, draft), coauthor_id)

    in_app(remove)
    assert coauthor.get(url).status_code == 404
    in_app(lambda: admin.add_coauthor(db.session.get(User, demo["users"]["owner"]),
                                      db.session.get(Assessment, draft),
                                      "coauthor@demo.riskassess.test"))
    page(coauthor, url)
    page(coauthor, url)
    assert fast_hits(app) == 2

    def remove_behind_the_back():  # no flush, no generation: access is still decided afresh
        db.session.execute(delete(assessment_coauthor))
        db.session.commit()

    in_app(remove_behind_the_back)
    assert coauthor.get(url).status_code == 404
    assert fast_hits(app) == 2
    in_app(lambda: admin.add_coauthor(db.session.get(User, demo["users"]["owner"]),
                                      db.session.get(Assessment, draft),
                                      "coauthor@demo.riskassess.test"))
    page(coauthor, url)
    page(coauthor, url)

    def deactivate():
        db.session.get(User, coauthor_id).active = False
        db.session.commit()

    in_app(deactivate)
    response = coauthor.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_pages_are_cached_per_viewer_and_per_language(app, demo):
    submitted = demo["assessments"]["submitted"]
    url = f"/assessments/{submitted}"
    owner, dpo = signed_in(app, "owner"), signed_in(app, "dpo")
    for client in (owner, dpo, owner, dpo):
        page(client, url)
    assert "Camille Martin" in page(owner, url) and "Camille Martin (" not in page(dpo, url)
    assert "Dominique Leroy (" in page(dpo, url)
    assert "Se déconnecter" in page(owner, url)
    assert post(owner, "/language", {"lang": "en", "next": url}).status_code == 302
    english = page(owner, url)
    assert "Log out" in english and "Se déconnecter" not in english
    assert "Se déconnecter" in page(dpo, url)


def test_flashed_messages_are_shown_once_and_never_cached(app, demo, in_app):
    draft = demo["assessments"]["draft"]
    owner = signed_in(app, "owner")
    url = f"/assessments/{draft}/modules/context"
    page(owner, url)
    version = generations(in_app, draft)[0]
    response = post(owner, url, {"version": str(version), "ctx_purposes": "Une finalité"},
                    follow_redirects=True)
    assert "Réponses enregistrées." in response.get_data(as_text=True)
    for _ in range(2):
        assert "Réponses enregistrées." not in page(owner, url)


def test_another_server_on_the_same_database_never_serves_a_stale_page(app, demo,
                                                                         second_server):
    submitted = demo["assessments"]["submitted"]
    url = f"/assessments/{submitted}"
    other = second_server()
    there = signed_in(other, "dpo")
    page(there, url)
    page(there, url)
    assert hits(other) > 0
    here = signed_in(app, "dpo")
    assert post(here, f"{url}/comments", {"target": "assessment:",
                                          "body": "Écrit sur l'autre serveur"}
                ).status_code == 302
    assert "Écrit sur l&#39;autre serveur" in page(there, url)


def test_the_verification_catches_a_change_the_generations_do_not_cover(app, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    owner = signed_in(app, "owner")
    url = f"/assessments/{submitted}"
    page(owner, url)

    def behind_the_back():  # a bulk UPDATE: no ORM flush, so no generation raised
        db.session.execute(update(Assessment).where(Assessment.id == submitted)
                           .values(title="Titre changé en douce"))
        db.session.commit()

    in_app(behind_the_back)
    with pytest.raises(StalePageError, match="Titre changé en douce"):
        owner.get(url)


def test_pages_with_a_query_string_are_not_cached(app, demo):
    owner = signed_in(app, "owner")
    url = f"/assessments/{demo['assessments']['draft']}?x=1"
    before = app.extensions[EXTENSION].misses, fast_hits(app)
    page(owner, url)
    page(owner, url)
    assert (app.extensions[EXTENSION].misses, fast_hits(app)) == before


def test_the_cache_keeps_only_its_most_recently_used_pages():
    cache = PageCache(entries=2)
    for key in ("a", "b", "c"):
        cache.put((key,), [key.encode()])
    assert cache.get(("a",)) is None
    assert cache.get(("b",)) == [b"b"]
    cache.put(("d",), [b"d"])
    assert cache.get(("c",)) is None and cache.get(("b",)) == [b"b"]


def test_no_cache_when_disabled(demo, second_server):
    disabled = second_server(PAGE_CACHE_ENTRIES=0)
    assert EXTENSION not in disabled.extensions
    client = signed_in(disabled, "owner")
    url = f"/assessments/{demo['assessments']['draft']}"
    assert TOKEN.sub("", page(client, url)) == TOKEN.sub("", page(client, url))


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
