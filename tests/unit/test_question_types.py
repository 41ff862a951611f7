"""The registry of question kinds (riskassess/core/question_types.py): complete, checked when
loaded, agreeing with the published JSON schema of answers, and describing answers in words
the interface gives it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from riskassess.core import question_types
from riskassess.core.i18n import Text
from riskassess.core.question_types import REGISTRY, QuestionKind, describe, parse, register
from riskassess.core.questionnaire import QUESTION_TYPES, Option, Question
from tests.helpers import SAMPLES

SCHEMA = json.loads((Path(question_types.__file__).parents[1] / "schemas"
                     / "assessment-v1.schema.json").read_text(encoding="utf-8"))
T = Text("Oui", "Yes")


def test_the_questionnaire_knows_exactly_the_registered_kinds_and_the_tests_sample_each():
    assert set(QUESTION_TYPES) == set(REGISTRY) == set(SAMPLES)
    assert len(REGISTRY) == 8


def test_an_incomplete_kind_is_refused_when_checked():
    class Broken(QuestionKind):
        name = "broken"
        multiple = True  # a list of option values… without options

    register(Broken)
    try:
        with pytest.raises(TypeError, match="'broken' needs options when multiple"):
            question_types.check_registry()
        with pytest.raises(ValueError, match="registered twice"):
            register(Broken)
    finally:
        del REGISTRY["broken"]
    question_types.check_registry()  # the shipped kinds are complete


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_kind_s_shape_is_one_of_the_published_answer_forms(name):
    kind = REGISTRY[name]
    assert kind.shape in SCHEMA["$defs"]["answer"]["anyOf"]
    question = Question("q", name, T, options=(Option("a", T),) if kind.options else ())
    sample = parse(question, SAMPLES[name](question))
    jsonschema.validate(sample, {**kind.shape, "$defs": SCHEMA["$defs"]})
    for other in REGISTRY.values():  # numbers are not text, lists not objects…
        if other.shape != kind.shape and other.shape["type"] != kind.shape["type"]:
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(sample, {**other.shape, "$defs": SCHEMA["$defs"]})


class Words:
    def unknown(self):
        return "?"

    def measure_status(self, status):
        return status.upper()

    def draft(self, status):
        return f"{status} (draft)"

    def assigned(self, status, owner, due):
        return f"{status}: {owner} {due}"

    def day(self, iso):
        return f"<{iso}>"


def test_answers_in_words():
    choice = Question("c", "choice", T, options=(Option("a", Text("Un", "One")),))
    multi = Question("m", "multi", T, options=(Option("a", Text("Un", "One")),
                                               Option("b", Text("Deux", "Two"))))
    measure = Question("x", "measure", T)
    say = Words()
    assert describe(choice, None, "fr", say) == ""
    assert describe(choice, {"unknown": True}, "fr", say) == "?"
    assert describe(choice, "a", "en", say) == "One"
    assert describe(multi, ["b", "a"], "fr", say) == "Un, Deux"  # in the options' order
    assert describe(Question("n", "number", T), 3.5, "fr", say) == "3.5"
    assert describe(measure, {"status": "planned", "owner": "DSI", "due": "2027-03-31"},
                    "fr", say) == "PLANNED: DSI <2027-03-31>"
    assert describe(measure, {"status": "planned", "owner": "DSI"}, "fr", say) \
        == "PLANNED (draft)"
    assert describe(measure, {"status": "existing", "description": "TLS 1.3"}, "fr", say) \
        == "EXISTING — TLS 1.3"


def test_search_words_by_kind():
    categories = Question("d", "categories", T, options=(Option("health", Text("Santé",
                                                                               "Health")),))
    assert categories.kind.search_words(categories, ["health"]) == ["Santé", "Health"]
    choice = Question("c", "choice", T, options=(Option("a", T),))
    assert choice.kind.search_words(choice, "a") == []  # option labels are not searched
    text = Question("t", "textarea", T)
    assert text.kind.search_words(text, "scoring de fraude") == ["scoring de fraude"]
    assert text.kind.search_words(text, {"unknown": True}) == []
    measure = Question("x", "measure", T)
    assert measure.kind.search_words(measure, {"status": "planned", "owner": "DSI"}) == ["DSI"]
