"""Risk profiles kept per process, keyed on the content generations.

A profile depends on the assessment's answers, follow-ups, counted measurements and the DPO's
adjustments (rows carrying its `assessment_id`, which raise its `content_gen`), on the
names of the organisation's users (which raise the organisation's `content_gen`) and on the
questionnaire content (its sha256): riskassess/content_generation.py. The key holds all of them and
the assessment's creation time (ids are reused after a restore into an empty database), so a
profile computed once is served again until one of them changes, on any server sharing the
database. A session holding changes not yet committed (new, changed or deleted objects, or a
flush that raised a generation the loaded objects do not show) never reads nor fills it.
With PROFILE_MEMO_VERIFY (the test suite) every profile served from it is computed again
and compared, so that any change the generations miss fails the test that made it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import current_app

from riskassess.content_generation import CHANGED
from riskassess.extensions import db
from riskassess.models import Assessment

if TYPE_CHECKING:
    from riskassess.core.risk_profile import Profile

EXTENSION = "profile_memo"
ENTRIES = 256


class StaleProfileError(AssertionError):
    """Under PROFILE_MEMO_VERIFY (the test suite), a kept profile differs from a fresh one."""


class ProfileMemo:
    """A bounded, thread-safe LRU of profiles."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._profiles: OrderedDict[tuple, Profile] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, key: tuple) -> Profile | None:
        with self._lock:
            found = self._profiles.get(key)
            if found is not None:
                self._profiles.move_to_end(key)
                self.hits += 1
            return found

    def put(self, key: tuple, profile: Profile) -> None:
        with self._lock:
            self._profiles[key] = profile
            self._profiles.move_to_end(key)
            while len(self._profiles) > self.entries:
                self._profiles.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._profiles.clear()


def install(app) -> None:
    app.extensions[EXTENSION] = ProfileMemo()


def _key(assessment: Assessment) -> tuple | None:
    session = db.session
    if session.info.get(CHANGED) or session.new or session.dirty or session.deleted:
        return None
    if assessment.id is None or assessment.content_gen is None:
        return None
    from riskassess.services.catalogue import current as current_catalogue

    organisation = assessment.organisation
    return (assessment.id, assessment.created_at, assessment.content_gen,
            assessment.organisation_id, organisation.content_gen,
            current_catalogue().sha256)


def memoised(assessment: Assessment, compute: Callable[[], Profile]) -> Profile:
    """The assessment's profile from the memo when its content has not changed since."""
    memo = current_app.extensions.get(EXTENSION)
    key = _key(assessment) if memo is not None else None
    if key is None:
        return compute()
    found = memo.get(key)
    if found is None:
        found = compute()
        memo.put(key, found)
    elif current_app.config.get("PROFILE_MEMO_VERIFY") and compute() != found:
        raise StaleProfileError(f"assessment {assessment.id}: the kept profile differs from "
                                "the one computed now; the content generations miss a change")
    return found
