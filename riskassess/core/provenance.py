"""Provenance of an imported file's review.

An import creates a draft of the person importing. What the file says of its review (its
workflow status, the decision and opinion, comments, module evaluations, residual
adjustments, the people it names with their roles, opinions and dates, and who did each)
cannot be acts of users of this instance: nobody here made them, and a file is easy to edit.
They are kept as a plain record, shown as "from the imported file" (and printed so in the
report), and never feed the workflow, the risk levels or the report's decision.
"""

from __future__ import annotations

from typing import Any

from riskassess.core import limits
from riskassess.core.i18n import both

LISTS = ("comments", "evaluations", "adjustments", "people")
# The workflow statuses of a CNIL PIA file, kept as provenance (interchange/cnil/format.py
# reads them), in words for the report and the pages.
PIA_STATUS_LABELS = {
    "in_progress": both("core/provenance", "in progress"),
    "refused": both("core/provenance", "refused"),
    "simple_validation": both("core/provenance", "simple validation"),
    "signed_validation": both("core/provenance", "signed validation"),
    "archived": both("core/provenance", "archived"),
}


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)[:limits.TEXT]  # what a document may carry (its schema) stays whole


def imported_review(source: str, *, status: Any = None, revision: Any = None, owner: Any = None,
                    opinion: Any = None, validator: Any = None, opinion_kind: Any = None,
                    decision: Any = None, decision_text: Any = None,
                    comments: list[dict[str, Any]] = (),
                    evaluations: list[dict[str, Any]] = (),
                    adjustments: list[dict[str, Any]] = (),
                    people: list[dict[str, Any]] = ()) -> dict[str, Any] | None:
    """The record kept beside the new draft, every value as text; None when the file says
    nothing of a review (a draft with no opinion, comment, evaluation nor adjustment)."""
    record: dict[str, Any] = {
        "source": source, "status": _text(status), "revision": _text(revision),
        "owner": _text(owner), "opinion": _text(opinion), "validator": _text(validator),
        "opinion_kind": _text(opinion_kind), "decision": _text(decision),
        "decision_text": _text(decision_text),
    }
    for name, items in zip(LISTS, (comments, evaluations, adjustments, people), strict=True):
        record[name] = [{key: _text(value) for key, value in item.items()} for item in items]
    said = any(record[name] for name in LISTS) or record["opinion"] or record["validator"] \
        or record["status"] not in (None, "draft", "0")
    return record if said else None


def counts(record: dict[str, Any] | None) -> dict[str, Any]:
    """What a record holds, for the audit trail."""
    if not record:
        return {}
    return {"status": record.get("status"), "opinion": bool(record.get("opinion")),
            **{name: len(record.get(name) or []) for name in LISTS}}
