"""The questionnaire model: risks, flags, data categories, questions, modules, templates.

Plain frozen dataclasses built by `riskassess.core.loader` from the YAML files of
`questionnaires/`. Pure module: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from riskassess.core.conditions import Condition
from riskassess.core.i18n import Text
from riskassess.core.question_types import REGISTRY, QuestionKind

QUESTION_TYPES = tuple(REGISTRY)  # the kinds of question (core/question_types.py)
SPECIAL_KINDS = ("none", "art9", "art10", "highly_personal")


class QuestionnaireError(Exception):
    """One or more problems found in questionnaire files, each with file, line and path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Effect:
    risk: str
    reason: Text | None  # None for a measure's protections: the measure itself is the reason
    severity_at_least: int = 0
    likelihood_at_least: int = 0
    severity_plus: int = 0
    likelihood_plus: int = 0
    severity_minus: int = 0
    likelihood_minus: int = 0
    # a floor that holds after every protection: the harm is the purpose of the processing
    # itself (set in the catalogue, like a floor measured on data)
    holds: bool = False


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    effects: tuple[Effect, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    help: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    example: Text | None = None
    reference: str | None = None
    allows_unknown: bool = False
    unknown_effects: tuple[Effect, ...] = ()
    addresses: tuple[Effect, ...] = ()  # measure: protections when existing or planned
    absent_effects: tuple[Effect, ...] = ()  # measure: effects when declared absent
    recommended: bool = False  # measure: suggested when absent
    # categories: a choice among the data declared elsewhere (e.g. which are exploited); its
    # options carry no effect or flag of their own, and it declares no data
    of_declared: bool = False

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def kind(self) -> QuestionKind:
        """What its answers are: parsing, emptiness, words (core/question_types.py)."""
        return REGISTRY[self.type]

    @property
    def has_options(self) -> bool:
        return self.kind.options

    @property
    def is_multiple(self) -> bool:
        return self.kind.multiple

    @property
    def is_measure(self) -> bool:
        return self.kind.measure


@dataclass(frozen=True)
class Module:
    id: str
    title: Text
    questions: tuple[Question, ...]
    description: Text | None = None


@dataclass(frozen=True)
class Risk:
    id: str
    title: Text
    description: Text
    baseline_severity: int = 1
    baseline_likelihood: int = 1
    pillar: str = "privacy"
    impacts: Text | None = None
    sources: Text | None = None


@dataclass(frozen=True)
class Flag:
    id: str
    group: str
    label: Text
    requires: tuple[str, ...] = ()  # counts only when these flags are raised too


@dataclass(frozen=True)
class Category:
    id: str
    label: Text
    group: str
    special: str = "none"
    description: Text | None = None
    flags: tuple[str, ...] = ()
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Trait:
    """What data can reveal: a special category (Art. 9/10) or a highly personal trait."""

    id: str
    label: Text
    special: str
    description: Text | None = None
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class InferenceRule:
    """These categories or traits, together, can reveal that trait."""

    id: str
    when: tuple[str, ...]
    reveals: str
    explanation: Text
    source: str
    strength: str = "established"  # established | plausible | speculative
    uses: tuple[str, ...] = ("profiling", "segmentation", "model_input", "publication")


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: Text
    modules: tuple[Module, ...]
    source: str = ""

    # Content never changes once loaded: its lists and indexes are built on first use and
    # kept (a page asks for them hundreds of times; issue 20).
    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for m in self.modules for q in m.questions)

    def question(self, question_id: str) -> Question | None:
        return self._questions_by_id.get(question_id)

    def module(self, module_id: str) -> Module | None:
        return self._modules_by_id.get(module_id)

    def module_of(self, question_id: str) -> Module | None:
        return self._module_of_question.get(question_id)

    def measures_for(self, risk_id: str) -> tuple[Question, ...]:
        """The measure questions that address a risk, in questionnaire order."""
        return self._measures_by_risk.get(risk_id, ())

    @cached_property
    def _measures_by_risk(self) -> dict[str, tuple[Question, ...]]:
        found: dict[str, list[Question]] = {}
        for question in self.questions:
            if question.is_measure:
                for risk in dict.fromkeys(e.risk for e in question.addresses):
                    found.setdefault(risk, []).append(question)
        return {risk: tuple(questions) for risk, questions in found.items()}

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def _modules_by_id(self) -> dict[str, Module]:
        found: dict[str, Module] = {}
        for module in self.modules:  # the first of a duplicated id, as a scan would find
            found.setdefault(module.id, module)
        return found

    @cached_property
    def _module_of_question(self) -> dict[str, Module]:
        found: dict[str, Module] = {}
        for module in self.modules:
            for question in module.questions:
                found.setdefault(question.id, module)
        return found


@dataclass(frozen=True)
class Template:
    """A use case that pre-fills a new assessment (all answers stay editable)."""

    id: str
    questionnaire: str
    sector: str
    title: Text
    summary: Text
    assessment_title: Text
    assessment_description: Text
    answers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from a questionnaire directory (or from a stored snapshot of it)."""

    risks: tuple[Risk, ...]
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    traits: dict[str, Trait] = field(default_factory=dict)
    rules: tuple[InferenceRule, ...] = ()

    def risk(self, risk_id: str) -> Risk | None:
        return next((r for r in self.risks if r.id == risk_id), None)
