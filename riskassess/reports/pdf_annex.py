"""End of the report: 6 opinions and validation (module evaluations, DPO adjustments, data
subjects' opinion, DPO opinion and decision, validation block) and the annex listing every
question of the questionnaire with its answer, unknown, unanswered and not applicable ones
marked as such."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from riskassess.core.provenance import PIA_STATUS_LABELS
from riskassess.labels import EVALUATION_LABELS, STATUS_LABELS
from riskassess.reports.data import SHOWN_IN_BODY
from riskassess.reports.paragraphs import answered, date, grid, p, text_lines
from riskassess.reports.pdf_body import body_sections, kept
from riskassess.reports.pdf_front import labelled


def _marker(state: str) -> str:
    return {
        "unknown": _("[Unknown]"),
        "unanswered": _("[Unanswered]"),
        "not_applicable": _("[Not applicable]"),
    }.get(state, "")


def _review(data) -> list:
    story: list = []
    if data.evaluations:
        story.append(p(_("Evaluation of the modules"), "h2"))
        rows = [[p(_("Module"), "small"), p(_("Evaluation"), "small"), p(_("Comment"), "small")]]
        rows += [[p(m, "small"), p(s, "small"), p(c, "small")] for m, s, c in data.evaluations]
        story.append(grid(rows, [60 * mm, 30 * mm, 80 * mm]))
    if data.adjustments:
        story.append(p(_("Adjusted by the DPO"), "h2"))
        for title, severity, likelihood, justification, author in data.adjustments:
            story.append(p(_("%(risk)s: severity %(s)s, likelihood %(l)s — %(why)s (%(who)s)",
                             risk=title, s=severity, l=likelihood, why=justification,
                             who=author), "small"))
    story.append(p(_("Opinion of the data subjects"), "h2"))
    if data.data_subjects_sought:
        story += text_lines(data.data_subjects_opinion or _("Sought; no opinion recorded yet."))
    else:
        story.append(p(_("Not sought (GDPR Art. 35(9): where appropriate).")))
    return story


def _validation_block(data) -> list:
    said, said_at = data.dpo_said
    rows = [[p(_("Role"), "small"), p(_("Name"), "small"), p(_("Decision"), "small"),
             p(_("Date"), "small")],
            [p(_("Project owner"), "small"), p(", ".join(data.authors) or data.owner, "small"),
             p(_("Submitted") if data.submitted_at else _("Not submitted yet"), "small"),
             p(date(data.submitted_at, data.lang), "small")],
            [p(_("DPO"), "small"), p(data.dpo_name or "—", "small"),
             p(said or _("Pending"), "small"), p(date(said_at, data.lang), "small")]]
    if not data.decided_by_dpo:
        rows.append([p(_("Decider (controller)"), "small"), p(data.decider_name or "—", "small"),
                     p(data.decision or _("Pending"), "small"),
                     p(date(data.decided_at, data.lang), "small")])
    return [p(_("Validation"), "h2"), grid(rows, [35 * mm, 60 * mm, 40 * mm, 35 * mm])]


def _opinion_and_decision(data) -> list:
    """The DPO advises, the controller decides (GDPR Art. 35(2), Art. 39(1)(c)): both are
    shown with names and dates; decisions taken before deciders existed say so."""
    if data.decided_by_dpo:
        return [p(_("Opinion and decision by the DPO"), "h2"),
                p(_("Decision: %(decision)s", decision=data.decision), "question"),
                p(_("By %(name)s on %(date)s", name=data.dpo_name or "—",
                    date=date(data.decided_at, data.lang))),
                *text_lines(data.opinion or ""),
                p(_("Decided before the decider role existed: the DPO gave the opinion and "
                    "took the decision."), "small")]
    story: list = [p(_("DPO's opinion"), "h2")]
    if data.opinion_kind:
        story += [p(_("Opinion: %(opinion)s", opinion=data.opinion_kind), "question"),
                  p(_("By %(name)s on %(date)s", name=data.dpo_name or "—",
                      date=date(data.opinion_at, data.lang))),
                  *text_lines(data.opinion or "")]
    else:
        story.append(p(_("No opinion has been given yet.")))
    story.append(p(_("Decision of the controller"), "h2"))
    if data.decision:
        story += [p(_("Decision: %(decision)s", decision=data.decision), "question"),
                  p(_("By %(name)s on %(date)s", name=data.decider_name or "—",
                      date=date(data.decided_at, data.lang)))]
        if data.departs:
            story.append(p(_("This decision departs from the DPO's opinion; its reasons:"),
                           "small"))
        if data.decision_text:
            story += text_lines(data.decision_text)
    else:
        story.append(p(_("No decision has been recorded yet.")))
    return story


def _files(data) -> list:
    """The evidence files, each with its SHA-256 (grouped by 16 so that it wraps)."""
    if not data.files:
        return []
    rows = [[p(_("File"), "small"), p(_("Concerns"), "small"), p(_("Size"), "small"),
             p("SHA-256", "small")]]
    for name, concerns, size, sha in data.files:
        rows.append([p(name, "small"), p(concerns, "small"), p(size, "small"),
                     p(" ".join(sha[i:i + 16] for i in range(0, 64, 16)), "small")])
    return [p(_("Evidence files"), "h2"),
            p(_("Each file can be checked against its SHA-256 (for example with sha256sum); "
                "the auditors' archive carries the files of approved versions."), "small"),
            grid(rows, [45 * mm, 50 * mm, 18 * mm, 57 * mm])]


def validation(data) -> list:
    story: list = [PageBreak(), p(_("6. Opinions and validation"), "h1"), *_review(data),
                   *_opinion_and_decision(data)]
    return [*story, *_validation_block(data), *_imported(data), *_files(data)]


PEOPLE = {"author": lambda: _("Author"), "evaluator": lambda: _("Evaluator"),
          "validator": lambda: _("Validator"), "dpo": lambda: _("DPO"),
          "subjects": lambda: _("Data subjects")}


def _imported(data) -> list:
    """What the file this draft was imported from said of its review: provenance, never acts
    of users of this instance (core/provenance.py)."""
    record = data.imported
    if not record:
        return []
    story: list = [p(_("From the imported file"), "h2"),
                   p(_("The file this assessment was imported from records the review below. "
                       "Nobody of this instance made these decisions: they are printed as "
                       "provenance only and count for nothing in the levels or the decision "
                       "above."), "small")]
    if record.get("status"):
        status = record["status"]
        label = PIA_STATUS_LABELS[status].get(data.lang) if status in PIA_STATUS_LABELS \
            else STATUS_LABELS.get(status, status)
        story.append(p(_("Status in the file: %(status)s", status=label), "small"))
    people = record.get("people") or []
    if people:
        rows = [[p(_("Role"), "small"), p(_("Name"), "small"), p(_("Opinion"), "small"),
                 p(_("Date"), "small")]]
        for person in people:
            opinion = {"favourable": _("favourable"), "unfavourable": _("unfavourable")}.get(
                person.get("opinion") or "", "")
            said = " — ".join(filter(None, (opinion, person.get("text"))))
            rows.append([p(PEOPLE.get(person.get("role"), lambda: "")() or person.get("role")
                           or "", "small"), p(person.get("name") or "—", "small"),
                         p(said or "—", "small"), p(person.get("at") or "—", "small")])
        story.append(grid(rows, [28 * mm, 45 * mm, 74 * mm, 23 * mm]))
    elif record.get("opinion"):
        story.append(p(record["opinion"], "small"))
    titles = {s.module_id: s.title for s in data.sections}
    for item in record.get("evaluations") or []:
        status = EVALUATION_LABELS.get(item.get("status") or "", item.get("status"))
        story.append(p(" — ".join(str(part) for part in (
            titles.get(item.get("module") or "", item.get("module")), status,
            item.get("comment")) if part), "small"))
    return story


def annex(data) -> list:
    story: list = [PageBreak(), p(_("Annex: every question and answer"), "h1"),
                   p(_("Answers marked [Unknown] were answered “I don't know”; [Unanswered] "
                       "ones are still open; [Not applicable] ones do not apply given other "
                       "answers."), "small")]
    in_body = body_sections()
    for section in data.sections:
        story.append(p(section.title, "h2"))
        if section.evaluation is not None:
            story.append(p(labelled(_("DPO evaluation"), section.evaluation[0], data.lang),
                           "muted"))
        items = section.items
        if section.module_id in in_body:  # each answer laid out once per edition
            story.append(p(_("The answers given in this module are in section %(section)s "
                             "above; only the questions still open or not applicable follow.",
                             section=in_body[section.module_id]), "muted"))
            items = [item for item in items if item.state not in SHOWN_IN_BODY]
        for item in items:
            marker = _marker(item.state)
            answer = f"{marker} {item.answer}".strip() if marker else item.answer
            story += answered(item.question, answer)
        if section.module_id not in in_body:
            story += kept(section)
    return story
