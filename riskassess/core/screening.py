"""Is an AIPD (DPIA) required? The verdict, the criteria that decided it, and why.

Rules, from GDPR Art. 35, the EDPB-endorsed WP248 rev.01 guidelines and the CNIL's two lists
(délibération 2018-327, processing types that always require an AIPD; délibération 2019-118,
types for which none is required, Art. 35(5)), applied to the flags the answers raise:

1. an Art. 35(3) case, or a processing type of the CNIL's mandatory list → `required` (even
   when an exemption or Recital 91 is also claimed: the mandatory cases prevail);
2. a type of the CNIL's exemption list → `not_required`, citing the entry;
3. Recital 91 (patients' or clients' data of an individual physician, health professional or
   lawyer: not large scale, an AIPD "should not be mandatory") → `not_required`; the
   scale-based criteria (WP248 criterion 5, Art. 35(3)(b)) are set aside, the others are shown
   for information (WP248's own worked example: a physician's patient files, no AIPD);
4. two or more of the nine WP248 criteria → `required` (WP248: "in most cases"; the controller
   may document why it considers the risk not high);
5. one criterion → `not_required` by WP248's rule of thumb (two criteria "in most cases" call
   for a DPIA, one only "in some cases"), with the reasoning to document, since one criterion
   can suffice when the risk is high;
6. none → `not_required`.

While the screening is incomplete (required questions unanswered or answered "I don't know")
and no rule above makes an AIPD required, the verdict is `recommended`: nothing can be
concluded yet, and doing the AIPD is the prudent course.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskassess.core.answers import Answers, missing_required
from riskassess.core.flags import Because, FlagHit, naming, raised_flags, unknown_in
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Catalogue, Questionnaire

SCREENING_MODULE = "screening"
RECITAL_91 = "recital91_individual_professional"
SCALE_BASED = ("wp248_large_scale", "art35_3b")
SENSITIVE = "wp248_sensitive"
VERDICTS = ("required", "recommended", "not_required")
VERDICT_LABELS = {
    "required": both("core/screening", "DPIA required"),
    "recommended": both("core/screening", "DPIA recommended (screening incomplete)"),
    "not_required": both("core/screening", "DPIA not required"),
}


@dataclass(frozen=True)
class Screening:
    verdict: str
    criteria: tuple[FlagHit, ...]  # WP248 criteria met
    art35_3: tuple[FlagHit, ...]
    cnil_list: tuple[FlagHit, ...]
    exception: FlagHit | None
    unknown: tuple[Because, ...]
    reasons: tuple[Text, ...]
    exempt: tuple[FlagHit, ...] = ()  # entries of the CNIL exemption list (Art. 35(5))

    @property
    def label(self) -> Text:
        return VERDICT_LABELS[self.verdict]


def screen(catalogue: Catalogue, questionnaire: Questionnaire, answers: Answers,
           inferred: tuple[Because, ...] = ()) -> Screening:
    """`inferred`: special categories the processing uses although it only infers them
    (core/inference.py, special_inferences); they meet WP248's sensitive-data criterion."""
    flags = raised_flags(catalogue, questionnaire, answers)
    sensitive = catalogue.flags.get(SENSITIVE)
    if inferred and sensitive is not None:
        earlier = flags[SENSITIVE].because if SENSITIVE in flags else ()
        flags[SENSITIVE] = FlagHit(sensitive, (*earlier, *inferred))
        flags = {f: flags[f] for f in catalogue.flags if f in flags}  # flags.yaml order
    exception = flags.get(RECITAL_91)
    if exception is not None:
        flags = {k: v for k, v in flags.items() if k not in SCALE_BASED}

    def group(name: str) -> tuple[FlagHit, ...]:
        return tuple(h for h in flags.values() if h.flag.group == name)

    criteria, art35, cnil = group("wp248"), group("art35_3"), group("cnil_list")
    unknown = tuple(unknown_in(questionnaire, answers, SCREENING_MODULE))
    module = questionnaire.module(SCREENING_MODULE)
    unanswered = [q for q in missing_required(questionnaire, answers)
                  if module is not None and q in module.questions]
    reasons: list[Text] = []
    if exception is not None:
        reasons.append(naming(
            both("core/screening",
                 "Patients’ or clients’ data processed by an individual professional "
                 "(Recital 91): the processing is not considered large scale, so "
                 "scale-based criteria are set aside.")))
    if art35:
        reasons.append(naming(
            both("core/screening", "GDPR Art. 35(3) requires a DPIA: {names}."), art35))
    if cnil:
        reasons.append(naming(
            both("core/screening",
                 "The processing is on the CNIL list of processing types that always "
                 "require a DPIA: {names}."), cnil))
    exempt = group("cnil_exempt")
    mandatory = bool(art35 or cnil)
    if exempt:
        prevails = both("core/screening", " A mandatory case above prevails.") if mandatory \
            else Text("", "")
        reasons.append(naming(both(
            "core/screening", "The processing is on the CNIL list of processing types for which "
            "no DPIA is required (délibération 2019-118, GDPR Art. 35(5)): {names}.") + prevails,
            exempt))
    if exception is not None or (exempt and not mandatory):
        if criteria:
            reasons.append(naming(
                both("core/screening",
                     "WP248 criteria found, for information: {names}."), criteria))
    elif len(criteria) >= 2:
        reasons.append(naming(
            both("core/screening",
                 "{n} criteria of the WP248 guidelines are met: {names}. With two or "
                 "more criteria a DPIA is in principle required; the controller may "
                 "document why it considers a high risk unlikely nonetheless."), criteria))
    elif len(criteria) == 1:
        reasons.append(naming(
            both("core/screening",
                 "One criterion of the WP248 guidelines is met: {names}. By their "
                 "rule of thumb a DPIA is then not required; document this "
                 "reasoning, since one criterion can suffice when the risk is high."), criteria))
    else:
        reasons.append(both("core/screening", "No criterion of the WP248 guidelines is met."))
    if mandatory:
        verdict = "required"
    elif exempt:
        verdict = "not_required"
        reasons.append(both("core/screening",
                            "A DPIA is not required (CNIL exemption list); the other GDPR "
                            "obligations, security (Art. 32) included, apply."))
    elif exception is not None:
        verdict = "not_required"
        reasons.append(both("core/screening",
                            "Recital 91: a DPIA is not mandatory for this processing."))
    elif len(criteria) >= 2:
        verdict = "required"
    elif unknown or unanswered:
        verdict = "recommended"
        reasons.append(both("core/screening",
                            "Screening incomplete ({unanswered} unanswered question(s), "
                            "{unknown} “I don't know”): until it is complete, a DPIA remains "
                            "recommended.").format(unanswered=len(unanswered),
                                                   unknown=len(unknown)))
    else:
        verdict = "not_required"
        reasons.append(both("core/screening",
                            "A DPIA is not required; keep this analysis and review it if the "
                            "processing changes."))
    return Screening(verdict, criteria, art35, cnil, exception, unknown, tuple(reasons),
                     exempt)
