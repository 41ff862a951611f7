"""Flags raised by answers: the screening criteria and AI Act markers, with what raised them.

A flag declared with `requires` (in flags.yaml) counts only when all the flags it requires are
raised too: e.g. an automated decision is a WP248 criterion only when it has legal or similarly
significant effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.answers import Answers, unknown_answers, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Catalogue, Flag, Questionnaire


@dataclass(frozen=True)
class Because:
    """The answer that raised a flag."""

    question_id: str
    question: Text
    answer: Text


@dataclass(frozen=True)
class FlagHit:
    flag: Flag
    because: tuple[Because, ...]


def raised_flags(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers
                 ) -> dict[str, FlagHit]:
    """Every flag raised by the visible answers, in flags.yaml order."""
    counted = visible_answers(questionnaire, answers)
    found: dict[str, list[Because]] = {}
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if not question.has_options or value is None or is_unknown(value):
            continue
        for option_value in value if isinstance(value, list) else [value]:
            option = question.option(option_value)
            for flag in option.flags if option else ():
                found.setdefault(flag, []).append(
                    Because(question.id, question.text, option.label))
    changed = True
    while changed:  # drop flags whose requirements are not met, until stable
        changed = False
        for flag_id in list(found):
            flag = catalogue.flags.get(flag_id)
            if flag is not None and not all(r in found for r in flag.requires):
                del found[flag_id]
                changed = True
    return {fid: FlagHit(flag, tuple(found[fid])) for fid, flag in catalogue.flags.items()
            if fid in found}


def unknown_in(questionnaire: Questionnaire, answers: Answers, module_id: str) -> list[Because]:
    """Visible questions of a module answered "I don't know"."""
    module = questionnaire.module(module_id)
    in_module = {q.id for q in module.questions} if module else set()
    unknown = both("core/flags", "I don't know")
    return [Because(q.id, q.text, unknown) for q in unknown_answers(questionnaire, answers)
            if q.id in in_module]


def naming(template: Text, hits: tuple[FlagHit, ...] = ()) -> Text:
    """A reason in both languages; `{names}` lists the flags, `{n}` counts them."""
    def names(lang: str) -> str:
        return ("\u00a0; " if lang == "fr" else "; ").join(h.flag.label.get(lang) for h in hits)

    return Text(fr=template.fr.format(names=names("fr"), n=len(hits)),
                en=template.en.format(names=names("en"), n=len(hits)))
