"""The content fingerprint of an approved version: a SHA-256 of its frozen content in canonical
JSON, recorded in the approval's audit event so that a later edit of the frozen row is found
(services/integrity.py)."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> str:
    """One text for equal content, whatever the key order or the database it came back from."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def version_fingerprint(assessment_id: int, revision: int, questionnaire_version: int,
                        answers: dict, profile: dict, review: dict) -> str:
    content = {"assessment": assessment_id, "revision": revision,
               "questionnaire_version": questionnaire_version, "answers": answers,
               "profile": profile, "review": review}
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()
