"""Page numbers in list URLs (`?page=N`): reading them, and the links to other pages."""

from __future__ import annotations

from flask import abort, request, url_for

from riskassess.services.pagination import MAX_PAGE, Page


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
