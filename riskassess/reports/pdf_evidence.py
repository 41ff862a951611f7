"""Section 4 of the report: ethics pillars (chart), sensitivity by inference, and the figures
measured on data samples (re-identification, fairness)."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from riskassess.reports.numbers import decimal, percent, whole
from riskassess.reports.paragraphs import grid, p
from riskassess.reports.pdf_figures import pillar_chart


def _inferences(data) -> list:
    lang = data.lang
    story: list = [p(_("Sensitivity by inference"), "h2")]
    if not data.profile.inferences:
        return [*story, p(_("No special category can be inferred from the declared data."),
                          "small")]
    for inference in data.profile.inferences:
        story.append(p(f"• {inference.trait.label.get(lang)} — "
                       f"{data.chains[inference.trait.id].get(lang)}", "small"))
    return story


def _reidentification(reid, lang: str) -> list:
    return [p(_("Re-identification profile"), "h2"),
            p(_("%(rows)s rows; quasi-identifiers: %(qi)s; k = %(k)s; unique records: "
                "%(unique)s; l-diversity: %(l)s", rows=whole(reid["rows"], lang),
                qi=", ".join(reid["quasi_identifiers"]) or "—", k=reid["k"],
                unique=percent(reid["unique_share"], lang),
                l=reid["l_diversity"] if reid["l_diversity"] is not None else "—"), "small"),
            p(_("Sample taken from the source data, before the declared protections: they may "
                "lower the measured level.") if reid.get("stage") == "raw" else
              _("Sample of the data as used, after the declared protections: the measured "
                "level holds whatever is declared."), "small")]


def _fairness(fair, lang: str) -> list:
    rows = [[p(_("Group"), "small"), p("n", "small"), p(_("Selection rate"), "small"),
             p(_("True positive rate"), "small"), p(_("False positive rate"), "small")]]
    for name, group in fair["groups"].items():
        rows.append([p(name, "small"), p(whole(group["n"], lang), "small"),
                     p(decimal(group["selection_rate"], lang), "small"),
                     p(decimal(group["tpr"], lang), "small"),
                     p(decimal(group["fpr"], lang), "small")])
    return [p(_("Measured fairness"), "h2"),
            grid(rows, [50 * mm, 18 * mm, 32 * mm, 35 * mm, 35 * mm]),
            p(_("Demographic parity ratio %(ratio)s (four-fifths rule: %(flag)s).",
                ratio=decimal(fair["demographic_parity_ratio"], lang),
                flag=_("below") if fair["four_fifths_flag"] else _("met")), "small")]


def ethics(data) -> list:
    profile, lang = data.profile, data.lang
    story: list = [PageBreak(), p(_("4. Ethics and evidence from data"), "h1"),
                   p(_("Exposure by pillar"), "h2"), pillar_chart(profile.pillars, lang),
                   p(_("Exposure of each pillar: its worst residual risk (severity × "
                       "likelihood), out of 100. The longer the bar, the more exposed the "
                       "pillar; 0 means no risk left."), "small")]
    story += _inferences(data)
    measurements = dict(profile.measurements)
    if measurements.get("reidentification"):
        story += _reidentification(measurements["reidentification"], lang)
    if measurements.get("fairness"):
        story += _fairness(measurements["fairness"], lang)
    return story
