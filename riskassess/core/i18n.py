"""Translated content: the languages the product speaks and a text in each of them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Text:
    """A piece of content in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr

    def format(self, **values: object) -> Text:
        """Both languages with `{name}` replaced by the same values (numbers, names)."""
        return Text(fr=self.fr.format(**values), en=self.en.format(**values))

    def __add__(self, other: Text) -> Text:
        return Text(fr=self.fr + other.fr, en=self.en + other.en)


# The French of texts written in code comes from the interface's catalogue (gettext, one
# translation system): the English is the message, a context keeps it apart from the
# interface's own strings (pgettext). Read with the standard library: the core needs no Flask.
CATALOGUE = Path(__file__).parents[1] / "translations" / "fr" / "LC_MESSAGES" / "messages.mo"


log = logging.getLogger("riskassess.i18n")


class _Missing(NullTranslations):
    """What the catalogue falls back on for a text it lacks: the English, and one warning in
    the log per text (the catalogue test fails on it too; a running instance says so)."""

    def __init__(self) -> None:
        super().__init__()
        self.told: set[tuple[str, str]] = set()

    def pgettext(self, context: str, message: str) -> str:
        if (context, message) not in self.told:
            self.told.add((context, message))
            log.warning("no French for %r (context %r) in %s: shown in English", message,
                        context, CATALOGUE.name)
        return message


@cache
def _french() -> GNUTranslations:
    with CATALOGUE.open("rb") as handle:
        translations = GNUTranslations(handle)
    translations.add_fallback(_Missing())
    return translations


def both(context: str, english: str) -> Text:
    """A text written in code, in both languages (`pybabel extract -k both:1c,2`)."""
    return Text(fr=_french().pgettext(context, english), en=english)
