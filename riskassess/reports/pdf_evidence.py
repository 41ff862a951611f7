"""Report sections on evidence from data and on the DPO's review: inferences, measured
re-identification and fairness, module evaluations, adjusted levels, data subjects' opinion."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def evidence(data, p) -> list:
    """`p(text, style)` builds an escaped paragraph."""
    profile, lang = data.profile, data.lang
    measurements = dict(profile.measurements)
    if not profile.inferences and not measurements:
        return []
    story: list = [p(_("Evidence from data"), "h2")]
    if profile.inferences:
        story.append(p(_("Sensitivity by inference"), "question"))
        for inference in profile.inferences:
            story.append(p(f"• {inference.trait.label.get(lang)} — "
                           f"{data.chains[inference.trait.id].get(lang)}", "small"))
    reid = measurements.get("reidentification")
    if reid:
        story.append(p(_("Re-identification profile"), "question"))
        story.append(p(_("%(rows)s rows; quasi-identifiers: %(qi)s; k = %(k)s; unique records: "
                         "%(unique)s %%; l-diversity: %(l)s", rows=reid["rows"],
                         qi=", ".join(reid["quasi_identifiers"]) or "—", k=reid["k"],
                         unique=f"{reid['unique_share'] * 100:.1f}",
                         l=reid["l_diversity"] if reid["l_diversity"] is not None else "—"),
                       "small"))
    fair = measurements.get("fairness")
    if fair:
        story.append(p(_("Measured fairness"), "question"))
        rows = [[p(_("Group"), "small"), p("n", "small"), p(_("Selection rate"), "small"),
                 p(_("True positive rate"), "small"), p(_("False positive rate"), "small")]]
        for name, group in fair["groups"].items():
            rows.append([p(name, "small"), p(str(group["n"]), "small"),
                         p(f"{group['selection_rate']:.3f}", "small"),
                         p("—" if group["tpr"] is None else f"{group['tpr']:.3f}", "small"),
                         p("—" if group["fpr"] is None else f"{group['fpr']:.3f}", "small")])
        story.append(_table(rows, [50 * mm, 18 * mm, 32 * mm, 35 * mm, 35 * mm]))
        story.append(p(_("Demographic parity ratio %(ratio)s (four-fifths rule: %(flag)s).",
                         ratio=f"{fair['demographic_parity_ratio']:.3f}",
                         flag=_("below") if fair["four_fifths_flag"] else _("met")), "small"))
    return story


def review(data, p) -> list:
    story: list = []
    if data.evaluations:
        story.append(p(_("Evaluation of the modules"), "h2"))
        rows = [[p(_("Module"), "small"), p(_("Evaluation"), "small"), p(_("Comment"), "small")]]
        rows += [[p(m, "small"), p(s, "small"), p(c, "small")] for m, s, c in data.evaluations]
        story.append(_table(rows, [60 * mm, 30 * mm, 80 * mm]))
    if data.adjustments:
        story.append(p(_("Adjusted by the DPO"), "h2"))
        for title, severity, likelihood, justification, author in data.adjustments:
            story.append(p(_("%(risk)s: severity %(s)s, likelihood %(l)s — %(why)s (%(who)s)",
                             risk=title, s=severity, l=likelihood, why=justification,
                             who=author), "small"))
    story.append(p(_("Opinion of the data subjects"), "h2"))
    if data.data_subjects_sought:
        story.append(p(data.data_subjects_opinion or _("Sought; no opinion recorded yet.")))
    else:
        story.append(p(_("Not sought (GDPR Art. 35(9): where appropriate).")))
    return story
