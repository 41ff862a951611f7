"""Sensitivity by inference: from the data categories an assessment declares, the special
categories and highly personal traits they can reveal, with the chain of rules leading there.

Forward chaining over the rules of `questionnaires/inference_rules.yaml`: a rule fires when
all its inputs (declared categories, or traits already inferred) are present; traits inferred
that way can feed further rules (location traces → places visited → religious beliefs).

What an inference does to the risks follows its strength × the use made of the data
(`inference_evidence`): an inference that none of the declared uses exercises (profiling,
segmentation, model input, publication: question `inf_data_uses`), or that starts from data
not exploited for them (question `inf_exploited_categories`), is listed but raises nothing:
a first name kept to address a customer is not an ethnic-origin risk, a first name used as a
model feature is; a chain is as strong as its weakest rule, and a plausible one
lowers the trait's likelihood floor by one level, a speculative one removes it and lowers the
severity floor by one. Unanswered or « I don't know » uses count as every use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.conditions import is_unknown
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Catalogue, Effect, InferenceRule, Questionnaire, Trait
from riskassess.core.scoring import Reason, describe

INFERENCE_QUESTION = both("core/inference", "Inference from the declared data")
USES_QUESTION = "inf_data_uses"
EXPLOITED_QUESTION = "inf_exploited_categories"
STRENGTH_ORDER = ("speculative", "plausible", "established")
STRENGTH_LABELS = {
    "established": both("core/inference", "established"),
    "plausible": both("core/inference", "plausible"),
    "speculative": both("core/inference", "speculative"),
}
USE_LABELS = {
    "profiling": both("core/inference", "profiling"),
    "segmentation": both("core/inference", "segmentation"),
    "model_input": both("core/inference", "model input"),
    "publication": both("core/inference", "publication or sharing"),
}


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
        if question.kind.categories and not question.of_declared \
                and isinstance(value, list) and not is_unknown(value):
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


def declared_uses(questionnaire: Questionnaire, answers: Answers) -> frozenset[str] | None:
    """The uses made of the data (`inf_data_uses`); None when unanswered or unknown: every
    use then counts."""
    value = visible_answers(questionnaire, answers).get(USES_QUESTION)
    if not isinstance(value, list) or is_unknown(value):
        return None
    return frozenset(value) - {"none"}


def exploited_categories(questionnaire: Questionnaire, answers: Answers
                         ) -> frozenset[str] | None:
    """The declared data exploited for the uses (`inf_exploited_categories`); None when
    unanswered or unknown: all declared data then count as exploited."""
    value = visible_answers(questionnaire, answers).get(EXPLOITED_QUESTION)
    if not isinstance(value, list) or is_unknown(value):
        return None
    return frozenset(value)


def strength(inference: Inference) -> str:
    """A chain is as strong as its weakest rule."""
    return min((rule.strength for rule in inference.chain), key=STRENGTH_ORDER.index)


def exercised_by(inference: Inference, uses: frozenset[str] | None,
                 exploited: frozenset[str] | None = None) -> tuple[str, ...]:
    """The declared uses that make this inference matter (all of the rule's when unknown);
    none when the data the chain starts from are not among the data exploited."""
    if exploited is not None and not exploited & set(inference.inputs):
        return ()
    wanted = inference.chain[-1].uses
    return wanted if uses is None else tuple(u for u in wanted if u in uses)


def special_inferences(inferences: Iterable[Inference], uses: frozenset[str] | None,
                       exploited: frozenset[str] | None = None) -> list[Inference]:
    """Special categories (Art. 9) and criminal data (Art. 10) that the declared data reveal
    through an established chain and that the declared uses exercise: the processing uses
    them, so they count toward WP248's sensitive-data criterion and call for an Art. 9(2)
    condition (CJEU C-184/20)."""
    return [i for i in inferences if i.trait.special in ("art9", "art10")
            and strength(i) == "established" and exercised_by(i, uses, exploited)]


def _calibrated(effect: Effect, level: str) -> Effect:
    if level == "plausible":
        return replace(effect, likelihood_at_least=max(0, effect.likelihood_at_least - 1))
    if level == "speculative":
        return replace(effect, likelihood_at_least=0,
                       severity_at_least=max(0, effect.severity_at_least - 1))
    return effect


def inference_evidence(catalogue: Catalogue, inferences: Iterable[Inference],
                       uses: frozenset[str] | None = None,
                       exploited: frozenset[str] | None = None
                       ) -> Iterator[tuple[Effect, Reason]]:
    """The trait effects of each inference the declared uses exercise, calibrated by its
    strength, as reasons on the risks they raise."""
    for inference in inferences:
        exercised = exercised_by(inference, uses, exploited)
        if not exercised:
            continue
        level = strength(inference)
        explanation = inference.chain[-1].explanation
        chain = chain_text(catalogue, inference)
        how = {lang: f"{STRENGTH_LABELS[level].get(lang)} ; "
                     f"{', '.join(USE_LABELS[u].get(lang) for u in exercised)}"
               for lang in ("fr", "en")}
        answer = Text(fr=f"{chain.fr} ({how['fr']})", en=f"{chain.en} ({how['en']})")
        for effect in inference.trait.effects:
            effect = _calibrated(effect, level)
            if not any((effect.severity_at_least, effect.likelihood_at_least,
                        effect.severity_plus, effect.likelihood_plus)):
                continue
            yield effect, Reason("", INFERENCE_QUESTION, answer, describe(effect),
                                 effect.reason or explanation, "inference")
