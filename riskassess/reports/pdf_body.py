"""Body of the report, in the CNIL method's order: 1 context, 2 fundamental principles (each
answer, and the DPO's evaluation of the module), 3 risks (map, then for each risk its impacts,
sources, measures, initial and residual levels and the reasons), 5 action plan."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from riskassess.labels import (
    DIMENSION_LABELS,
    TRAIL_FLOOR_KINDS,
    TRAIL_KIND_LABELS,
    TRAIL_NOTE_LABELS,
)
from riskassess.reports.numbers import day
from riskassess.reports.paragraphs import answered, excerpt, grid, p, text_lines
from riskassess.reports.pdf_figures import risk_map
from riskassess.reports.pdf_front import labelled


def _evaluation(section, lang: str) -> list:
    if section.evaluation is None:
        return [p(_("DPO evaluation: not evaluated yet."), "muted")]
    status, comment = section.evaluation
    text = labelled(_("DPO evaluation"), status, lang)
    return [p(text, "question"), *([p(comment, "small")] if comment else [])]


def _answers(section) -> list:
    story: list = []
    for item in section.shown:
        story += answered(item.question, item.answer)
    if not story:
        story.append(p(_("No answer yet."), "muted"))
    return [*story, *kept(section)]


def kept(section) -> list:
    """What the imported CNIL PIA said in this module without a question of ours."""
    if not section.kept:
        return []
    heading = [p(_("From the imported CNIL PIA"), "question")]
    story: list = []
    for label, text in section.kept:  # the heading stays with the first item
        first, *rest = text_lines(text)
        story += [KeepTogether([*heading, p(label, "small"), first]), *rest]
        heading = []
    return story


def _module(data, module_id: str, heading: str, intro: list | None = None) -> list:
    story: list = [PageBreak(), p(heading, "h1"), *(intro or [])]
    section = data.section(module_id)
    if section is not None:
        story += [*_evaluation(section, data.lang), *_answers(section)]
    return story


def body_sections() -> dict[str, str]:
    """The modules whose answers the body prints in full (module -> its section number):
    the annex does not repeat them."""
    return {"context": "1", "principles": "2"}


def context(data) -> list:
    intro = [p(_("Description"), "h2"), *text_lines(data.description)] if data.description \
        else []
    return _module(data, "context", _("1. Context"), intro)


def principles(data) -> list:
    return _module(data, "principles", _("2. Fundamental principles"))


def _risk(data, number: int, risk) -> list:
    lang = data.lang
    story: list = [p(f"{number}. {risk.title.get(lang)}", "h2")]
    detail = data.risk_details.get(risk.id)
    if detail is not None:
        story.append(p(detail.description, "small"))
        if detail.impacts:
            story.append(p(labelled(_("Impacts"), detail.impacts, lang), "small"))
        if detail.sources:
            story.append(p(labelled(_("Risk sources"), detail.sources, lang), "small"))
    story.append(p(_("Initial: severity %(s)d, likelihood %(l)d. Residual: severity %(rs)d, "
                     "likelihood %(rl)d.", s=risk.initial.severity, l=risk.initial.likelihood,
                     rs=risk.residual.severity, rl=risk.residual.likelihood), "question"))
    if risk.adjustment is not None:
        story.append(p(_("Final level set by the DPO (%(name)s): severity %(s)d, likelihood "
                         "%(l)d. %(why)s", name=risk.adjustment.author or "?",
                         s=risk.final.severity, l=risk.final.likelihood,
                         why=risk.adjustment.justification), "question"))
    if detail is not None and detail.estimate:
        story += _estimate(detail.estimate, lang)
    if detail is not None and detail.measures:
        story.append(p(_("Measures"), "question"))
        unanswered = _("(not answered)")
        for measure, answer in detail.measures:
            shown, cut = excerpt(answer or unanswered)
            if cut:  # the whole answer is in the annex, laid out there once
                shown = _("%(start)s (continued in the annex)", start=shown)
            story.append(p(f"• {measure} — {shown}", "small"))
    story.append(p(_("Reasons"), "question"))
    if not risk.reasons:
        story.append(p(_("No answer raised or lowered this risk."), "small"))
    for reason in risk.reasons:
        story.append(p(
            f"• {reason.question.get(lang)} → {reason.answer.get(lang)} "
            f"({reason.effect.get(lang)}): {reason.explanation.get(lang)}"
            if reason.has_answer else f"• {reason.explanation.get(lang)}", "small"))
    story += _calculation(risk, lang, detail.estimate if detail is not None else None)
    return story


def _estimate(estimate: dict, lang: str) -> list:
    """The assessor's estimate of the imported CNIL PIA, beside our levels: shown, not
    counted."""
    levels = _("severity %(s)s, likelihood %(l)s", s=estimate.get("severity") or "—",
               l=estimate.get("likelihood") or "—")
    story = [p(labelled(_("Estimate in the imported CNIL PIA (not counted)"), levels, lang),
               "question")]
    for key, label in (("impacts", _("Impacts")), ("threats", _("Threats")),
                       ("sources", _("Risk sources")), ("controls", _("Planned controls")),
                       ("severity_text", _("Severity")),
                       ("likelihood_text", _("Likelihood"))):
        if estimate.get(key):
            story.append(p(labelled(label, str(estimate[key]), lang), "small"))
    return story


def _because(step, lang: str, short: bool = False) -> str:
    if step.reason is None or not step.reason.has_answer:
        return ""
    question = step.reason.question.get(lang)
    if short:  # a measure's title, before the colon that introduces its details
        return question.split(":")[0].strip()
    return f"{question} → {step.reason.answer.get(lang)}"


def calculation_rows(risk, lang: str, estimate: dict | None = None) -> list[tuple]:
    """The calculation trail (core/trail.py) as rows of text: (figure, what the step did, the
    answer behind it, the level it leaves), severity first; consecutive steps that changed
    nothing for the same reason (the reduction cap, the minimum) share a row. An imported CNIL
    PIA's estimate follows its figure's steps, never counted."""
    rows: list[tuple] = []
    for dimension in ("severity", "likelihood"):
        groups: list[list] = []
        for step in (s for s in risk.trail if s.dimension == dimension):
            last = groups[-1][-1] if groups else None
            if last is not None and not step.counted and not last.counted and \
                    (step.kind, step.note, step.amount) == (last.kind, last.note, last.amount):
                groups[-1].append(step)
            else:
                groups.append([step])
        for group in groups:
            step = group[0]
            amount = str(step.amount) if step.kind in TRAIL_FLOOR_KINDS \
                else f"{step.amount:+d}"
            what = f"{TRAIL_KIND_LABELS[step.kind]} {amount}"
            if len(group) > 1:
                what += f" × {len(group)}"
            if step.note:
                what += f" ({TRAIL_NOTE_LABELS[step.note]})"
            because = "; ".join(_because(s, lang, short=True) for s in group) \
                if len(group) > 1 else _because(step, lang)
            rows.append((str(DIMENSION_LABELS[dimension]), what, because,
                         str(group[-1].level)))
        if estimate and estimate.get(dimension):  # beside the trail, never in it
            rows.append((str(DIMENSION_LABELS[dimension]),
                         _("estimate in the imported CNIL PIA (not counted)"), "",
                         str(estimate[dimension])))
    return rows


def _calculation(risk, lang: str, estimate: dict | None = None) -> list:
    header = (_("Figure"), _("Step"), _("Because of"), _("Level"))
    rows = [[p(cell, "small") for cell in row]
            for row in (header, *calculation_rows(risk, lang, estimate))]
    return [p(_("Calculation"), "question"),
            grid(rows, [22 * mm, 45 * mm, 85 * mm, 18 * mm])]


def risks(data) -> list:
    profile = data.profile.risks
    story: list = [PageBreak(), p(_("3. Risks"), "h1"), p(_("Risk map"), "h2"),
                   risk_map(profile, data.lang), Spacer(1, 2 * mm),
                   p(_("Circle: initial risk (with existing measures). Dashed square: residual "
                       "risk (with planned measures). Arrows show the effect of planned "
                       "measures."), "small")]
    story += [p(f"{n}. {r.title.get(data.lang)}", "small")
              for n, r in enumerate(profile.risks, start=1)]
    for number, risk in enumerate(profile.risks, start=1):
        story += _risk(data, number, risk)
    return story


def action_plan(data) -> list:
    lang = data.lang
    titles = {r.id: r.title.get(lang) for r in data.profile.risks.risks}
    rows = [[p(_("Measure"), "small"), p(_("Risks addressed"), "small"),
             p(_("Owner"), "small"), p(_("Due date"), "small"), p(_("Status"), "small")]]
    for action in data.profile.action_plan:
        status = _("Planned") if action.status == "planned" else _("Suggested")
        rows.append([p(action.measure.get(lang), "small"),
                     p(", ".join(titles.get(r, r) for r in action.risks), "small"),
                     p(action.owner or "—", "small"), p(day(action.due, lang), "small"),
                     p(status, "small")])
    story: list = [PageBreak(), p(_("5. Action plan"), "h1")]
    if len(rows) == 1:
        return [*story, p(_("None."))]
    # the date and status columns hold « 30 sept. 2027 » and « Suggérée » whole
    return [*story, grid(rows, [52 * mm, 44 * mm, 25 * mm, 27 * mm, 22 * mm])]
