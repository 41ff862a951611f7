"""Display conditions ("show if …") and their evaluation against answers.

A condition is a test on an earlier question's answer (`in` / `not_in` a list of option values,
where `unknown` stands for "I don't know"), or `all` / `any` of other conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

UNKNOWN_VALUE = "unknown"


def is_unknown(value: Any) -> bool:
    """Whether a stored answer is "I don't know"."""
    return isinstance(value, dict) and value.get("unknown") is True


def chosen_values(value: Any) -> list[str]:
    """The option values an answer stands for (["unknown"] for "I don't know")."""
    if value is None:
        return []
    if is_unknown(value):
        return [UNKNOWN_VALUE]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass(frozen=True)
class Condition:
    question: str | None = None
    values: tuple[str, ...] = ()
    negate: bool = False  # `not_in`: holds when the answer is given and none of the values
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    def holds(self, answers: dict[str, Any]) -> bool:
        if self.all:
            return all(c.holds(answers) for c in self.all)
        if self.any:
            return any(c.holds(answers) for c in self.any)
        chosen = chosen_values(answers.get(self.question))
        if self.negate:
            return bool(chosen) and not any(v in self.values for v in chosen)
        return any(v in self.values for v in chosen)

    def questions(self) -> set[str]:
        """Every question this condition depends on."""
        if self.all or self.any:
            return set().union(*(c.questions() for c in (*self.all, *self.any)))
        return {self.question} if self.question else set()
