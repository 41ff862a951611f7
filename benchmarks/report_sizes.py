"""Content levels of the report benchmark (report_pdf.py, approval.py): every text the users
wrote, N times as long; the calibration that finds N for N times the words, the 1 MiB answer,
and the pages and words of a PDF.

At level N each free-text answer, each measure's description, the assessment's description, the
DPO's opinion and the decision's text is its original paragraphs repeated N times (a blank line
between copies), so the report carries N times what people wrote while its structure (the
questions, the risks, the measures' statuses) stays the same. The changes are made in the
benchmark's throw-away database session and never committed."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
import time
from typing import Any

from riskassess.models import Assessment
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.reports import render_pdf

TEXT_TYPES = ("text", "textarea")
ASSESSMENT_TEXTS = ("description", "dpo_opinion", "decision_text")
MEGABYTE = 1024 * 1024
LANG = "fr"


def repeated(text: str, factor: int) -> str:
    return "\n\n".join([text] * factor) if text else text


def _scaled_value(kind: str, value: Any, factor: int) -> Any:
    if kind in TEXT_TYPES and isinstance(value, str):
        return repeated(value, factor)
    if kind == "measure" and isinstance(value, dict) and value.get("description"):
        return {**value, "description": repeated(value["description"], factor)}
    return value


class ContentLevels:
    """Sets an assessment's user texts to a level, from the originals kept at creation."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        types = {q.id: q.type for q in questionnaire_for(assessment).questions}
        self.answers = [(a, types.get(a.question_id, ""), a.value) for a in assessment.answers]
        self.texts = {name: getattr(assessment, name) for name in ASSESSMENT_TEXTS}

    def set(self, factor: int) -> None:
        for answer, kind, original in self.answers:
            answer.value = _scaled_value(kind, original, factor)
        for name, original in self.texts.items():
            setattr(self.assessment, name, repeated(original, factor) if original else original)

    def megabyte_answer(self) -> str:
        """Level 1, with the longest free-text answer grown to 1 MiB of its own words (lines
        of about 100 characters, a paragraph break every 20 lines): returns its question."""
        self.set(1)
        answer, _kind, original = max(
            ((a, k, v) for a, k, v in self.answers if k in TEXT_TYPES and isinstance(v, str)),
            key=lambda item: len(item[2]))
        words = original.split() or ["donnée"]
        lines, size, index = [], 0, 0
        while size < MEGABYTE:
            line: list[str] = []
            while sum(len(w) + 1 for w in line) < 100:
                line.append(words[index % len(words)])
                index += 1
            lines.append(" ".join(line) + ("\n" if len(lines) % 20 == 19 else ""))
            size += len(lines[-1].encode("utf-8")) + 1
        answer.value = "\n".join(lines)
        return answer.question_id


def page_count(pdf: bytes) -> int | None:
    """Pages of the PDF, read with pypdf (a dev dependency) when it is installed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def word_count(pdf: bytes) -> int | None:
    """Words of the PDF's text (poppler's pdftotext), to check that both carry the same;
    dot leaders of the table of contents are not words."""
    if shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def calibrate(sizes: ContentLevels, assessment: Assessment, levels: list[int]) -> dict:
    """How many times the users' texts are repeated for the report to have N times the words
    of level 1: the words the texts bring are those that one more copy of them adds."""
    counts = []
    for repeat in (1, 2):
        sizes.set(repeat)
        counts.append(word_count(render_pdf(assessment, LANG)) or 0)
    own = max(1, counts[1] - counts[0])  # the users' words, once
    fixed = counts[0] - own  # questions, headings, reasons, trails: what every level has
    repeats = {n: max(1, round((n * counts[0] - fixed) / own)) for n in levels}
    print(f"level 1: {counts[0]} words, {own} of them written by users; texts repeated "
          + ", ".join(f"{r}× for level {n}" for n, r in repeats.items()))
    return repeats


def megabyte(levels: ContentLevels, assessment: Assessment) -> dict:
    """One answer of 1 MiB, rendered once by ReportLab."""
    question = levels.megabyte_answer()
    gc.collect()
    start = time.perf_counter()
    pdf = render_pdf(assessment, LANG)
    seconds = time.perf_counter() - start
    size = len(next(a.value for a in assessment.answers if a.question_id == question)
               .encode("utf-8"))
    print(f"-- one answer of {size / 1024 / 1024:.2f} MiB ({question}), ReportLab: {seconds:.2f}"
          f" s, {page_count(pdf)} pages, {len(pdf) / 1024:.0f} KiB")
    return {"question": question, "bytes": size, "seconds": seconds,
            "pages": page_count(pdf)}
