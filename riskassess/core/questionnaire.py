"""Questionnaire definitions: the data model, the YAML loader and its validation.

A questionnaire directory holds `risks.yaml` (the risk catalogue) and one YAML file per
questionnaire. Loading validates every file and reports every problem at once, each naming the
file, the line, the path inside the document and what is wrong, so that a bad edit stops the
application at start-up with a message a content author can act on.

Pure module: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from riskassess.core.i18n import LANGUAGES, Text

QUESTION_TYPES = ("text", "textarea", "choice", "multi", "number")
OPTION_TYPES = ("choice", "multi")
EFFECT_LEVEL_KEYS = (
    "severity_at_least",
    "likelihood_at_least",
    "severity_plus",
    "likelihood_plus",
    "severity_minus",
    "likelihood_minus",
)
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE = re.compile(r"^[a-z0-9_]+$")
RISKS_FILE = "risks.yaml"


class QuestionnaireError(Exception):
    """One or more problems found in questionnaire files."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Effect:
    risk: str
    reason: Text
    severity_at_least: int = 0
    likelihood_at_least: int = 0
    severity_plus: int = 0
    likelihood_plus: int = 0
    severity_minus: int = 0
    likelihood_minus: int = 0


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Condition:
    """Show a question only when another question's answer is one of `values`."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    help: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


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


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: Text
    modules: tuple[Module, ...]
    source: str = ""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for m in self.modules for q in m.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from a questionnaire directory."""

    risks: tuple[Risk, ...]
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)

    def risk(self, risk_id: str) -> Risk | None:
        return next((r for r in self.risks if r.id == risk_id), None)


# --- reading YAML with line numbers -------------------------------------------------------


