"""Pages of a query: LIMIT/OFFSET on an indexed order, one row more than the page to know
whether a next page exists (no COUNT over the whole table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from riskassess.extensions import db

PAGE_SIZE = 25
MAX_PAGE = 100_000  # beyond this a page number is refused (and cannot overflow OFFSET)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def out_of_range(self) -> bool:
        """A page after the first with nothing on it (the view answers 404)."""
        return self.number > 1 and not self.items


def paginate(query: Select, number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1) of `query`, which must already be ordered."""
    if not 1 <= number <= MAX_PAGE:
        raise ValueError(f"page number out of range: {number}")
    rows = db.session.scalars(query.offset((number - 1) * size).limit(size + 1)).all()
    return Page(items=list(rows[:size]), number=number, size=size, has_next=len(rows) > size)
