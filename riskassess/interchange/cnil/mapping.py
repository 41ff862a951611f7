"""CNIL PIA interoperability: our assessments as documents of the CNIL's open-source PIA tool,
and back. Pure module: no Flask, no SQLAlchemy.

- `to_pia(source, questionnaire, risks, lang)` builds a CNIL PIA document (the JSON the CNIL
  tool exports and imports) from plain data: free-text answers go to their CNIL question,
  choice answers are described in words under the CNIL question they belong to, existing and
  planned measures become CNIL measures, the three CNIL feared events carry our levels.
- `from_pia(document, questionnaire, lang)` checks a CNIL PIA document (a malformed one raises
  PiaError naming the place, e.g. "answers[3].reference_to: expected an integer") and returns
  what fits our model — free-text answers, measures we recognise, module evaluations, risk
  levels set by the evaluator, the DPO's and the data subjects' opinions — and, explicitly,
  every piece of content that does not fit (`unmapped`), so that none is lost.
- `report_text(content, lang)` is that unmapped content as plain text, kept with the
  imported assessment.

The mapping is documented in docs/pia-format.md; its tables are in interchange/cnil/format.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from riskassess.core.i18n import both
from riskassess.core.questionnaire import Questionnaire, Risk
from riskassess.interchange.cnil.check import check_document
from riskassess.interchange.cnil.exporting import build
from riskassess.interchange.cnil.format import (
    DESCRIBED,
    ITEMS,
    QUESTIONS,
    RISK_ITEMS,
    TEXT_QUESTIONS,
    PiaContent,
    PiaError,
    PiaMeasure,
    PiaSource,
    RiskLevels,
    Unmapped,
)
from riskassess.interchange.cnil.importing import read

__all__ = ["DESCRIBED", "ITEMS", "QUESTIONS", "RISK_ITEMS", "TEXT_QUESTIONS", "PiaContent",
           "PiaError", "PiaMeasure", "PiaSource", "RiskLevels", "Unmapped", "from_pia",
           "report_text", "to_pia"]

INTRO = both("interchange/cnil/mapping", "Imported from a CNIL PIA.")
REVIEWED = both("interchange/cnil/mapping",
                "The module evaluations and the adjusted risk levels come from the evaluations "
                "of this PIA.")
KEPT = both("interchange/cnil/mapping",
            "Content of the CNIL PIA with no place in the questionnaire, kept here as it was:")


def to_pia(source: PiaSource, questionnaire: Questionnaire, risks: Iterable[Risk],
           lang: str = "fr") -> dict[str, Any]:
    """A CNIL PIA document (five keys: pia, answers, measures, evaluations, comments)."""
    return build(source, questionnaire, risks, lang)


def from_pia(document: Any, questionnaire: Questionnaire, lang: str = "fr") -> PiaContent:
    """What a CNIL PIA document says, in our terms; raises PiaError when it is malformed."""
    return read(check_document(document), questionnaire, lang)


def module_of(reference: str) -> str | None:
    """The module of ours an answer of the CNIL file belongs to (1xx context, 2xx principles,
    3.x security); None for what is not an answer (the PIA's own fields, evaluations,
    comments)."""
    head = reference.split(".")[0]
    if not head.isdigit():
        return None
    section = int(head) // 100 if len(head) == 3 else int(head)
    return {1: "context", 2: "principles", 3: "security"}.get(section)


def kept_by_module(content: PiaContent) -> dict[str, list[dict[str, str]]]:
    """The answers of the file without a question of ours, by the module they belong to:
    shown in that step under "From the CNIL PIA" and printed in the report's section."""
    found: dict[str, list[dict[str, str]]] = {}
    for item in content.unmapped:
        module = module_of(item.reference)
        if module is not None:
            found.setdefault(module, []).append(
                {"reference": item.reference, "label": item.label, "text": item.text})
    return found


def report_text(content: PiaContent, lang: str = "fr") -> str:
    """Where the assessment comes from and what of the file has no place in our model nor in
    a module (the PIA's own fields, evaluations and comments without a place)."""
    lines = [INTRO.get(lang)]
    if content.evaluations or content.adjustments:
        lines[0] += " " + REVIEWED.get(lang)
    rest = [item for item in content.unmapped if module_of(item.reference) is None]
    if rest:
        lines += ["", KEPT.get(lang)]
        for item in rest:
            lines += ["", f"[{item.reference}] {item.label}", item.text]
    return "\n".join(lines)
