"""Reading YAML content with line numbers, and a checker that reports precise problems.

Every problem names the file, the line, the path inside the document and what is wrong, e.g.
`questionnaires/modules/context.yaml:42: questions[3].options[1].value: duplicate option value`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from riskassess.core.i18n import LANGUAGES, Text

IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE = re.compile(r"^[a-z0-9_]+$")
# libyaml's parser when PyYAML has it (its wheels do): ~10 times faster at start-up.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(name: str, text: str, problems: list[str]) -> tuple[Any, dict[str, int]]:
    """Parse YAML text; return the data and a map from document path to line number."""
    try:
        loader = LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{where}: invalid YAML: {problem}")
        return None, {}
    lines: dict[str, int] = {}
    if node is not None:
        _record_lines(node, "", lines)
    if data is None:
        problems.append(f"{name}: empty file")
    return data, lines


def _record_lines(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            _record_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{path}[{index}]", lines)


class Checker:
    """Collects problems for one document, each with its line and document path."""

    def __init__(self, name: str, lines: dict[str, int], problems: list[str]):
        self.name, self.lines, self.problems = name, lines, problems

    def fail(self, where: str, message: str) -> None:
        line, probe = self.lines.get(where), where
        while line is None and probe:
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            if parent == probe:
                break
            probe = parent
            line = self.lines.get(probe)
        location = f"{self.name}:{line}" if line else self.name
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

    def items(self, value: Any, where: str, *, allow_empty: bool = False) -> list[Any]:
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(where, "expected a non-empty list" if not allow_empty else "expected a list")
            return []
        return value

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

    def optional_text(self, raw: dict, key: str, where: str) -> Text | None:
        return self.text(raw[key], f"{where}.{key}") if key in raw else None

    def ident(self, value: Any, where: str, pattern: re.Pattern[str] = IDENT) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(where, f"invalid identifier {value!r} (expected {pattern.pattern})")
            return None
        return value

    def one_of(self, value: Any, where: str, allowed: tuple[str, ...]) -> str | None:
        if value not in allowed:
            self.fail(where, f"unknown value {value!r} (expected one of {', '.join(allowed)})")
            return None
        return value

    def level(self, value: Any, where: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(where, f"expected a whole number from {low} to {high}, got {value!r}")
            return 0
        return value

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "expected true or false")
            return False
        return value

    def string(self, value: Any, where: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a non-empty string")
            return None
        return value
