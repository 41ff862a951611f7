"""Remarks as threads: a DPO's or an owner's comment on a question, a module, a risk or the
whole assessment, its replies, and its state.

* open: nobody but its author has written in the thread yet;
* answered: someone else (the owner answering the DPO, or the reverse) has replied;
* resolved: the DPO closed it.

Pure functions over comment-like objects (`id`, `parent_id`, `author_id`, `kind`, `revision`,
`target_type`, `target_id`, `resolved_at`), so that pages, the report and tests share one
reading. Decision texts (sent back, approved, rejected) are not remarks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

STATES = ("open", "answered", "resolved")


@dataclass(frozen=True)
class Thread:
    root: Any
    replies: tuple[Any, ...]

    @cached_property  # read several times per thread on a page; a thread is built per page
    def state(self) -> str:
        if self.root.resolved_at is not None:
            return "resolved"
        if any(r.author_id != self.root.author_id for r in self.replies):
            return "answered"
        return "open"

    @property
    def target(self) -> tuple[str, str | None]:
        return self.root.target_type, self.root.target_id


def threads(comments: Iterable[Any], revision: int) -> list[Thread]:
    """The remark threads of one revision, oldest first, each with its replies in order."""
    current = [c for c in comments if c.revision == revision]
    replies: dict[int, list[Any]] = {}
    for comment in current:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [Thread(c, tuple(replies.get(c.id, ()))) for c in current
            if c.parent_id is None and c.kind == "comment"]


def by_target(found: Iterable[Thread]) -> dict[tuple[str, str | None], list[Thread]]:
    grouped: dict[tuple[str, str | None], list[Thread]] = {}
    for thread in found:
        grouped.setdefault(thread.target, []).append(thread)
    return grouped


def unresolved(found: Iterable[Thread]) -> list[Thread]:
    return [t for t in found if t.state != "resolved"]


def unresolved_by_module(found: Iterable[Thread], module_of: Callable[[str], Any]
                         ) -> dict[str, int]:
    """How many unresolved threads concern each module, itself or one of its questions
    (`module_of` gives a question's module, or None)."""
    counts: dict[str, int] = {}
    for thread in unresolved(found):
        kind, ident = thread.target
        module = ident if kind == "module" else \
            getattr(module_of(ident or ""), "id", None) if kind == "question" else None
        if module is not None:
            counts[module] = counts.get(module, 0) + 1
    return counts
