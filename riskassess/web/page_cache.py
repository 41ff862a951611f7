"""Rendered assessment pages, kept per process and served again while nothing they show has
changed.

The key holds everything a page depends on: the URL, the language, the viewer (id, role), the
organisation's and the assessment's content generations (raised in the database
by every change they show, riskassess/content_stamp.py, so servers sharing one database never
serve a page from before a change), the assessment's creation time (ids are reused after a
restore into an empty database), the questionnaire catalogue and the day. A page is stored
with its CSRF token cut out and gets the viewer's token on every serving; pages carrying
flashed messages are neither served from nor stored in the cache; only GETs are cached.

With PAGE_CACHE_VERIFY (the test suite), every page served from the cache is rendered again
and compared: a difference raises StalePageError, so any test that looks at a page twice
checks that the generations cover what it changed in between.
"""

from __future__ import annotations

import difflib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from riskassess.app import select_locale  # the language Babel gives this request
from riskassess.content_stamp import CHANGED
from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.services.catalogue import current as current_catalogue

EXTENSION = "page_cache"
SIGNED_TOKENS = 4096
_SIGNED: dict[tuple, str] = {}
_SIGNED_LOCK = threading.Lock()


class StalePageError(AssertionError):
    """A page served from the cache differs from the page rendered now."""


class PageCache:
    """A bounded, thread-safe LRU of pages, each kept as the pieces around its CSRF token."""

    def __init__(self, entries: int, verify: bool = False) -> None:
        self.entries = entries
        self.verify = verify
        self._pages: OrderedDict[tuple, list[bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.fast_hits = 0  # served by web/page_fast.py, before the ORM

    def get(self, key: tuple) -> list[bytes] | None:
        with self._lock:
            parts = self._pages.get(key)
            if parts is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return parts

    def clear(self) -> None:
        """Forget every page (the test suite, after restoring a saved database)."""
        with self._lock:
            self._pages.clear()

    def put(self, key: tuple, parts: list[bytes]) -> None:
        with self._lock:
            self._pages[key] = parts
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def install(app) -> None:
    entries = int(app.config.get("PAGE_CACHE_ENTRIES", 128))
    if entries > 0:
        app.extensions[EXTENSION] = PageCache(entries, bool(app.config.get("PAGE_CACHE_VERIFY")))


def cacheable() -> bool:
    """Only GETs without a query string (these pages read none: a query string would only
    make new entries), and never a page carrying flashed messages (shown once)."""
    return (request.method == "GET" and not request.query_string
            and not session.get("_flashes"))


def page_key(user: Any, organisation: Any, assessment: Any, snapshot_sha: str | None) -> tuple:
    """Everything a page of `assessment` seen by `user` depends on (ORM objects or the rows
    of web/page_fast.py: same attributes, same values). The viewer's name and e-mail and the
    organisation's name are not in it: any change to them raises the organisation's
    generation (content_stamp.py)."""
    return (request.full_path, select_locale(),
            user.id, tuple(sorted(permissions.roles_of(user))),
            organisation.id, organisation.content_gen,
            assessment.id, assessment.created_at, assessment.content_gen, snapshot_sha,
            current_catalogue().sha256, datetime.now(UTC).date())


def viewer_token() -> str:
    """This request's CSRF token, as Flask-WTF's generate_csrf() gives it. While tokens do not
    expire (WTF_CSRF_TIME_LIMIT None, the default here) a signed token stays valid as long as
    the session's raw token, so it is signed once per raw token and process rather than on
    every request; generate_csrf() then returns the same token for the rest of the request."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")  # its name in session and g
    raw = session.get(field)
    if raw is None or config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    signed_with = (raw, config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key)
    with _SIGNED_LOCK:
        token = _SIGNED.get(signed_with)
    if token is None:
        token = generate_csrf()
        with _SIGNED_LOCK:
            if len(_SIGNED) >= SIGNED_TOKENS:
                _SIGNED.clear()
            _SIGNED[signed_with] = token
    setattr(g, field, token)  # where generate_csrf() keeps it for the request
    return token


def stored_page(cache: PageCache, key: tuple) -> bytes | None:
    """The page stored under `key`, with this viewer's CSRF token, if there is one."""
    parts = cache.get(key)
    return None if parts is None else viewer_token().encode().join(parts)


def cached_page(assessment: Any, render: Callable[[], str]) -> str | bytes:
    """The page of `assessment` that `render` makes, from the cache when it is there."""
    cache: PageCache | None = current_app.extensions.get(EXTENSION)
    if cache is None or not cacheable() or db.session.info.get(CHANGED):
        return render()
    snapshot = assessment.snapshot
    key = page_key(current_user, current_user.organisation, assessment,
                   snapshot.sha256 if snapshot is not None else None)
    page = stored_page(cache, key)
    if page is not None:
        if cache.verify:
            check_same(page, render())
        return page
    rendered = render()
    # kept encoded: serving then costs a copy, not the UTF-8 encoding of the whole page
    cache.put(key, rendered.encode().split(generate_csrf().encode()))
    return rendered


def check_same(cached: bytes, fresh: str) -> None:
    if cached != fresh.encode():
        diff = "\n".join(difflib.unified_diff(
            fresh.splitlines(), cached.decode().splitlines(), "rendered now", "from the cache",
            n=1, lineterm=""))
        raise StalePageError(f"{request.path}: the cached page is stale\n{diff[:4000]}")
