"""The reference corpus: cases whose expected outcome is written from the legal texts, and
what the tool obtains for each (pure core, no database).

A case file (`cases/*.yaml`) holds a one-line description, optionally a use-case `template`
whose answers it starts from, its own `answers` (raw values, as a form or the API would post
them) after the answer profiles of `profiles.yaml` it names, optional measurements on data
samples, and `expected` values each with its `why` citing the text.

`python -m tests.calibration.corpus` prints the table of expected against obtained that
docs/calibration.md carries.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from riskassess.core.answers import parse_answer
from riskassess.core.i18n import Text
from riskassess.core.loader import load_catalogue
from riskassess.core.questionnaire import Catalogue
from riskassess.core.risk_profile import Profile, build_profile

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FIELDS = ("screening", "ai_act", "conclusion", "top_risks")
TOP = 3  # the top residual risks compared: the three worst, ties at the third included


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    low_risk: bool
    template: str | None
    variant: str
    answers: dict[str, Any]
    measurements: dict[str, Any]
    expected: dict[str, Any]
    why: dict[str, str] = field(default_factory=dict)
    known_gap: str = ""  # why the tool does not obtain the expected value yet


def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "questionnaires")


def load_cases() -> list[Case]:
    profiles = yaml.safe_load((HERE / "profiles.yaml").read_text(encoding="utf-8"))
    cases = []
    for path in sorted((HERE / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers: dict[str, Any] = {}
        for name in data.get("profiles") or ():
            answers.update(profiles[name])
        answers.update(data.get("answers") or {})
        expected = {k: v["value"] for k, v in data["expected"].items()}
        why = {k: v["why"] for k, v in data["expected"].items()}
        cases.append(Case(path.stem, data["description"], bool(data.get("low_risk")),
                          data.get("template"), data.get("variant", ""), answers,
                          data.get("measurements") or {}, expected, why,
                          data.get("known_gap", "")))
    return cases


def answers_of(case: Case, cat: Catalogue) -> dict[str, Any]:
    """The stored answers: the template's pre-fill (English free text), then the case's own."""
    questionnaire = cat.questionnaires["aipd"]
    answers: dict[str, Any] = {}
    if case.template:
        for question_id, value in cat.templates[case.template].answers.items():
            answers[question_id] = value.get("en") if isinstance(value, Text) else value
    for question_id, raw in case.answers.items():
        question = questionnaire.question(question_id)
        if question is None:
            raise KeyError(f"{case.id}: unknown question {question_id}")
        answers[question_id] = parse_answer(question, raw)
    return {k: v for k, v in answers.items() if v is not None}


def top_risks(profile: Profile) -> list[str]:
    """The worst final residual risks (severity × likelihood, then severity), ties included,
    leaving out those in the low zone."""
    ranked = sorted((r for r in profile.risks.risks if r.final.zone != "low"),
                    key=lambda r: (r.final.severity * r.final.likelihood, r.final.severity),
                    reverse=True)
    if len(ranked) <= TOP:
        return [r.id for r in ranked]
    cut = ranked[TOP - 1]
    key = (cut.final.severity * cut.final.likelihood, cut.final.severity)
    return [r.id for r in ranked
            if (r.final.severity * r.final.likelihood, r.final.severity) >= key]


def obtained(case: Case, cat: Catalogue) -> dict[str, Any]:
    questionnaire = cat.questionnaires["aipd"]
    profile = build_profile(cat, questionnaire, answers_of(case, cat), case.measurements)
    return {"screening": profile.screening.verdict, "ai_act": profile.ai_act.tier,
            "conclusion": profile.conclusion, "top_risks": top_risks(profile),
            "profile": profile}


def mismatches(case: Case, got: dict[str, Any]) -> list[str]:
    """What differs: each expected top risk must be among the obtained top ones."""
    found = []
    for name in ("screening", "ai_act", "conclusion"):
        if case.expected[name] != got[name]:
            found.append(f"{name}: expected {case.expected[name]}, obtained {got[name]}")
    missing = [r for r in case.expected["top_risks"] if r not in got["top_risks"]]
    if missing or (not case.expected["top_risks"] and got["top_risks"]):
        found.append(f"top_risks: expected {case.expected['top_risks']}, "
                     f"obtained {got['top_risks']}")
    return found


def table(rows: list[tuple[Case, dict[str, Any]]]) -> str:
    lines = ["| case | low risk | screening | AI Act | conclusion | top residual risks |",
             "| --- | --- | --- | --- | --- | --- |"]

    def cell(expected: Any, got: Any) -> str:
        if isinstance(expected, list):
            ok = all(r in got for r in expected) and (expected or not got)
            expected, got = ", ".join(expected) or "none", ", ".join(got) or "none"
        else:
            ok = expected == got
        return expected if ok else f"{expected} **≠ {got}**"

    for case, got in rows:
        lines.append(f"| {case.id} | {'yes' if case.low_risk else ''} | "
                     + " | ".join(cell(case.expected[f], got[f]) for f in FIELDS) + " |")
    return "\n".join(lines)


def main() -> int:
    cat = catalogue()
    rows = [(case, obtained(case, cat)) for case in load_cases()]
    print(table(rows))
    bad = [case for case, got in rows if mismatches(case, got)]
    print(f"\n{len(rows)} cases, {sum(c.low_risk for c, _ in rows)} low risk, "
          f"{len(rows) - len(bad)} as expected, {len(bad)} not")
    for case in bad:
        print(f"- {case.id}: {case.known_gap or 'NOT A KNOWN GAP'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
