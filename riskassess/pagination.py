"""Lists shown a page at a time, in one place: the query side (LIMIT/OFFSET on an indexed
order, one row more than the page to know whether a next page exists, no COUNT over the whole
table), used by the services that list, and the URL side (`?page=N` read and bounded, links to
the other pages), used by the views and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, request, url_for
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

def page_number(name: str = "page") -> int:
    """The page asked for (1 when absent); 404 for anything but a number from 1 to MAX_PAGE."""
    raw = request.args.get(name, "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def found(page: Page) -> Page:
    """The page, or 404 when it lies beyond the last one."""
    if page.out_of_range:
        abort(404)
    return page


def query_args(*leave_out: str) -> dict[str, list[str]]:
    """The request's query parameters to carry into another URL: never url_for's own options
    (_external, _scheme, _anchor, _method), which would change the link or break it."""
    return {k: v for k, v in request.args.to_dict(flat=False).items()
            if k not in leave_out and not k.startswith("_")}


def page_url(number: int, name: str = "page") -> str:
    """The current URL with page `number` in parameter `name`, the other parameters kept."""
    params = {**request.view_args, **query_args(name)}
    if number > 1:
        params[name] = number
    return url_for(request.endpoint, **params)
