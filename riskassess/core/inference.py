"""Sensitivity by inference: from the data categories an assessment declares, the special
categories and highly personal traits they can reveal, with the chain of rules leading there.

Forward chaining over the rules of `questionnaires/inference_rules.yaml`: a rule fires when
all its inputs (declared categories, or traits already inferred) are present; traits inferred
that way can feed further rules (location traces → places visited → religious beliefs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.i18n import Text
from riskassess.core.questionnaire import Catalogue, Effect, InferenceRule, Questionnaire, Trait
from riskassess.core.scoring import Reason, describe

INFERENCE_QUESTION = Text(fr="Inférence à partir des données déclarées",
                          en="Inference from the declared data")


@dataclass(frozen=True)
class Inference:
    trait: Trait
    chain: tuple[InferenceRule, ...]  # from the declared data to the trait, in order
    inputs: tuple[str, ...]  # the declared categories the chain starts from
    fired: tuple[InferenceRule, ...] = ()  # every rule revealing the trait from what is known


def declared_categories(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Every data category chosen in a visible `categories` question, in catalogue order."""
    counted = visible_answers(questionnaire, answers)
    found: dict[str, None] = {}
    for question in questionnaire.questions:
        value = counted.get(question.id)
        if question.type == "categories" and isinstance(value, list) and not is_unknown(value):
            found.update(dict.fromkeys(value))
    return list(found)


def infer(catalogue: Catalogue, categories: Iterable[str]) -> list[Inference]:
    known: dict[str, tuple[InferenceRule, ...]] = {c: () for c in categories}
    roots: dict[str, tuple[str, ...]] = {c: (c,) for c in known}
    changed = True
    while changed:
        changed = False
        for rule in catalogue.rules:
            if rule.reveals in known or not all(name in known for name in rule.when):
                continue
            chain: dict[InferenceRule, None] = {}
            origin: dict[str, None] = {}
            for name in rule.when:
                chain.update(dict.fromkeys(known[name]))
                origin.update(dict.fromkeys(roots[name]))
            known[rule.reveals] = (*chain, rule)
            roots[rule.reveals] = tuple(origin)
            changed = True
    fired: dict[str, list[InferenceRule]] = {}
    for rule in catalogue.rules:
        if all(name in known for name in rule.when):
            fired.setdefault(rule.reveals, []).append(rule)
    return [Inference(trait, known[tid], roots[tid], tuple(fired[tid]))
            for tid, trait in catalogue.traits.items() if tid in known and known[tid]]


def chain_text(catalogue: Catalogue, inference: Inference) -> Text:
    """ "Nombre de pas + Poids → Santé", in both languages."""

    def name(item: str, lang: str) -> str:
        found = catalogue.categories.get(item) or catalogue.traits.get(item)
        return found.label.get(lang) if found else item

    steps = {lang: " + ".join(name(i, lang) for i in inference.inputs) for lang in ("fr", "en")}
    for rule in inference.chain:
        for lang in steps:
            steps[lang] += f" → {name(rule.reveals, lang)}"
    return Text(fr=steps["fr"], en=steps["en"])


def inference_evidence(catalogue: Catalogue, inferences: Iterable[Inference]
                       ) -> Iterator[tuple[Effect, Reason]]:
    """The trait effects of each inference, as reasons on the risks they raise."""
    for inference in inferences:
        explanation = inference.chain[-1].explanation
        for effect in inference.trait.effects:
            yield effect, Reason("", INFERENCE_QUESTION, chain_text(catalogue, inference),
                                 describe(effect), effect.reason or explanation, "inference")
