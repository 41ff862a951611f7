"""Which tier of the EU AI Act (Regulation 2024/1689) applies, what decided it, and whether a
fundamental-rights impact assessment (Art. 27) is due.

Rules, applied to the flags the answers raise:

* while required questions of the AI Act module are unanswered or answered "I don't know" →
  `not_classified` (nothing may be concluded, not even "not an AI system");
* no `ai_system` flag → `not_ai`;
* an Art. 5 practice (`ai_prohibited_*`) → `prohibited`;
* an Annex III area (`ai_annex3_*`) or an Annex I safety component → `high`, unless an
  Art. 6(3) exemption is claimed for an Annex III system that does not profile people;
* an Art. 50 duty (`ai_transparency_*`) → `transparency`;
* otherwise → `minimal`.
Art. 50 duties apply whatever the tier and are always listed. A FRIA is due for a high-risk
system whose deployer is a public body or provides a public service, or deploys credit
scoring or life and health insurance pricing.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.answers import Answers, missing_required
from riskassess.core.conditions import is_unknown
from riskassess.core.flags import FlagHit, naming, raised_flags, unknown_in
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Catalogue, Questionnaire

TIERS = ("prohibited", "high", "transparency", "minimal", "not_ai", "not_classified")
TIER_LABELS = {
    "prohibited": both("core/ai_act", "Prohibited practice (Art. 5)"),
    "high": both("core/ai_act", "High-risk system"),
    "transparency": both("core/ai_act", "Transparency obligations (Art. 50)"),
    "minimal": both("core/ai_act", "Minimal risk"),
    "not_ai": both("core/ai_act", "Not an AI system"),
    "not_classified": both("core/ai_act", "Not yet classified"),
}
AI_ACT_MODULE = "ai_act"
AI_GATE = "scr_uses_ai"  # the screening question that opens the AI Act module
# When the obligations of each tier apply (Art. 113), and what the 2026 "digital omnibus"
# political agreement proposes; both are shown until the change is published in the Official
# Journal (see the reference notes, section 9).
DATES = {
    "prohibited": both("core/ai_act", "Applicable since 2 February 2025 (Art. 113(a))."),
    "high": both("core/ai_act",
                 "Obligations of Annex III high-risk systems: applicable from 2 August 2026 "
                 "under the Regulation as published; the 2026 “digital omnibus” political "
                 "agreement proposes to postpone them to December 2027 (Annex I: from August "
                 "2027 to August 2028). The postponement holds only once published in the "
                 "Official Journal."),
    "transparency": both("core/ai_act",
                         "Art. 50 obligations applicable from 2 August 2026 (a date the digital "
                         "omnibus keeps)."),
}
EXEMPTION = "ai_art6_3_exemption"
PROFILING = "ai_profiling"
ANNEX1 = "ai_annex1_product"
FRIA_DEPLOYERS = ("fria_public_body", "fria_credit_insurance")


@dataclass(frozen=True)
class AiActResult:
    tier: str
    decided_by: tuple[FlagHit, ...]
    transparency: tuple[FlagHit, ...]
    fria_required: bool
    reasons: tuple[Text, ...]

    @property
    def label(self) -> Text:
        return TIER_LABELS[self.tier]


def classify(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers
             ) -> AiActResult:
    flags = raised_flags(catalogue, questionnaire, answers)
    open_questions = _open_questions(questionnaire, answers)
    if open_questions:
        why = both("core/ai_act",
                   "Not yet classified: {n} question(s) of the AI Act module are unanswered or "
                   "“I don't know”. Until they are answered nothing can be concluded, not even "
                   "that the Regulation does not apply.").format(n=open_questions)
        return AiActResult("not_classified", (), (), False, (why,))

    def starting(prefix: str) -> tuple[FlagHit, ...]:
        return tuple(h for k, h in flags.items() if k.startswith(prefix))

    if "ai_system" not in flags:
        return AiActResult("not_ai", (), (), False, (both("core/ai_act",
                                                          "According to the answers, the "
                                                          "processing does not rely on an AI "
                                                          "system within the meaning of Art. "
                                                          "3(1): the Regulation does not "
                                                          "apply."),))
    prohibited, annex3 = starting("ai_prohibited_"), starting("ai_annex3_")
    annex1 = tuple(h for k, h in flags.items() if k == ANNEX1)
    transparency = starting("ai_transparency_")
    reasons: list[Text] = []
    exempt = bool(annex3) and EXEMPTION in flags and PROFILING not in flags and not annex1
    if EXEMPTION in flags and PROFILING in flags:
        reasons.append(both("core/ai_act",
                            "An Art. 6(3) exemption is claimed, but the system profiles natural "
                            "persons: the exemption never applies then."))
    if prohibited:
        tier, decided = "prohibited", prohibited
        reasons.append(naming(
            both("core/ai_act",
                 "Practice prohibited by Art. 5 (applicable since 2 February 2025): "
                 "{names}. The system cannot be placed on the market or used as it "
                 "is."), prohibited))
    elif (annex3 and not exempt) or annex1:
        tier, decided = "high", annex3 + annex1
        reasons.append(naming(
            both("core/ai_act",
                 "High-risk system: {names}. Obligations on risk management, data "
                 "governance, documentation, logging, transparency, human oversight "
                 "and robustness (Arts. 9 to 15 and 26)."), decided))
    elif transparency:
        tier, decided = "transparency", transparency
    else:
        tier, decided = "minimal", ()
        if exempt:
            reasons.append(naming(
                both("core/ai_act",
                     "Annex III area ({names}), but an Art. 6(3) exemption is "
                     "claimed: it must be documented and the system registered."), annex3))
        reasons.append(both("core/ai_act",
                            "No prohibited practice, high-risk area or transparency duty "
                            "identified: minimal risk (voluntary codes of conduct)."))
    if transparency:
        reasons.append(naming(
            both("core/ai_act", "Transparency obligations of Art. 50: {names}."), transparency))
    if tier in DATES:
        reasons.append(DATES[tier])
    elif transparency:
        reasons.append(DATES["transparency"])
    fria = tier == "high" and any(f in flags for f in FRIA_DEPLOYERS)
    if fria:
        deployers = tuple(flags[f] for f in FRIA_DEPLOYERS if f in flags)
        reasons.append(naming(
            both("core/ai_act",
                 "A fundamental rights impact assessment (Art. 27) is due before "
                 "first use: {names}."), deployers))
    return AiActResult(tier, decided, transparency, fria, tuple(reasons))


def _open_questions(questionnaire: Questionnaire, answers: Answers) -> int:
    """Required visible questions of the AI Act module without a usable answer, counting the
    screening's AI question that opens the module (unanswered, nothing can be said)."""
    module = questionnaire.module(AI_ACT_MODULE)
    if module is None:
        return 0
    gate = answers.get(AI_GATE)
    if questionnaire.question(AI_GATE) is not None and (gate is None or is_unknown(gate)):
        return 1
    ids = {q.id for q in module.questions}
    missing = [q for q in missing_required(questionnaire, answers) if q.id in ids]
    return len(missing) + len(unknown_in(questionnaire, answers, AI_ACT_MODULE))
