"""The kinds of question, one class each, registered by name (issue 22; the habit of Indico's
survey field registry, indico/web/fields).

A kind owns what its answers are: how a value given to it is read (`parse`: form input
already gathered by the web layer, an import, a template, a stored value; what it reads as
empty gives None, and a stored answer is empty by one rule for all kinds, `is_empty`),
how it reads as words (`describe`), what words find it in a search (`search_words`), and the
shape of its answer in the JSON interchange (`shape`, one of the published schema's
`answer` forms). What the rest of the code needs to know about a kind is a property of it
(`options`, `multiple`, `measure`, `free_text`, `categories`, `single_line`, `form_parts`),
never its name.

« Je ne sais pas » has one representation in the domain, UNKNOWN ({"unknown": true}): the
web form's spellings of it are read in riskassess/web/answer_form.py. Whether a question
offers it is the question's (`allows_unknown`), not its kind's.

Pure module: no Flask, no SQLAlchemy. `check_registry` runs when the module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, Protocol

from riskassess.core import limits
from riskassess.core.conditions import is_unknown

UNKNOWN: dict[str, bool] = {"unknown": True}
MEASURE_STATUSES = ("existing", "planned", "absent", "not_applicable")
_STRING = {"type": "string", "maxLength": limits.TEXT}


class AnswerError(ValueError):
    """An answer that does not fit its question. `code` and `params` let the interface say it
    in the user's language; str() is an English message."""

    def __init__(self, code: str, message: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(message)


class Wording(Protocol):
    """The words a kind needs to describe an answer, in the reader's language (given by the
    interface, riskassess/labels.py)."""

    def unknown(self) -> str: ...

    def measure_status(self, status: str) -> str: ...

    def draft(self, status: str) -> str: ...

    def assigned(self, status: str, owner: str, due: str) -> str: ...

    def day(self, iso: str) -> str: ...


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def within(text: str, limit: int) -> str:
    """`text` when it has at most `limit` characters; AnswerError("too_long") otherwise."""
    if len(text) > limit:
        raise AnswerError("too_long", f"too long (at most {limit} characters)", limit=limit)
    return text


def is_draft_measure(value: Any) -> bool:
    """A measure answered "planned" without its owner or due date yet: kept as the owner
    typed it (the step is saved, issue 21), but counted nowhere (not in the residual risk, the
    action plan, the progress) and blocking submission until completed."""
    return isinstance(value, dict) and value.get("status") == "planned" \
        and not (value.get("owner") and value.get("due"))


class QuestionKind:
    """A kind of question. Subclasses set `name` and override what differs."""

    name: ClassVar[str]
    options: ClassVar[bool] = False  # answers are option values
    multiple: ClassVar[bool] = False  # a list of them
    categories: ClassVar[bool] = False  # the options are the catalogue's data categories
    measure: ClassVar[bool] = False  # a protection with a status, counted by the scoring
    free_text: ClassVar[bool] = False  # text a person wrote (bilingual in use-case templates)
    single_line: ClassVar[bool] = False  # text kept on one line
    form_parts: ClassVar[tuple[str, ...]] = ()  # its fields, if several; the first is chosen
    shape: ClassVar[dict[str, Any]] = _STRING  # a known answer in the JSON interchange

    def parse(self, question: Any, raw: Any) -> Any:
        """The value to store for `raw` (never "I don't know"), None when empty; raises
        AnswerError."""
        raw = raw.strip() if isinstance(raw, str) else raw
        return None if is_empty(raw) else self.parse_given(question, raw)

    def parse_given(self, question: Any, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise AnswerError("invalid_value", "expected text")
        return within(raw, limits.TEXT)

    def describe(self, question: Any, value: Any, lang: str, say: Wording) -> str:
        """A known, non-empty answer as a person reads it."""
        return str(value)

    def search_words(self, question: Any, value: Any) -> list[str]:
        """What a person would search this answer by."""
        return [value] if isinstance(value, str) else []


REGISTRY: dict[str, QuestionKind] = {}


def register(kind: type[QuestionKind]) -> type[QuestionKind]:
    if kind.name in REGISTRY:
        raise ValueError(f"question kind '{kind.name}' registered twice")
    REGISTRY[kind.name] = kind()
    return kind


@register
class Text(QuestionKind):
    name = "text"
    free_text = True
    single_line = True


@register
class Textarea(QuestionKind):
    name = "textarea"
    free_text = True


@register
class Number(QuestionKind):
    name = "number"
    shape = {"type": "number", "minimum": -1e15, "maximum": 1e15}

    def parse_given(self, question: Any, raw: Any) -> int | float:
        if isinstance(raw, bool):
            raise AnswerError("not_a_number", "expected a number")
        if isinstance(raw, int | float):
            number = float(raw)
        else:
            try:
                number = float(str(raw).replace(",", ".").replace(" ", "")
                               .replace("\u202f", ""))
            except ValueError as exc:
                raise AnswerError("not_a_number", "expected a number") from exc
        if number != number or number in (float("inf"), float("-inf")):
            raise AnswerError("not_a_number", "expected a number")
        return int(number) if number.is_integer() else number


def parse_date(raw: Any) -> str:
    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError as exc:
        raise AnswerError("invalid_date", "expected a date (YYYY-MM-DD)") from exc


@register
class Date(QuestionKind):
    name = "date"

    def parse_given(self, question: Any, raw: Any) -> str:
        return parse_date(raw)


class _Options(QuestionKind):
    options = True

    def describe(self, question: Any, value: Any, lang: str, say: Wording) -> str:
        values = value if isinstance(value, list) else [value]
        return ", ".join(o.label.get(lang) for o in question.options if o.value in values)

    def search_words(self, question: Any, value: Any) -> list[str]:
        return []  # option labels explain with examples that every search would find


@register
class Choice(_Options):
    name = "choice"

    def parse_given(self, question: Any, raw: Any) -> str:
        if not isinstance(raw, str) or question.option(raw) is None:
            raise AnswerError("unknown_choice", f"unknown choice: {raw}", value=str(raw))
        return raw


@register
class Multi(_Options):
    name = "multi"
    multiple = True
    shape = {"type": "array", "maxItems": 200, "items": {"$ref": "#/$defs/id"}}

    def parse(self, question: Any, raw: Any) -> list[str] | None:
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v]
        known = {o.value for o in question.options}
        wrong = [str(v) for v in values if v not in known]
        if wrong:
            raise AnswerError("unknown_choice", f"unknown choice: {', '.join(wrong)}",
                              value=", ".join(wrong))
        return [o.value for o in question.options if o.value in values] or None


@register
class Categories(Multi):
    name = "categories"
    categories = True

    def search_words(self, question: Any, value: Any) -> list[str]:
        """The names of the data categories, in both languages."""
        if not isinstance(value, list):
            return []
        chosen = (question.option(v) for v in value if isinstance(v, str))
        return [t for o in chosen if o is not None for t in (o.label.fr, o.label.en)]


@register
class Measure(QuestionKind):
    name = "measure"
    measure = True
    form_parts = ("status", "owner", "due", "description")
    shape = {"type": "object", "required": ["status"], "additionalProperties": False,
             "properties": {"status": {"$ref": "#/$defs/id"},
                            "owner": {"$ref": "#/$defs/shortText"},
                            "due": {"type": "string", "maxLength": 10},
                            "description": {"$ref": "#/$defs/longText"}}}

    def parse(self, question: Any, raw: Any) -> dict[str, str] | None:
        if isinstance(raw, str):
            raw = {"status": raw}
        if not isinstance(raw, dict):
            raise AnswerError("invalid_value", "expected a measure status")
        status = (raw.get("status") or "").strip()
        if not status:
            return None
        if status not in MEASURE_STATUSES:
            raise AnswerError("measure_status", f"unknown measure status: {status}",
                              value=status)
        owner = (raw.get("owner") or "").strip()
        due = (raw.get("due") or "").strip()
        within(owner, limits.SHORT)
        description = within((raw.get("description") or "").strip(), limits.TEXT)
        value = {"status": status}
        if description:  # how it is applied, or will be (the CNIL method's measure text)
            value["description"] = description
        if status == "planned":  # without owner or due date: a draft (is_draft_measure)
            value.update({"owner": owner} if owner else {})
            value.update({"due": parse_date(due)} if due else {})
        elif status == "existing" and owner:
            value["owner"] = owner
        return value

    def describe(self, question: Any, value: Any, lang: str, say: Wording) -> str:
        status = say.measure_status(value["status"])
        if is_draft_measure(value):
            status = say.draft(status)
        elif value.get("due"):
            status = say.assigned(status, value["owner"], say.day(value["due"]))
        return f"{status} — {value['description']}" if value.get("description") else status

    def search_words(self, question: Any, value: Any) -> list[str]:
        """Its owner."""
        owner = value.get("owner") if isinstance(value, dict) else None
        return [owner] if isinstance(owner, str) else []


def parse(question: Any, raw: Any) -> Any:
    """The value to store for `raw` given to `question`: UNKNOWN when it is "I don't know"
    (AnswerError when the question does not offer it), else its kind's reading."""
    if is_unknown(raw):
        if not question.allows_unknown:
            raise AnswerError("unknown_not_offered", "“I don't know” is not offered here")
        return dict(UNKNOWN)
    return question.kind.parse(question, raw)


def describe(question: Any, value: Any, lang: str, say: Wording) -> str:
    """An answer as a person reads it: "" when empty, « Je ne sais pas », or its kind's
    words."""
    if is_empty(value):
        return ""
    if is_unknown(value):
        return say.unknown()
    return question.kind.describe(question, value, lang, say)


def check_registry() -> None:
    """Every kind is complete: a name, a shape, and the methods it must have; the flags agree
    (a multiple or categories kind has options)."""
    problems = []
    required: tuple[tuple[str, Callable[[QuestionKind], bool]], ...] = (
        ("a name", lambda k: bool(getattr(k, "name", ""))),
        ("a JSON shape", lambda k: isinstance(k.shape, dict) and "type" in k.shape),
        ("options when multiple", lambda k: k.options or not k.multiple),
        ("options and multiple when categories",
         lambda k: (k.options and k.multiple) or not k.categories),
        ("no options when a measure", lambda k: not (k.measure and k.options)),
    )
    for name, kind in REGISTRY.items():
        problems += [f"question kind '{name}' needs {what}" for what, holds in required
                     if not holds(kind)]
    if problems:
        raise TypeError("; ".join(problems))


check_registry()
