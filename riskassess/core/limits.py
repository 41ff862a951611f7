"""Limits on what people type, in one place: forms (and the browser's maxlength), services,
imports and the JSON Schema (riskassess/schemas/) all use these. docs/security.md lists them.

A text at the limit stays cheap everywhere it goes: pages and the PDF report
(whose line breaking grows faster than the text, issue 20)."""

from __future__ import annotations

TITLE = 200  # an assessment's title
TEXT = 20_000  # a description, an answer, a comment, an opinion, a justification
SHORT = 200  # a name, a measure's owner, a column name typed in a form
# The description of a draft imported from a CNIL PIA file holds everything of the file that
# has no place in the questionnaire (interchange/cnil/service.py): a real PIA keeps a few thousand
# characters there; this bounds a hostile one.
KEPT = 100_000
MAX_ID = 2**31 - 1  # an id in a URL or a form: larger numbers cannot be one (and overflow some
# databases)


class TooLong(ValueError):
    """A text over its limit; `limit` says which."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"too long (at most {limit} characters)")


def bounded(text: str, limit: int = TEXT) -> str:
    """`text` stripped, or TooLong when it is over `limit` characters."""
    text = text.strip()
    if len(text) > limit:
        raise TooLong(limit)
    return text
