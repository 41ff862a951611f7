"""Serving a stored page after one query, before the ORM loads anything.

A view decorated with `@fast_page` (above `@login_required`) first looks for the page in the
cache (web/page_cache.py): one SELECT reads the logged-in user, their organisation and the
assessment (with its snapshot and whether the user is a co-author), `core.permissions.can_view`
decides on that fresh row exactly as the view would, and the key is built from the same
values the view uses when it stores a page. When any of that is missing — nobody logged in by
session, Flask-Login's session check not passing as is, an inactive user, no access, no page
stored, a session token that is no longer the user's (logged out elsewhere) — the view runs
as usual (and answers 302, 404 or renders).

Under PAGE_CACHE_VERIFY the view also runs every time a page is found here, and must give the
same page: the fast path's permission decision and key are checked by the whole test suite.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

from flask import current_app, g, session
from sqlalchemy import and_, bindparam, exists, select, true
from werkzeug.exceptions import HTTPException

from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.models import Assessment, Organisation, QuestionnaireSnapshot, User
from riskassess.models import assessment_coauthor as coauthor_table
from riskassess.services.users import parse_session_id, same_token
from riskassess.web.page_cache import EXTENSION, cacheable, check_same, page_key, stored_page


def _viewer() -> tuple[int | None, str]:
    """The session's user id and session token, when Flask-Login would accept the session as
    it is (the token is checked against the user's row below)."""
    raw = session.get("_user_id")
    manager = current_app.login_manager
    if raw is None or session.get("_id") != manager._session_identifier_generator():
        return None, ""
    return parse_session_id(raw)


@functools.cache
def _query():
    """Built once (statement building costs more than running it on a warm connection)."""
    u, o = User.__table__, Organisation.__table__
    a, s = Assessment.__table__, QuestionnaireSnapshot.__table__
    is_coauthor = exists().where(and_(coauthor_table.c.assessment_id == a.c.id,
                                      coauthor_table.c.user_id == u.c.id))
    return (
        select(u.c.active, u.c.session_token, u.c.role, u.c.extra_roles, u.c.organisation_id,
               o.c.content_gen.label("org_gen"),
               a.c.organisation_id.label("a_org"), a.c.owner_id, a.c.status, a.c.created_at,
               a.c.content_gen, s.c.sha256, is_coauthor.label("is_coauthor"))
        .select_from(u.join(o, o.c.id == u.c.organisation_id).join(a, true())
                     .outerjoin(s, s.c.id == a.c.snapshot_id))
        .where(u.c.id == bindparam("user_id"), a.c.id == bindparam("assessment_id")))


def _row(user_id: int, assessment_id: int):
    # a connection of its own, returned at once: no ORM session to open and close
    with db.engine.connect() as connection:
        return connection.execute(_query(), {"user_id": user_id,
                                             "assessment_id": assessment_id}).first()


def find(assessment_id: int) -> bytes | None:
    """The stored page for the logged-in user, if they may see the assessment and it is
    there; None lets the view decide."""
    cache = current_app.extensions.get(EXTENSION)
    user_id, token = _viewer() if cache is not None and cacheable() else (None, "")
    if user_id is None:  # (the id came through the bounded <int:…> converter)
        return None
    row = _row(user_id, assessment_id)
    if row is None or not row.active or not same_token(row.session_token, token):
        return None
    organisation = SimpleNamespace(id=row.organisation_id, content_gen=row.org_gen)
    user = SimpleNamespace(id=user_id, role=row.role, organisation_id=row.organisation_id,
                           is_active=row.active,
                           roles=frozenset({row.role, *(row.extra_roles or "").split()}))
    assessment = SimpleNamespace(
        id=assessment_id, organisation_id=row.a_org, owner_id=row.owner_id, status=row.status,
        created_at=row.created_at, content_gen=row.content_gen,
        coauthor_ids={user_id} if row.is_coauthor else set())
    if not permissions.can_view(user, assessment):
        return None
    page = stored_page(cache, page_key(user, organisation, assessment, row.sha256))
    if page is not None:
        g.page_cache_user_id = user_id  # for the request log, which has no ORM user here
        cache.fast_hits += 1
    return page


def fast_page(view):
    """Serve the view's page from the cache when web/page_cache.py has it (see above)."""

    @functools.wraps(view)
    def wrapper(assessment_id: int, **kwargs):
        page = find(assessment_id)
        if page is None:
            return view(assessment_id=assessment_id, **kwargs)
        if current_app.extensions[EXTENSION].verify:
            try:
                full = view(assessment_id=assessment_id, **kwargs)
            except HTTPException as refused:
                raise AssertionError("the fast path served a page the view answers "
                                     f"{refused.code}") from refused
            body, status = full if isinstance(full, tuple) else (full, 200)
            if status != 200 or not isinstance(body, str | bytes):
                raise AssertionError(f"the fast path served a page the view answers {status}")
            check_same(page, body if isinstance(body, str) else body.decode())
        return page

    return wrapper
