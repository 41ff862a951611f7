"""French typography for text written without it (questionnaire files, labels joined in code):
a non-breaking space before « : ; ! ? » and inside « » quotes, where a plain space was typed.
The interface applies it when it shows French (web/template_helpers.py `|t`); stored texts,
frozen versions and their fingerprints keep what was written."""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
_BEFORE = re.compile(r" ([:;!?»])")


@lru_cache(maxsize=16384)
def french(text: str) -> str:
    """`text` with non-breaking spaces where French typography puts them."""
    if " " not in text:
        return text
    return _BEFORE.sub(NBSP + r"\1", text).replace("« ", "«" + NBSP)
