"""The CNIL PIA tool's own validity rules for what an export carries, written from its source
(LINCnil/pia, src/app/services/global-evaluation.service.ts: evaluationIsValid,
answerIsValid, answersVerification; described in docs/pia-format.md), to check our exports
against them. Returns the problems, one line each."""

from __future__ import annotations

from typing import Any

GAUGE_ITEMS = ("3.2", "3.3", "3.4")  # evaluated with gauges (evaluation_with_gauge)
GAUGE_ANSWERS = {325, 326, 335, 336, 345, 346}
LIST_ANSWERS = {321, 322, 323, 324, 331, 332, 333, 334, 341, 342, 343, 344}


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def evaluation_problems(evaluation: dict[str, Any]) -> list[str]:
    reference, status = evaluation["reference_to"], evaluation["status"]
    where = f"evaluation {reference!r}"
    if not isinstance(reference, str):
        return [f"{where}: reference_to must be a string (startsWith on import)"]
    item = ".".join(reference.split(".")[:2])
    gauges = evaluation.get("gauges") or {}
    if status == 1 and not _text(evaluation.get("evaluation_comment")):
        return [f"{where}: 'to correct' without an evaluation comment"]
    if status == 2:
        if item in ("1.1", "1.2"):
            return [f"{where}: 'improvable' is not offered for the context"]
        if not _text(evaluation.get("action_plan_comment")):
            return [f"{where}: 'improvable' without an action plan comment"]
        if item in GAUGE_ITEMS and not (gauges.get("x", 0) > 0 and gauges.get("y", 0) > 0):
            return [f"{where}: 'improvable' risk without gauges above 0 ({gauges})"]
    if status not in (1, 2, 3):
        return [f"{where}: status {status} is not an evaluation given"]
    return []


def problems(document: dict[str, Any]) -> list[str]:
    found = []
    for evaluation in document["evaluations"]:
        found += evaluation_problems(evaluation)
    for answer in document["answers"]:
        reference, data = answer["reference_to"], answer["data"]
        if not isinstance(reference, int):
            found.append(f"answer {reference!r}: reference_to must be a number")
        elif reference in GAUGE_ANSWERS and not (_text(data.get("text"))
                                                  and (data.get("gauge") or 0) > 0):
            found.append(f"answer {reference}: a gauge needs its text and a level above 0")
        elif reference in LIST_ANSWERS and not data.get("list"):
            found.append(f"answer {reference}: an empty list")
    for measure in document["measures"]:
        if not (_text(measure.get("title")) and _text(measure.get("content"))):
            found.append(f"measure {measure.get('id')}: needs a title and a content")
    return found
