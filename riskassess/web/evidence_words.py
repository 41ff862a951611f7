"""What a measurement on a data sample means, in one or two plain sentences for the person
reading the evidence page (issue 21): k, the share of unique rows and l-diversity for
re-identification; the selection rates and the parity ratio for fairness; and the risks the
measurement changed (the "measured" and "contradicted" reasons of the profile)."""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, get_locale, ngettext
from flask_babel import gettext as _

from riskassess.core.risk_profile import Profile


def reidentification(r: dict) -> list[str]:
    columns = ", ".join(r.get("quasi_identifiers") or []) or "—"
    said = []
    if r["k"] <= 1:
        said.append(_("At least one person in the sample is alone with their values of "
                      "%(columns)s: whoever knows these few facts about them finds their "
                      "row, and everything else it holds.", columns=columns))
        said.append(_("%(share)s of the rows are unique on these columns: as many people "
                      "can be singled out.", share=pct(r["unique_share"])))
    else:
        said.append(ngettext(
            "Every combination of %(columns)s is shared by at least %(num)d rows: nobody is "
            "singled out by these columns alone (other columns may still do it).",
            "Every combination of %(columns)s is shared by at least %(num)d rows: nobody is "
            "singled out by these columns alone (other columns may still do it).",
            r["k"], columns=columns))
    if r.get("sensitive") and r.get("l_diversity") == 1:
        said.append(_("In at least one group of people sharing these values, everyone has the "
                      "same %(column)s: knowing that someone is in the group reveals it.",
                      column=r["sensitive"]))
    return said


def fairness(f: dict) -> list[str]:
    groups = f.get("groups") or {}
    if len(groups) < 2 or f.get("demographic_parity_ratio") is None:
        return []
    low = min(groups, key=lambda name: groups[name]["selection_rate"])
    high = max(groups, key=lambda name: groups[name]["selection_rate"])
    said = [_("Group “%(low)s” is selected %(ratio)s as often as group “%(high)s” (%(low_rate)s "
              "against %(high_rate)s).", low=low, high=high,
              ratio=pct(f["demographic_parity_ratio"], ""),
              low_rate=pct(groups[low]["selection_rate"]),
              high_rate=pct(groups[high]["selection_rate"]))]
    said.append(_("That is below the four fifths (80 %%) that the four-fifths rule looks for.")
                if f.get("four_fifths_flag") else
                _("That is within the four fifths (80 %%) that the four-fifths rule looks for."))
    return said


def changed_risks(profile: Profile) -> list[tuple[str, str]]:
    """(risk id, its title's Text) of the risks a measurement raised or whose declaration it
    contradicted."""
    return [(risk.id, risk.title) for risk in profile.risks.risks
            if any(reason.kind in ("evidence", "contradiction") for reason in risk.reasons)]


def pct(share: float, decimals: str = ".#") -> str:
    """A share (0-1) as a percentage: « 33,3 % » in French, "33.3%" in English."""
    sign = "\u00a0%" if str(get_locale()).startswith("fr") else "%"
    return format_percent(share, "#,##0" + decimals + sign)


def number(value: float | None, places: int = 3) -> str:
    return "—" if value is None else format_decimal(value, "#,##0." + "0" * places)