def _read_yaml(path: Path, problems: list[str]) -> tuple[Any, dict[str, int]]:
    """Parse a YAML file; return the data and a map from document path to line number."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read file: {exc}")
        return None, {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{where}: invalid YAML: {problem}")
        return None, {}
    lines: dict[str, int] = {}
    if node is not None:
        _record_lines(node, "", lines)
    return data, lines


def _record_lines(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            _record_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{path}[{index}]", lines)


class _Checker:
    """Collects problems for one file, each with its line and document path."""

    def __init__(self, path: Path, lines: dict[str, int], problems: list[str]):
        self.path, self.lines, self.problems = path, lines, problems

    def fail(self, where: str, message: str) -> None:
        line = self.lines.get(where)
        while line is None and where:
            where_parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", where)
            if where_parent == where:
                break
            where = where_parent
            line = self.lines.get(where)
        location = f"{self.path}:{line}" if line else str(self.path)
        self.problems.append(f"{location}: {where or '(document)'}: {message}")

    def mapping(self, value: Any, where: str, required: set[str], allowed: set[str]) -> bool:
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, got {type(value).__name__}")
            return False
        for key in sorted(required - value.keys()):
            self.fail(where, f"missing required key '{key}'")
        for key in sorted(set(map(str, value.keys())) - allowed - required):
            self.fail(f"{where}.{key}" if where else key, f"unknown key '{key}'")
        return True

    def text(self, value: Any, where: str) -> Text | None:
        if not isinstance(value, dict):
            self.fail(where, "expected a translated text {fr: ..., en: ...}")
            return None
        ok = True
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(where, f"missing or empty '{lang}' text")
                ok = False
        for key in sorted(set(value) - set(LANGUAGES)):
            self.fail(f"{where}.{key}", f"unknown language '{key}'")
        return Text(fr=value["fr"], en=value["en"]) if ok else None

    def ident(self, value: Any, where: str, pattern: re.Pattern[str] = IDENT) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(where, f"invalid identifier {value!r} (expected {pattern.pattern})")
            return None
        return value

    def level(self, value: Any, where: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(where, f"expected a whole number from {low} to {high}, got {value!r}")
            return 0
        return value


# --- risks ---------------------------------------------------------------------------------


def _load_risks(path: Path, problems: list[str]) -> tuple[Risk, ...]:
    data, lines = _read_yaml(path, problems)
    if data is None:
        return ()
    check = _Checker(path, lines, problems)
    if not check.mapping(data, "", {"risks"}, set()) or not isinstance(data["risks"], list):
        if isinstance(data, dict) and "risks" in data:
            check.fail("risks", "expected a list of risks")
        return ()
    risks: list[Risk] = []
    seen: set[str] = set()
    for index, item in enumerate(data["risks"]):
        where = f"risks[{index}]"
        if not check.mapping(item, where, {"id", "title", "description"}, {"baseline"}):
            continue
        risk_id = check.ident(item["id"], f"{where}.id")
        if risk_id in seen:
            check.fail(f"{where}.id", f"duplicate risk id '{risk_id}'")
        seen.add(risk_id or "")
        title = check.text(item["title"], f"{where}.title")
        description = check.text(item["description"], f"{where}.description")
        baseline = item.get("baseline", {})
        sev = lik = 1
        if check.mapping(baseline, f"{where}.baseline", set(), {"severity", "likelihood"}):
            sev = check.level(baseline.get("severity", 1), f"{where}.baseline.severity", 1, 4)
            lik = check.level(baseline.get("likelihood", 1), f"{where}.baseline.likelihood", 1, 4)
        if risk_id and title and description:
            risks.append(Risk(risk_id, title, description, sev or 1, lik or 1))
    return tuple(risks)


# --- questionnaires ------------------------------------------------------------------------


def _load_effect(check: _Checker, item: Any, where: str, risk_ids: set[str]) -> Effect | None:
    if not check.mapping(item, where, {"risk", "reason"}, set(EFFECT_LEVEL_KEYS)):
        return None
    risk = item["risk"]
    if risk not in risk_ids:
        check.fail(f"{where}.risk", f"unknown risk '{risk}'")
    levels: dict[str, int] = {}
    for key in EFFECT_LEVEL_KEYS:
        if key in item:
            low, high = (1, 4) if key.endswith("at_least") else (1, 3)
            levels[key] = check.level(item[key], f"{where}.{key}", low, high)
    if not levels:
        check.fail(where, f"an effect needs at least one of {', '.join(EFFECT_LEVEL_KEYS)}")
    reason = check.text(item["reason"], f"{where}.reason")
    if risk not in risk_ids or not levels or reason is None:
        return None
    return Effect(risk=risk, reason=reason, **levels)


def _load_question(
    check: _Checker, item: Any, where: str, risk_ids: set[str], earlier: dict[str, Question]
) -> Question | None:
    allowed = {"help", "required", "options", "show_if"}
    if not check.mapping(item, where, {"id", "type", "text"}, allowed):
        return None
    qid = check.ident(item["id"], f"{where}.id")
    qtype = item["type"]
    if qtype not in QUESTION_TYPES:
        check.fail(f"{where}.type", f"unknown type {qtype!r} (expected one of {QUESTION_TYPES})")
    text = check.text(item["text"], f"{where}.text")
    help_text = check.text(item["help"], f"{where}.help") if "help" in item else None
    required = item.get("required", False)
    if not isinstance(required, bool):
        check.fail(f"{where}.required", "expected true or false")
    options = _load_options(check, item, where, qtype, risk_ids)
    condition = _load_condition(check, item.get("show_if"), f"{where}.show_if", earlier)
    if qid is None or text is None or qtype not in QUESTION_TYPES:
        return None
    return Question(qid, qtype, text, help_text, bool(required), options, condition)


def _load_options(
    check: _Checker, item: dict[str, Any], where: str, qtype: Any, risk_ids: set[str]
) -> tuple[Option, ...]:
    raw = item.get("options")
    if qtype not in OPTION_TYPES:
        if raw is not None:
            check.fail(f"{where}.options", f"a '{qtype}' question takes no options")
        return ()
    if not isinstance(raw, list) or not raw:
        check.fail(f"{where}.options" if raw is not None else where, "needs a list of options")
        return ()
    options: list[Option] = []
    values: set[str] = set()
    for index, raw_option in enumerate(raw):
        owhere = f"{where}.options[{index}]"
        if not check.mapping(raw_option, owhere, {"value", "label"}, {"effects"}):
            continue
        value = check.ident(str(raw_option["value"]), f"{owhere}.value", VALUE)
        if not isinstance(raw_option["value"], str):
            check.fail(f"{owhere}.value", "option values must be strings (quote yes/no/numbers)")
            value = None
        if value in values:
            check.fail(f"{owhere}.value", f"duplicate option value '{value}'")
        values.add(value or "")
        label = check.text(raw_option["label"], f"{owhere}.label")
        raw_effects = raw_option.get("effects", [])
        if not isinstance(raw_effects, list):
            check.fail(f"{owhere}.effects", "expected a list of effects")
            raw_effects = []
        effects = [
            _load_effect(check, effect, f"{owhere}.effects[{e}]", risk_ids)
            for e, effect in enumerate(raw_effects)
        ]
        if value and label:
            options.append(Option(value, label, tuple(e for e in effects if e)))
    return tuple(options)


def _load_condition(
    check: _Checker, raw: Any, where: str, earlier: dict[str, Question]
) -> Condition | None:
    if raw is None:
        return None
    if not check.mapping(raw, where, {"question", "in"}, set()):
        return None
    target = earlier.get(raw["question"])
    if target is None:
        check.fail(
            f"{where}.question",
            f"condition refers to '{raw['question']}', which is not an earlier question",
        )
        return None
    if target.type not in OPTION_TYPES:
        check.fail(f"{where}.question", f"condition target '{target.id}' has no options")
        return None
    values = raw["in"]
    if not isinstance(values, list) or not values:
        check.fail(f"{where}.in", "expected a non-empty list of option values")
        return None
    known = {o.value for o in target.options}
    for index, value in enumerate(values):
        if value not in known:
            check.fail(f"{where}.in[{index}]", f"'{value}' is not an option of '{target.id}'")
    return Condition(target.id, tuple(str(v) for v in values))


def _load_questionnaire(
    path: Path, risk_ids: set[str], problems: list[str]
) -> Questionnaire | None:
    data, lines = _read_yaml(path, problems)
    if data is None:
        if not problems or not problems[-1].startswith(str(path)):
            problems.append(f"{path}: empty file")
        return None
    check = _Checker(path, lines, problems)
    if not check.mapping(data, "", {"id", "version", "title", "modules"}, set()):
        return None
    qid = check.ident(data["id"], "id")
    version = check.level(data["version"], "version", 1, 10**6)
    title = check.text(data["title"], "title")
    if not isinstance(data["modules"], list) or not data["modules"]:
        check.fail("modules", "expected a non-empty list of modules")
        return None
    seen: dict[str, Question] = {}
    module_ids: set[str] = set()
    modules: list[Module] = []
    for m_index, raw_module in enumerate(data["modules"]):
        mwhere = f"modules[{m_index}]"
        if not check.mapping(raw_module, mwhere, {"id", "title", "questions"}, {"description"}):
            continue
        mid = check.ident(raw_module["id"], f"{mwhere}.id")
        if mid in module_ids:
            check.fail(f"{mwhere}.id", f"duplicate module id '{mid}'")
        module_ids.add(mid or "")
        mtitle = check.text(raw_module["title"], f"{mwhere}.title")
        mdesc = None
        if "description" in raw_module:
            mdesc = check.text(raw_module["description"], f"{mwhere}.description")
        raw_questions = raw_module["questions"]
        if not isinstance(raw_questions, list) or not raw_questions:
            check.fail(f"{mwhere}.questions", "expected a non-empty list of questions")
            continue
        questions: list[Question] = []
        for q_index, raw_question in enumerate(raw_questions):
            qwhere = f"{mwhere}.questions[{q_index}]"
            question = _load_question(check, raw_question, qwhere, risk_ids, seen)
            if question is None:
                continue
            if question.id in seen:
                check.fail(f"{qwhere}.id", f"duplicate question id '{question.id}'")
                continue
            seen[question.id] = question
            questions.append(question)
        if mid and mtitle:
            modules.append(Module(mid, mtitle, tuple(questions), mdesc))
    if qid is None or not version or title is None:
        return None
    return Questionnaire(qid, version, title, tuple(modules), source=path.name)


def load_catalogue(directory: str | Path) -> Catalogue:
    """Load and validate a questionnaire directory; raise QuestionnaireError on any problem."""
    directory = Path(directory)
    problems: list[str] = []
    if not directory.is_dir():
        raise QuestionnaireError([f"{directory}: questionnaire directory not found"])
    risks_path = directory / RISKS_FILE
    if not risks_path.is_file():
        raise QuestionnaireError([f"{risks_path}: risk catalogue not found"])
    risks = _load_risks(risks_path, problems)
    risk_ids = {r.id for r in risks}
    questionnaires: dict[str, Questionnaire] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == RISKS_FILE:
            continue
        before = len(problems)
        questionnaire = _load_questionnaire(path, risk_ids, problems)
        if questionnaire is None or len(problems) > before:
            continue
        if questionnaire.id in questionnaires:
            other = questionnaires[questionnaire.id].source
            problems.append(f"{path}: id: questionnaire id '{questionnaire.id}' also in {other}")
            continue
        questionnaires[questionnaire.id] = questionnaire
    if not questionnaires and not problems:
        problems.append(f"{directory}: no questionnaire file (*.yaml) found")
    if problems:
        raise QuestionnaireError(problems)
    return Catalogue(risks=risks, questionnaires=questionnaires)
