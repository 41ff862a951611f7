"""Building a validated Catalogue from the files of a questionnaire directory.

`read_directory` gathers the files as text (so a snapshot of them can be stored and reloaded
later with `load_sources`); `load_sources` validates everything and reports every problem at
once, each naming the file, the line, the path inside the document and what is wrong.
Pure module: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from riskassess.core.conditions import UNKNOWN_VALUE, Condition
from riskassess.core.loader_catalogue import (
    CATALOGUE_FILES,
    CATEGORIES,
    FLAGS,
    INFERENCE,
    MINUS_KEYS,
    RISKS,
    CatalogueFiles,
)
from riskassess.core.loader_templates import TemplateFiles
from riskassess.core.question_types import REGISTRY, QuestionKind
from riskassess.core.questionnaire import (
    QUESTION_TYPES,
    Catalogue,
    Category,
    Effect,
    Flag,
    Module,
    Option,
    Question,
    Questionnaire,
    QuestionnaireError,
)
from riskassess.core.yamlsource import VALUE, Checker, parse

Sources = dict[str, str]


def read_directory(directory: str | Path) -> Sources:
    """The YAML files of a questionnaire directory, by path relative to it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise QuestionnaireError([f"{directory}: questionnaire directory not found"])
    sources: Sources = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("modules/*.yaml")) + \
            sorted(directory.glob("templates/*.yaml")):
        try:
            sources[path.relative_to(directory).as_posix()] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read file: {exc}")
    if problems:
        raise QuestionnaireError(problems)
    return sources


def fingerprint(sources: Sources) -> str:
    """SHA-256 of the whole content, to tell snapshots apart."""
    return hashlib.sha256(json.dumps(sources, sort_keys=True).encode("utf-8")).hexdigest()


def load_catalogue(directory: str | Path) -> Catalogue:
    """Load and validate a questionnaire directory; raise QuestionnaireError on any problem."""
    return load_sources(read_directory(directory), origin=str(directory))


def load_sources(sources: Sources, origin: str = "") -> Catalogue:
    """Validate and build a Catalogue from file texts; raise QuestionnaireError on problems."""
    return _Loader(sources, origin).load()


