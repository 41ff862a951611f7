"""Translated content: the languages the product speaks and a text in each of them."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Text:
    """A piece of content in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr
