"""The whole risk profile of an assessment: DPIA screening, AI Act tier, risks, overall
conclusion per the CNIL method, ethics pillar summary and action plan — and its JSON form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from riskassess.core.action_plan import Action, action_plan
from riskassess.core.ai_act import AiActResult, classify
from riskassess.core.answers import Answers, is_visible, visible_answers
from riskassess.core.applicability import set_aside
from riskassess.core.conditions import is_unknown
from riskassess.core.evidence import Contradiction, contradictions, measured_evidence
from riskassess.core.flags import Because
from riskassess.core.i18n import Text, both
from riskassess.core.inference import (
    INFERENCE_QUESTION,
    Inference,
    chain_text,
    declared_categories,
    declared_uses,
    exploited_categories,
    infer,
    inference_evidence,
    special_inferences,
)
from riskassess.core.questionnaire import Catalogue, Questionnaire
from riskassess.core.scoring import Adjustment, Reason, RiskProfile, RiskResult, adjusted, score
from riskassess.core.screening import Screening, screen

PILLARS = ("privacy", "fairness", "explicability", "autonomy", "non_maleficence")
PILLAR_LABELS = {
    "privacy": both("core/risk_profile", "Privacy"),
    "fairness": both("core/risk_profile", "Fairness"),
    "explicability": both("core/risk_profile", "Explicability"),
    "autonomy": both("core/risk_profile", "Human autonomy"),
    "non_maleficence": both("core/risk_profile", "Non-maleficence"),
}
CONCLUSIONS = {
    "cannot_conclude": both("core/risk_profile",
                            "Cannot conclude yet: some measures are unanswered or “I don't "
                            "know”. An unknown measure is not an absent one; answer them so "
                            "that residual risks can be assessed."),
    "acceptable": both("core/risk_profile",
                       "Residual risks acceptable: the processing can go ahead with the planned "
                       "measures."),
    "to_improve": both("core/risk_profile",
                       "To improve: some residual risks remain significant; further measures "
                       "are expected."),
    "prior_consultation": both("core/risk_profile",
                               "Prior consultation of the supervisory authority needed: a "
                               "residual risk remains high (GDPR Art. 36)."),
}


@dataclass(frozen=True)
class Pillar:
    id: str
    label: Text
    score: int  # 0-100, from the worst residual risk of the pillar
    level: int  # 1-4
    risks: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    screening: Screening
    ai_act: AiActResult
    risks: RiskProfile
    conclusion: str
    pillars: tuple[Pillar, ...]
    action_plan: tuple[Action, ...]
    inferences: tuple[Inference, ...] = ()
    measurements: tuple[tuple[str, Any], ...] = ()  # (kind, result) of the latest samples
    pending: tuple[str, ...] = ()  # measure questions unanswered or « I don't know »
    contradictions: tuple[Contradiction, ...] = ()  # declarations a measurement contradicts

    @property
    def conclusion_text(self) -> Text:
        return CONCLUSIONS[self.conclusion]


ART_35_1 = both("core/risk_profile",
                "GDPR Art. 35(1): the assessment finds that a residual risk remains high; the "
                "processing is therefore likely to result in a high risk and a DPIA is required.")


def pending_measures(questionnaire: Questionnaire, answers: Answers) -> tuple[str, ...]:
    """Visible measure questions not answered yet, or answered « I don't know »."""
    counted = visible_answers(questionnaire, answers)
    return tuple(q.id for q in questionnaire.questions
                 if q.is_measure and is_visible(q, counted)
                 and (q.id not in counted or is_unknown(counted[q.id])))


def conclude(risks: Iterable[RiskResult], pending: tuple[str, ...] = ()) -> str:
    """cannot_conclude while measures are pending; else prior consultation (GDPR Art. 36) only
    when a residual risk stays high, to improve when one is significant, else acceptable."""
    if pending:
        return "cannot_conclude"
    zones = {r.final.zone for r in risks}
    if "high" in zones:
        return "prior_consultation"
    return "to_improve" if "medium" in zones else "acceptable"


def consistent_screening(screening: Screening, conclusion: str) -> Screening:
    """The screening never says less than the conclusion: a high residual risk means a DPIA is
    required by Art. 35(1), whatever the indicators of the lists and criteria."""
    if conclusion != "prior_consultation" or screening.verdict == "required":
        return screening
    return replace(screening, verdict="required", reasons=(*screening.reasons, ART_35_1))


def pillar_summary(risks: RiskProfile) -> tuple[Pillar, ...]:
    pillars = []
    for pillar in PILLARS:
        members = [r for r in risks.risks if r.pillar == pillar]
        worst = max((r.final.severity * r.final.likelihood for r in members), default=1)
        score = round(worst * 100 / 16)
        level = 1 if score <= 25 else 2 if score <= 50 else 3 if score <= 75 else 4
        pillars.append(Pillar(pillar, PILLAR_LABELS[pillar], score, level,
                              tuple(r.id for r in members)))
    return tuple(pillars)


def build_profile(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers,
                  measurements: dict[str, dict[str, Any]] | None = None,
                  adjustments: Mapping[str, Adjustment] | None = None) -> Profile:
    """Everything computed from the answers, what the declared data can reveal, and the
    latest measurements on data samples (re-identification, fairness); the DPO's
    `adjustments` are the final levels of the risks they adjusted, wherever a level counts."""
    measurements = measurements or {}
    given, answers = answers, visible_answers(questionnaire, answers)  # counted once
    inferences = infer(catalogue, declared_categories(questionnaire, answers))
    uses, exploited = declared_uses(questionnaire, answers), exploited_categories(questionnaire,
                                                                                answers)
    evidence = [*inference_evidence(catalogue, inferences, uses, exploited),
                *measured_evidence(measurements)]
    found = tuple(contradictions(answers, measurements))
    risks = adjusted(score(catalogue, questionnaire, answers, evidence,
                           {(c.question_id, c.risk): c.explanation for c in found},
                           set_aside(questionnaire, answers)),
                     adjustments or {})
    pending = pending_measures(questionnaire, answers)
    conclusion = conclude(risks.risks, pending)
    return Profile(
        screening=consistent_screening(screen(catalogue, questionnaire, answers, tuple(
            Because("", INFERENCE_QUESTION, chain_text(catalogue, i))
            for i in special_inferences(inferences, uses, exploited))), conclusion),
        ai_act=classify(catalogue, questionnaire, given),
        risks=risks,
        conclusion=conclusion,
        pending=pending,
        contradictions=found,
        pillars=pillar_summary(risks),
        action_plan=tuple(action_plan(questionnaire, answers, {
            r.id: r.final.severity * r.final.likelihood for r in risks.risks})),
        inferences=tuple(inferences),
        measurements=tuple(sorted(measurements.items())),
    )


def _reason_text(reason: Reason, lang: str) -> str:
    if not reason.has_answer:
        return reason.explanation.get(lang)
    return (f"{reason.question.get(lang)} → {reason.answer.get(lang)} "
            f"({reason.effect.get(lang)}): {reason.explanation.get(lang)}").strip()


def to_dict(profile: Profile, lang: str = "en") -> dict[str, Any]:
    """The profile as plain JSON-ready data, texts in `lang`."""

    def hits(found) -> list[dict[str, Any]]:
        return [{"id": h.flag.id, "label": h.flag.label.get(lang),
                 "answers": [f"{b.question.get(lang)} → {b.answer.get(lang)}"
                             for b in h.because]} for h in found]

    screening, ai = profile.screening, profile.ai_act
    return {
        "screening": {
            "verdict": screening.verdict,
            "criteria": hits(screening.criteria),
            "art35_3": hits(screening.art35_3),
            "cnil_list": hits(screening.cnil_list),
            "cnil_exempt": hits(screening.exempt),
            "recital_91": screening.exception is not None,
            "reasons": [r.get(lang) for r in screening.reasons],
        },
        "ai_act": {
            "tier": ai.tier,
            "decided_by": hits(ai.decided_by),
            "transparency": hits(ai.transparency),
            "fria_required": ai.fria_required,
            "reasons": [r.get(lang) for r in ai.reasons],
        },
        "risks": [
            {
                "id": r.id,
                "title": r.title.get(lang),
                "pillar": r.pillar,
                "initial": {"severity": r.initial.severity, "likelihood": r.initial.likelihood},
                "residual": {"severity": r.residual.severity,
                             "likelihood": r.residual.likelihood},
                "adjusted": None if r.adjustment is None else {
                    "severity": r.adjustment.level.severity,
                    "likelihood": r.adjustment.level.likelihood,
                    "by": r.adjustment.author, "justification": r.adjustment.justification},
                "final": {"severity": r.final.severity, "likelihood": r.final.likelihood},
                "trail": [{"dimension": step.dimension, "kind": step.kind,
                           "amount": step.amount, "counted": step.counted,
                           "level": step.level, "phase": step.phase, "note": step.note,
                           "because": _reason_text(step.reason, lang) if step.reason else ""}
                          for step in r.trail],
                "reasons": [_reason_text(reason, lang) for reason in r.reasons],
            }
            for r in profile.risks.risks
        ],
        "conclusion": profile.conclusion,
        "pending_measures": list(profile.pending),
        "contradictions": [{"question_id": c.question_id, "risk": c.risk,
                            "explanation": c.explanation.get(lang)}
                           for c in profile.contradictions],
        "pillars": {p.id: {"score": p.score, "level": p.level} for p in profile.pillars},
        "action_plan": [
            {"measure": a.measure.get(lang), "question_id": a.question_id,
             "risks": list(a.risks), "owner": a.owner, "due": a.due, "status": a.status}
            for a in profile.action_plan
        ],
    }