class _Loader(CatalogueFiles, TemplateFiles):
    def __init__(self, sources: Sources, origin: str):
        self.sources, self.origin = sources, origin
        self.problems: list[str] = []
        self.risk_ids: set[str] = set()
        self.flags: dict[str, Flag] = {}
        self.categories: dict[str, Category] = {}
        self.broken: set[str] = set()  # ids of questions already reported as invalid
        self.incomplete = False

    def name(self, relative: str) -> str:
        return f"{self.origin}/{relative}" if self.origin else relative

    def document(self, relative: str) -> tuple[Any, Checker] | None:
        data, lines = parse(self.name(relative), self.sources[relative], self.problems)
        if data is None:
            return None
        return data, Checker(self.name(relative), lines, self.problems)

    # --- catalogue files ---------------------------------------------------------------------

    def load(self) -> Catalogue:
        if RISKS not in self.sources:
            raise QuestionnaireError([f"{self.name(RISKS)}: risk catalogue not found"])
        risks = self.load_risks()
        self.risk_ids = {r.id for r in risks}
        if FLAGS in self.sources:
            self.flags = self.load_flags()
        if CATEGORIES in self.sources:
            self.categories = self.load_categories()
        traits, rules = self.load_inference() if INFERENCE in self.sources else ({}, ())
        modules = {rel: self.document(rel) for rel in self.sources if rel.startswith("modules/")}
        # a module that cannot be read hides its questions: do not report every reference to
        # them as a further problem
        self.incomplete = any(document is None for document in modules.values())
        questionnaires = self.load_questionnaires(modules)
        templates = self.load_templates(questionnaires)
        if not questionnaires and not self.problems:
            self.problems.append(f"{self.origin or '.'}: no questionnaire file found")
        if self.problems:
            raise QuestionnaireError(list(dict.fromkeys(self.problems)))
        return Catalogue(risks=risks, questionnaires=questionnaires, flags=self.flags,
                         categories=self.categories, templates=templates, traits=traits,
                         rules=rules)

    # --- questionnaires, modules, questions --------------------------------------------------

    def load_questionnaires(self, modules: dict[str, Any]) -> dict[str, Questionnaire]:
        questionnaires: dict[str, Questionnaire] = {}
        used: set[str] = set()
        for relative in self.sources:
            if "/" in relative or relative in CATALOGUE_FILES:
                continue
            loaded = self.document(relative)
            if loaded is None:
                continue
            data, check = loaded
            if not check.mapping(data, "", {"id", "version", "title", "modules"}, set()):
                continue
            qid = check.ident(data["id"], "id")
            version = check.level(data["version"], "version", 1, 10**6)
            title = check.text(data["title"], "title")
            seen: dict[str, Question] = {}
            built: list[Module] = []
            for index, raw_id in enumerate(check.items(data["modules"], "modules")):
                module_id = check.ident(raw_id, f"modules[{index}]")
                if module_id is None:
                    continue
                module_file = f"modules/{module_id}.yaml"
                if module_file not in modules:
                    check.fail(f"modules[{index}]", f"module file {module_file} not found")
                    continue
                used.add(module_file)
                if modules[module_file] is not None:
                    module = self.module(module_id, *modules[module_file], seen)
                    if module is not None:
                        built.append(module)
            if qid in questionnaires:
                check.fail("id", f"questionnaire id '{qid}' is used twice")
            elif qid and version and title:
                questionnaires[qid] = Questionnaire(qid, version, title, tuple(built), relative)
        for module_file in sorted(set(modules) - used):
            self.problems.append(f"{self.name(module_file)}: module not listed by any "
                                 "questionnaire")
        return questionnaires

    def module(self, module_id: str, data: Any, check: Checker,
               seen: dict[str, Question]) -> Module | None:
        if not check.mapping(data, "", {"id", "title", "questions"}, {"description"}):
            return None
        if data["id"] != module_id:
            check.fail("id", f"module id '{data['id']}' does not match its file name")
        title = check.text(data["title"], "title")
        description = check.optional_text(data, "description", "")
        questions: list[Question] = []
        for index, raw in enumerate(check.items(data["questions"], "questions")):
            where = f"questions[{index}]"
            question = self.question(check, raw, where, seen)
            if question is None:
                continue
            if question.id in seen:
                check.fail(f"{where}.id", f"duplicate question id '{question.id}'")
                continue
            seen[question.id] = question
            questions.append(question)
        return Module(module_id, title, tuple(questions), description) if title else None

    def question(self, check: Checker, raw: Any, where: str,
                 earlier: dict[str, Question]) -> Question | None:
        allowed = {"help", "example", "reference", "required", "unknown", "show_if", "options",
                   "addresses", "absent_effects", "recommended", "of_declared"}
        if not check.mapping(raw, where, {"id", "type", "text", "help"}, allowed):
            return None
        qid = check.ident(raw["id"], f"{where}.id")
        qtype = check.one_of(raw["type"], f"{where}.type", QUESTION_TYPES)
        kind = REGISTRY.get(qtype) if qtype else None
        text = check.text(raw["text"], f"{where}.text")
        help_text = check.text(raw["help"], f"{where}.help")
        reference = check.string(raw["reference"], f"{where}.reference") \
            if "reference" in raw else None
        required = check.boolean(raw.get("required", False), f"{where}.required")
        allows_unknown, unknown_effects = self.unknown(check, raw.get("unknown"), where)
        of_declared = check.boolean(raw.get("of_declared", False), f"{where}.of_declared")
        if of_declared and not (kind and kind.categories):
            check.fail(f"{where}.of_declared", "only a 'categories' question can choose among "
                       "the declared data")
        options = self.options(check, raw, where, kind)
        if of_declared:
            options = tuple(Option(o.value, o.label) for o in options)
        measure = self.measure_parts(check, raw, where, kind)
        condition = self.condition(check, raw.get("show_if"), f"{where}.show_if", earlier)
        if qid is None or text is None or qtype is None:
            self.broken.add(qid or "")
            return None
        return Question(qid, qtype, text, help_text, required, options, condition,
                        check.optional_text(raw, "example", where), reference, allows_unknown,
                        unknown_effects, *measure, of_declared=bool(of_declared))

    def unknown(self, check: Checker, raw: Any, where: str) -> tuple[bool, tuple[Effect, ...]]:
        if raw is None or raw is False:
            return False, ()
        if raw is True:
            return True, ()
        if check.mapping(raw, f"{where}.unknown", {"effects"}, set()):
            return True, self.effects(check, raw["effects"], f"{where}.unknown.effects")
        return False, ()

    def options(self, check: Checker, raw: dict, where: str, kind: QuestionKind | None
                ) -> tuple[Option, ...]:
        given = raw.get("options")
        if kind is not None and kind.categories:
            if given is not None:
                check.fail(f"{where}.options", "a 'categories' question takes its options "
                           "from categories.yaml")
            if not self.categories:
                check.fail(where, "a 'categories' question needs categories.yaml")
            return tuple(Option(c.id, c.label, c.effects, c.flags)
                         for c in self.categories.values())
        if kind is None or not kind.options:
            if given is not None:
                check.fail(f"{where}.options",
                           f"a '{kind and kind.name}' question takes no options")
            return ()
        options: list[Option] = []
        values: set[str] = set()
        for index, item in enumerate(check.items(given, f"{where}.options")):
            owhere = f"{where}.options[{index}]"
            if not check.mapping(item, owhere, {"value", "label"}, {"effects", "flags"}):
                continue
            value = item["value"]
            if not isinstance(value, str):
                check.fail(f"{owhere}.value",
                           "option values must be strings (quote yes/no/numbers)")
                value = None
            elif value == UNKNOWN_VALUE:
                check.fail(f"{owhere}.value", "'unknown' is reserved: use `unknown: true` on "
                           "the question")
                value = None
            else:
                value = check.ident(value, f"{owhere}.value", VALUE)
            if value in values:
                check.fail(f"{owhere}.value", f"duplicate option value '{value}'")
            values.add(value or "")
            label = check.text(item["label"], f"{owhere}.label")
            effects = self.effects(check, item.get("effects", []), f"{owhere}.effects")
            flags = self.flag_list(check, item.get("flags", []), f"{owhere}.flags")
            if value and label:
                options.append(Option(value, label, effects, flags))
        return tuple(options)

    def measure_parts(self, check: Checker, raw: dict, where: str, kind: QuestionKind | None
                      ) -> tuple[tuple[Effect, ...], tuple[Effect, ...], bool]:
        keys = ("addresses", "absent_effects", "recommended")
        if kind is None or not kind.measure:
            for key in keys:
                if key in raw:
                    check.fail(f"{where}.{key}", f"only a 'measure' question takes '{key}'")
            return (), (), False
        if "addresses" not in raw:
            check.fail(where, "a 'measure' question needs 'addresses' (the risks it lowers)")
        addresses = self.effects(check, raw.get("addresses", []), f"{where}.addresses",
                                 keys=MINUS_KEYS, reason_required=False)
        absent = self.effects(check, raw.get("absent_effects", []), f"{where}.absent_effects")
        recommended = check.boolean(raw.get("recommended", False), f"{where}.recommended")
        return addresses, absent, recommended

    def condition(self, check: Checker, raw: Any, where: str,
                  earlier: dict[str, Question]) -> Condition | None:
        if raw is None:
            return None
        if isinstance(raw, dict) and ("all" in raw or "any" in raw):
            key = "all" if "all" in raw else "any"
            if not check.mapping(raw, where, {key}, set()):
                return None
            parts = [self.condition(check, item, f"{where}.{key}[{i}]", earlier)
                     for i, item in enumerate(check.items(raw[key], f"{where}.{key}"))]
            if any(p is None for p in parts) or not parts:
                return None
            return Condition(**{key: tuple(parts)})
        if not isinstance(raw, dict) or not ({"in", "not_in"} & raw.keys()):
            check.fail(where, "expected {question: ..., in: [...]} (or not_in, all, any)")
            return None
        key = "in" if "in" in raw else "not_in"
        if not check.mapping(raw, where, {"question", key}, set()):
            return None
        target = earlier.get(raw["question"])
        if target is None and (self.incomplete or raw["question"] in self.broken):
            return None
        if target is None:
            check.fail(f"{where}.question",
                       f"condition refers to '{raw['question']}', which is not an earlier "
                       "question")
            return None
        if not target.has_options:
            check.fail(f"{where}.question", f"condition target '{target.id}' has no options")
            return None
        known = {o.value for o in target.options}
        if target.allows_unknown:
            known.add(UNKNOWN_VALUE)
        values = check.items(raw[key], f"{where}.{key}")
        for index, value in enumerate(values):
            if value not in known:
                check.fail(f"{where}.{key}[{index}]",
                           f"'{value}' is not an option of '{target.id}'")
        return Condition(target.id, tuple(str(v) for v in values), negate=key == "not_in")

def summary(catalogue: Catalogue) -> dict[str, int]:
    """Counts printed by `validate-questionnaires`."""
    return {
        "questionnaires": len(catalogue.questionnaires),
        "modules": sum(len(q.modules) for q in catalogue.questionnaires.values()),
        "questions": sum(len(q.questions) for q in catalogue.questionnaires.values()),
        "templates": len(catalogue.templates),
        "risks": len(catalogue.risks),
        "categories": len(catalogue.categories),
        "flags": len(catalogue.flags),
        "traits": len(catalogue.traits),
        "inference_rules": len(catalogue.rules),
    }
