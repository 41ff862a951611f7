"""The web form's spellings of « Je ne sais pas » (riskassess/web/answer_form.py), read as the
domain's one, {"unknown": true}, before any parsing (core/question_types.py): the option of a
choice or of several, a measure's status, the checkbox beside a free field."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from riskassess.core.i18n import Text
from riskassess.core.question_types import REGISTRY, parse
from riskassess.core.questionnaire import Option, Question
from riskassess.web.answer_form import UNKNOWN_FORM_VALUE, raw_answer
from tests.helpers import SAMPLES, form_fields

T = Text("x", "x")
OPTIONS = (Option("a", T), Option("b", T))


def question(kind: str, **extra) -> Question:
    return Question("q", kind, T, allows_unknown=True,
                    options=OPTIONS if REGISTRY[kind].options else (), **extra)


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_kind_reads_the_form_s_i_do_not_know_as_the_domain_s(kind):
    asked = question(kind)
    sent = MultiDict(form_fields(asked, {"unknown": True}))
    assert UNKNOWN_FORM_VALUE in sent.values() or sent.get("q__unknown") == "1"
    assert raw_answer(asked, sent) == {"unknown": True}
    assert parse(asked, raw_answer(asked, sent)) == {"unknown": True}


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_kind_reads_back_from_the_form_what_it_stores(kind):
    asked = question(kind)
    value = SAMPLES[kind](asked)
    assert parse(asked, raw_answer(asked, MultiDict(form_fields(asked, value)))) == value


def test_the_spellings_one_by_one():
    assert raw_answer(question("choice"), MultiDict({"q": UNKNOWN_FORM_VALUE})) \
        == {"unknown": True}
    assert raw_answer(question("multi"), MultiDict([("q", "a"), ("q", UNKNOWN_FORM_VALUE)])) \
        == {"unknown": True}
    assert raw_answer(question("measure"), MultiDict({"q__status": UNKNOWN_FORM_VALUE})) \
        == {"unknown": True}
    assert raw_answer(question("text"), MultiDict({"q": "typed", "q__unknown": "1"})) \
        == {"unknown": True}
    # a measure's owner who happens to type the marker is an owner, not « Je ne sais pas »
    typed = raw_answer(question("measure"), MultiDict({"q__status": "planned",
                                                       "q__owner": UNKNOWN_FORM_VALUE}))
    assert typed["owner"] == UNKNOWN_FORM_VALUE


def test_every_kind_has_its_input_in_the_wizard(app):
    inputs = app.jinja_env.get_template("wizard/_answer_inputs.html").module
    assert all(callable(getattr(inputs, kind, None)) for kind in REGISTRY), \
        [kind for kind in REGISTRY if not hasattr(inputs, kind)]
