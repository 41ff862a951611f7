"""What measured data says about the risks: re-identification figures of a sample and fairness
figures of a decision sample, turned into effects with reasons (kind "evidence").

Thresholds, documented here and in the README:
* re-identification: direct identifiers in the sample, or k = 1, or 20 % or more of records
  unique on the quasi-identifiers → likelihood ≥ 4; k < 5 → ≥ 3; k < 10 → ≥ 2; k ≥ 10 → the
  measured k protects (likelihood −1). l-diversity of 1 → sensitive inference likelihood ≥ 3;
* fairness: demographic parity ratio < 0.5 → discrimination likelihood ≥ 4, < 0.8 (four-fifths
  flag) → ≥ 3; equal opportunity or equalized odds difference ≥ 0.2 → ≥ 4, ≥ 0.1 → ≥ 3; no
  disparity found on these measures → likelihood −1.

Measured evidence outranks declarations: a floor it sets (`*_at_least`) holds after every
protection (core/scoring.py), unless a re-identification sample was taken before the declared
protections (`stage: raw`, an extract of the source data): the protections then lower it like
any factor. A declaration the measurement of the protected data contradicts (pseudonymisation
or anonymisation against an easily re-identified sample; "measured: no significant gap"
against a sample showing a disparity) is listed as a contradiction and not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from riskassess.core.i18n import Text, both
from riskassess.core.pii import DIRECT
from riskassess.core.questionnaire import Effect
from riskassess.core.scoring import Reason, describe

REIDENTIFICATION = both("core/evidence", "Re-identification profile of a sample")
FAIRNESS = both("core/evidence", "Fairness measured on a sample of decisions")


def _evidence(source: Text, finding: Text, effect: Effect) -> tuple[Effect, Reason]:
    return effect, Reason("", source, finding, describe(effect), effect.reason or Text("", ""),
                          "evidence")


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def _reidentification_level(k: int, unique: float) -> int:
    """The likelihood floor a measured k and share of unique records set (0: none)."""
    if k == 1 or unique >= 0.2:
        return 4
    if k < 5:
        return 3
    return 2 if k < 10 else 0


def _direct_identifiers(result: dict[str, Any]) -> list[str]:
    return sorted({c["pii"] for c in result["columns"].values() if c["pii"] in DIRECT})


def _error_gap(result: dict[str, Any]) -> float | None:
    """The larger of the equal opportunity and equalized odds differences, when measured."""
    return max((d for d in (result["equal_opportunity_difference"],
                            result["equalized_odds_difference"]) if d is not None),
               default=None)


def raw_sample(result: dict[str, Any]) -> bool:
    """Whether a re-identification sample was taken before the declared protections (an
    extract of the source data) rather than from the data as used, shared or released after
    them ("protected", the default, and the only stage of samples measured before the stage
    was asked)."""
    return result.get("stage") == "raw"


def _before_protections(found: tuple[Effect, Reason]) -> tuple[Effect, Reason]:
    """A floor measured before the declared protections is an ordinary factor: the
    protections applied afterwards lower it like any other."""
    effect, reason = found
    if not (effect.severity_at_least or effect.likelihood_at_least):
        return found
    caveat = both("core/evidence",
                  " Sample taken before the declared protections: they may lower this level.")
    return effect, replace(reason, kind="raises", explanation=reason.explanation + caveat)


def reidentification_evidence(result: dict[str, Any]) -> Iterator[tuple[Effect, Reason]]:
    if raw_sample(result):
        yield from map(_before_protections, _reidentification_evidence(result))
    else:
        yield from _reidentification_evidence(result)


def _reidentification_evidence(result: dict[str, Any]) -> Iterator[tuple[Effect, Reason]]:
    k, unique, rows = result["k"], result["unique_share"], result["rows"]
    qi = ", ".join(result["quasi_identifiers"]) or "—"
    finding = both("core/evidence",
                   "{rows} rows, quasi-identifiers {qi}: k = {k}, {unique} of records unique"
                   ).format(rows=rows, qi=qi, k=k, unique=_pct(unique))
    direct = _direct_identifiers(result)
    if direct:
        yield _evidence(REIDENTIFICATION, finding, Effect(
            "reidentification", both(
                "core/evidence", "The sample holds direct identifiers ({direct}): people are "
                "identified, not merely identifiable.").format(direct=", ".join(direct)),
            likelihood_at_least=4))
    if result["quasi_identifiers"]:
        level = _reidentification_level(k, unique)
        if level:
            yield _evidence(REIDENTIFICATION, finding, Effect(
                "reidentification", both(
                    "core/evidence", "With k = {k}, someone who knows these few attributes "
                    "can single out another person’s record; below k = 5 re-identification is "
                    "considered easy.").format(k=k), likelihood_at_least=level))
        else:
            yield _evidence(REIDENTIFICATION, finding, Effect(
                "reidentification", both(
                    "core/evidence", "Every combination of quasi-identifiers is shared by at "
                    "least {k} records: re-identification through these attributes is hard."
                ).format(k=k),
                likelihood_minus=1))
    if result.get("l_diversity") == 1:
        yield _evidence(REIDENTIFICATION, both(
            "core/evidence", "l-diversity of “{sensitive}” = 1").format(
                sensitive=result["sensitive"]), Effect(
            "sensitive_inference", both("core/evidence",
                                        "In at least one class every record has the same "
                                        "sensitive value: knowing a person’s quasi-identifiers "
                                        "is enough to deduce it."),
            likelihood_at_least=3))


def fairness_evidence(result: dict[str, Any]) -> Iterator[tuple[Effect, Reason]]:
    ratio = result["demographic_parity_ratio"]
    eod = result["equal_opportunity_difference"]
    small = [w["group"] for w in result.get("warnings", []) if w["code"] == "small_group"]
    caveat = both("core/evidence", " Caution: groups under 30 people ({groups}), fragile "
                  "figures.").format(groups=", ".join(small)) if small else Text("", "")
    difference = result["demographic_parity_difference"]
    finding = both("core/evidence", "demographic parity ratio {ratio}, difference {difference}"
                   ).format(ratio=f"{ratio:.2f}", difference=f"{difference:.2f}")
    if eod is not None:
        finding += both("core/evidence", ", equal opportunity {eod}").format(eod=f"{eod:.2f}")
    raised = False
    if ratio < 0.8:
        raised = True
        yield _evidence(FAIRNESS, finding, Effect("discrimination", both(
            "core/evidence", "The least favoured group's selection rate is below four fifths "
            "of the most favoured group's (four-fifths rule, a prima facie sign of disparate "
            "impact, not a universal legal threshold).") + caveat,
            likelihood_at_least=4 if ratio < 0.5 else 3))
    gap = _error_gap(result)
    if gap is not None and gap >= 0.1:
        raised = True
        yield _evidence(FAIRNESS, finding, Effect("discrimination", both(
            "core/evidence", "Error rates differ between groups (gap of {gap}): the system is "
            "wrong more often for some.").format(gap=f"{gap:.2f}") + caveat,
            likelihood_at_least=4 if gap >= 0.2 else 3))
    if not raised:
        yield _evidence(FAIRNESS, finding, Effect("discrimination", both(
            "core/evidence", "No notable disparity measured on this sample.") + caveat,
            likelihood_minus=1))


EVIDENCE = {"reidentification": reidentification_evidence, "fairness": fairness_evidence}


def measured_evidence(measurements: dict[str, dict[str, Any]]
                      ) -> Iterator[tuple[Effect, Reason]]:
    """Evidence from the latest measurement of each kind."""
    for kind, result in measurements.items():
        yield from EVIDENCE[kind](result)


@dataclass(frozen=True)
class Contradiction:
    """A declaration that a measurement on a data sample contradicts; it is not counted."""

    question_id: str
    risk: str
    explanation: Text


def _reidentifiable(result: dict[str, Any]) -> bool:
    """Easily re-identified: direct identifiers, or a floor of 3 or more (k < 5, 20 % unique)."""
    easy = bool(result["quasi_identifiers"]) and \
        _reidentification_level(result["k"], result["unique_share"]) >= 3
    return bool(_direct_identifiers(result)) or easy


def _disparate(result: dict[str, Any]) -> bool:
    """A disparity the fairness evidence raises: four-fifths rule, or an error-rate gap."""
    gap = _error_gap(result)
    return result["demographic_parity_ratio"] < 0.8 or (gap is not None and gap >= 0.1)


def contradictions(answers: dict[str, Any], measurements: dict[str, dict[str, Any]]
                   ) -> list[Contradiction]:
    """The declarations the latest measurements contradict."""
    found = []
    reid = measurements.get("reidentification")
    if reid is not None and not raw_sample(reid) and _reidentifiable(reid):
        measured = (f"k = {reid['k']}, {_pct(reid['unique_share'])}")
        for question_id in ("sec_pseudonymisation", "sec_anonymisation"):
            value = answers.get(question_id)
            if isinstance(value, dict) and value.get("status") in ("existing", "planned"):
                found.append(Contradiction(question_id, "reidentification", both(
                    "core/evidence", "Declaration contradicted by the measurement ({measured} "
                    "of records unique): people in the sample remain easy to re-identify; this "
                    "measure is not counted.").format(measured=measured)))
    fair = measurements.get("fairness")
    if fair is not None and _disparate(fair) and answers.get("fai_disparity_measured") == "no_gap":
        ratio = fair["demographic_parity_ratio"]
        found.append(Contradiction("fai_disparity_measured", "discrimination", both(
            "core/evidence", "Declaration contradicted by the measurement (parity ratio "
            "{ratio}): the decision sample shows a gap; the answer “no significant gap” is not "
            "counted.").format(ratio=f"{ratio:.2f}")))
    return found
