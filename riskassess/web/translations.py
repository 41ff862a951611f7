"""The request's translations, found once per request and language rather than at every
message.

Flask-Babel looks up the locale, the domain and its catalogue cache at each message (about
12 µs); a rendered assessment page translated some 1 700 messages (issue 20). Here the
catalogue is kept in `g` beside the locale it is for, so a message costs one locale look-up
and a dictionary access, and `force_locale` (mail in the recipient's language) still gets its
own catalogue. The label dictionaries of riskassess/labels.py hold lazy strings, translated
again at every use: templates get them through `Translated`, which translates each label at
most once per rendering."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flask import Flask, g
from flask_babel import get_locale, get_translations


def translations():
    """The gettext catalogue of the current language."""
    locale = get_locale()
    found = g.get("_translations")
    if found is None or found[0] is not locale:
        found = g._translations = (locale, get_translations())
    return found[1]


class Translated(Mapping):
    """A dictionary of lazy labels whose values are translated on first use, then kept."""

    def __init__(self, source: Mapping) -> None:
        self._source = source
        self._done: dict[Any, str] = {}

    def __getitem__(self, key: Any) -> str:
        try:
            return self._done[key]
        except KeyError:
            value = self._done[key] = str(self._source[key])
            return value

    def __iter__(self) -> Iterator:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)


def install(app: Flask) -> None:
    """Templates' `_()`, `ngettext()`… through the request's catalogue (the callables that
    Flask-Babel installs, with the catalogue looked up once)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
