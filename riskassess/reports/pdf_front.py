"""Front matter of the report: cover (with the content fingerprint), contents, executive
summary (screening verdict and criteria, AI Act tier, conclusion, top residual risks, key
actions)."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from riskassess.labels import ZONE_LABELS
from riskassess.reports.numbers import day
from riskassess.reports.paragraphs import date, grid, p
from riskassess.reports.pdf_figures import risk_map
from riskassess.reports.styles import BASE_TABLE_STYLE

TOP_RISKS, KEY_ACTIONS = 5, 5


def labelled(label: str, value: str, lang: str) -> str:
    """"Label : value" with French typography, "Label: value" in English."""
    return f"{label} : {value}" if lang == "fr" else f"{label}: {value}"


LOGO_BOX = (70 * mm, 24 * mm)


class Logo(Image):
    """The organisation's logo, keeping its PNG for the editable editions
    (reports/editions/blocks.py)."""

    def __init__(self, png: bytes) -> None:
        super().__init__(io.BytesIO(png), hAlign="LEFT")  # reads the image's size
        self.png = png


def _masthead(data) -> Table:
    """The organisation's logo (or its name) on the left, the classification on the right."""
    if data.logo:
        left = Logo(data.logo)
        scale = min(LOGO_BOX[0] / left.imageWidth, LOGO_BOX[1] / left.imageHeight)
        left.drawWidth, left.drawHeight = left.imageWidth * scale, left.imageHeight * scale
    else:
        left = p(data.organisation, "masthead")
    mark = Table([[p(data.classification, "classification")]], colWidths=[60 * mm])
    mark.setStyle(TableStyle([*BASE_TABLE_STYLE,
                              ("BOX", (0, 0), (0, 0), 0.8, colors.HexColor("#8a1c1c"))]))
    table = Table([[left, mark]], colWidths=[110 * mm, 60 * mm])
    table.setStyle(TableStyle([*BASE_TABLE_STYLE, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _signatures(data) -> list:
    """Who gave the opinion and who decided, with dates, and room to sign a printed copy."""
    lang, alone = data.lang, data.decided_by_dpo
    opinion, opinion_at = data.dpo_said
    decision = _("Taken by the DPO") if alone else (data.decision or _("Pending"))
    rows = [
        [p(_("Opinion of the data protection officer"), "question"),
         p(_("Decision of the controller"), "question")],
        [p(labelled(_("Name"), data.dpo_name or "—", lang), "small"),
         p(labelled(_("Name"), (data.dpo_name if alone else data.decider_name) or "—",
                    lang), "small")],
        [p(labelled(_("Opinion"), opinion or _("Pending"), lang), "small"),
         p(labelled(_("Decision"), decision, lang), "small")],
        [p(labelled(_("Date"), date(opinion_at, lang), lang), "small"),
         p(labelled(_("Date"), date(data.decided_at, lang), lang), "small")],
        [p(_("Signature"), "muted"), p(_("Signature"), "muted")],
    ]
    table = Table(rows, colWidths=[85 * mm, 85 * mm], rowHeights=[None, None, None, None, 20 * mm])
    table.setStyle(TableStyle([*BASE_TABLE_STYLE, ("BOX", (0, 0), (0, -1), 0.4, colors.grey),
                               ("BOX", (1, 0), (1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return [table, Spacer(1, 1.5 * mm),
            p(_("The opinion and the decision are recorded with their dates in the "
                "application's audit trail; the signatures are needed only on a printed copy."),
              "muted")]


def cover(data) -> list:
    lang = data.lang
    rows = [
        (_("Organisation"), data.organisation),
        (_("Version"), str(data.revision)),
        (_("Status"), data.status),
        (_("Sector"), data.sector),
        (_("Authors"), ", ".join(data.authors) or data.owner),
        (_("Created"), date(data.created_at, lang)),
        (_("Submitted to the DPO"), date(data.submitted_at, lang)),
        (_("Decision date"), date(data.decided_at, lang)),
    ]
    cells = [[p(k, "question"), p(v)] for k, v in rows]
    cells.append([p(_("Fingerprint (SHA-256 of the content)"), "question"),
                  p(data.fingerprint, "mono")])
    table = Table(cells, colWidths=[50 * mm, 120 * mm])
    table.setStyle(TableStyle([*BASE_TABLE_STYLE, ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return [
        _masthead(data),
        Spacer(1, 14 * mm),
        p(_("Privacy and ethics impact assessment (AIPD)"), "subtitle"),
        Spacer(1, 5 * mm),
        p(data.title, "title"),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        *_signatures(data),
        Spacer(1, 5 * mm),
        p(_("How to verify this report"), "question"),
        p(_("Two fingerprints protect it. The content's, printed above, is the SHA-256 of what "
            "the report says (answers, risks, review, decision): two reports with the same "
            "content have the same one, whatever their layout. The file's SHA-256 cannot be "
            "printed inside the file it would describe: the application shows it beside the "
            "report and seals it in its audit trail when the report is laid out."), "small"),
        p(_("To check a copy, upload it on the application's « Verify a report » page, or "
            "compute its SHA-256 (sha256sum on Linux, Get-FileHash on Windows) and compare it "
            "with the one the application shows: a single changed byte gives another one."),
          "small"),
        PageBreak(),
    ]


def contents(lines: list) -> list:
    return [p(_("Contents"), "subtitle"), Spacer(1, 4 * mm), *lines, PageBreak()]


def _top_risks(data) -> list:
    lang = data.lang
    ranked = sorted(data.profile.risks.risks,
                    key=lambda r: (-r.final.severity * r.final.likelihood,
                                   -r.final.severity))[:TOP_RISKS]
    rows = [[p(_("Risk"), "small"), p(_("Initial"), "small"), p(_("Residual"), "small")]]
    rows += [[p(r.title.get(lang), "small"),
              p(f"{r.initial.severity} / {r.initial.likelihood} "
                f"({ZONE_LABELS[r.initial.zone]})", "small"),
              p(f"{r.final.severity} / {r.final.likelihood} ({ZONE_LABELS[r.final.zone]})"
                + (" — " + _("set by the DPO") if r.adjustment else ""), "small")]
             for r in ranked]
    return [p(_("Top residual risks (severity / likelihood)"), "question"),
            grid(rows, [90 * mm, 40 * mm, 40 * mm])]


def _key_actions(data) -> list:
    lang = data.lang
    actions = list(data.profile.action_plan)[:KEY_ACTIONS]
    story = [p(_("Key actions"), "question")]
    if not actions:
        return [*story, p(_("None."), "small")]
    for action in actions:
        who = f" — {action.owner}, {day(action.due, lang)}" if action.owner and action.due \
            else ""
        state = _("planned") if action.status == "planned" else _("suggested")
        story.append(p(f"• {action.measure.get(lang)} ({state}){who}", "small"))
    return story


def summary(data) -> list:
    """What a decider reads first: the three verdicts in one line each, the risk map, the
    risks and actions that matter, the declarations a measurement contradicts; then why."""
    profile, lang = data.profile, data.lang
    verdicts = [(_("DPIA screening"), profile.screening.label, profile.screening.reasons),
                (_("EU AI Act"), profile.ai_act.label, profile.ai_act.reasons),
                (_("Conclusion (residual risks)"), profile.conclusion_text, ())]
    table = Table([[p(title, "question"), p(value.get(lang))] for title, value, _r in verdicts],
                  colWidths=[55 * mm, 115 * mm])
    table.setStyle(TableStyle(BASE_TABLE_STYLE))
    story: list = [p(_("Executive summary"), "h1"), table, Spacer(1, 3 * mm),
                   risk_map(profile.risks, lang, width=120 * mm), Spacer(1, 3 * mm),
                   *_top_risks(data), Spacer(1, 3 * mm), *_key_actions(data)]
    if profile.contradictions:
        story += [Spacer(1, 3 * mm), p(_("Declarations contradicted by a measurement"),
                                       "question")]
        story += [p(f"• {c.explanation.get(lang)}", "small") for c in profile.contradictions]
    # the screening's reasons name the criteria met (WP248, CNIL list): not listed twice
    why = [p(f"• {labelled(title, reason.get(lang), lang)}", "small")
           for title, _value, reasons in verdicts[:2] for reason in reasons]
    if why:  # the heading kept with its first line
        story += [Spacer(1, 3 * mm), KeepTogether([p(_("Why these verdicts"), "question"),
                                                   why[0]]), *why[1:]]
    return story
