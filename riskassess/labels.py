"""Translated names of statuses, roles and sectors, for pages and reports."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, session
from flask_babel import format_decimal, get_locale, lazy_gettext
from flask_babel import gettext as _

from riskassess.core.question_types import describe
from riskassess.core.questionnaire import Question
from riskassess.reports.numbers import day

STATUS_LABELS = {
    "draft": lazy_gettext("Draft"),
    "submitted": lazy_gettext("Submitted for review"),
    "changes_requested": lazy_gettext("Changes requested"),
    "resubmitted": lazy_gettext("Resubmitted"),
    "opinion_given": lazy_gettext("DPO's opinion given, awaiting decision"),
    "approved": lazy_gettext("Approved"),
    "rejected": lazy_gettext("Rejected"),
    "archived": lazy_gettext("Archived"),
}
EVALUATION_LABELS = {
    "acceptable": lazy_gettext("Acceptable"),
    "to_improve": lazy_gettext("To improve"),
    "to_correct": lazy_gettext("To correct"),
}
TARGET_LABELS = {
    "module": lazy_gettext("module"),
    "question": lazy_gettext("question"),
    "risk": lazy_gettext("risk"),
    "assessment": lazy_gettext("assessment"),
}
ROLE_LABELS = {
    "owner": lazy_gettext("Project owner"),
    "dpo": lazy_gettext("DPO"),
    "decider": lazy_gettext("Decider (controller)"),
    "auditor": lazy_gettext("Auditor"),
    "admin": lazy_gettext("Administrator"),
}
MEASURE_LABELS = {
    "existing": lazy_gettext("Existing"),
    "planned": lazy_gettext("Planned"),
    "absent": lazy_gettext("Absent"),
    "not_applicable": lazy_gettext("Not applicable"),
}
ZONE_LABELS = {
    "low": lazy_gettext("low"),
    "medium": lazy_gettext("medium"),
    "high": lazy_gettext("high"),
}
ACTION_LABELS = {
    "planned": lazy_gettext("Planned"),
    "in_progress": lazy_gettext("In progress"),
    "done": lazy_gettext("Done"),
    "abandoned": lazy_gettext("Abandoned"),
}
CONCLUSION_LABELS = {
    "cannot_conclude": lazy_gettext("Cannot conclude yet"),
    "acceptable": lazy_gettext("Acceptable"),
    "to_improve": lazy_gettext("To improve"),
    "prior_consultation": lazy_gettext("Prior consultation needed"),
}
REASON_KIND_LABELS = {
    "raises": lazy_gettext("raises"),
    "existing": lazy_gettext("existing protection"),
    "planned": lazy_gettext("planned protection"),
    "cap": lazy_gettext("limit"),
    "inference": lazy_gettext("inference"),
    "evidence": lazy_gettext("measured"),
    "contradiction": lazy_gettext("contradicted by a measurement"),
    "set_aside": lazy_gettext("not applicable"),
}
SPECIAL_LABELS = {
    "none": lazy_gettext("ordinary"),
    "art9": lazy_gettext("special category (Art. 9)"),
    "art10": lazy_gettext("criminal data (Art. 10)"),
    "highly_personal": lazy_gettext("highly personal"),
}
PII_LABELS = {
    "email": lazy_gettext("email address"),
    "phone": lazy_gettext("phone number"),
    "iban": lazy_gettext("IBAN"),
    "nir": lazy_gettext("social security number (NIR)"),
    "name": lazy_gettext("name"),
    "ip_address": lazy_gettext("IP address"),
    "mac_address": lazy_gettext("MAC address"),
    "gps": lazy_gettext("GPS coordinates"),
    "date_of_birth": lazy_gettext("date of birth"),
    "postcode": lazy_gettext("postcode"),
    "sex": lazy_gettext("sex"),
    "age": lazy_gettext("age"),
}
COMMENT_LABELS = {
    "comment": lazy_gettext("Comment"),
    "changes_requested": lazy_gettext("Changes requested"),
    "approval": lazy_gettext("Approval"),
    "rejection": lazy_gettext("Rejection"),
    "opinion": lazy_gettext("DPO's opinion"),
    "decision": lazy_gettext("Decision"),
    "unsettled_justification": lazy_gettext("Points left unsettled, because"),
}
OPINION_LABELS = {
    "favourable": lazy_gettext("Favourable"),
    "reservations": lazy_gettext("Favourable with reservations"),
    "unfavourable": lazy_gettext("Unfavourable"),
}
DECISION_LABELS = {
    "approve": lazy_gettext("Approved"),
    "approve_with_conditions": lazy_gettext("Approved with conditions"),
    "reject": lazy_gettext("Refused"),
}


def select_locale() -> str:
    """French first: English only when the user chose it with the language switch."""
    if not has_request_context():
        return "fr"  # commands and background work
    lang = session.get("lang")
    return lang if lang in ("fr", "en") else "fr"


def current_lang() -> str:
    locale = get_locale()
    return locale.language if locale else "fr"


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


# trail steps whose amount is a level (shown as is), not a change (shown signed)
TRAIL_FLOOR_KINDS = ("base", "floor", "measured_floor", "held_floor")
TRAIL_KIND_LABELS = {
    "base": lazy_gettext("baseline"),
    "floor": lazy_gettext("raised to"),
    "plus": lazy_gettext("aggravated"),
    "existing": lazy_gettext("protection in place"),
    "measured_floor": lazy_gettext("measured floor"),
    "held_floor": lazy_gettext("floor held by the purpose"),
    "planned": lazy_gettext("planned measure"),
}
TRAIL_NOTE_LABELS = {
    "top": lazy_gettext("no further effect: already at the maximum"),
    "cap": lazy_gettext("not counted: measures lower severity by one level and likelihood by "
                        "two at most"),
    "minimum": lazy_gettext("no effect: already at the minimum"),
}
REMARK_STATE_LABELS = {
    "open": lazy_gettext("Open"),
    "answered": lazy_gettext("Answered"),
    "resolved": lazy_gettext("Resolved"),
}
DIMENSION_LABELS = {
    "severity": lazy_gettext("Severity"),
    "likelihood": lazy_gettext("Likelihood"),
}


class _Words:
    """The interface's words for core/question_types.py's descriptions, in the current
    language (gettext) and the report's for dates."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def unknown(self) -> str:
        return _("I don't know")

    def measure_status(self, status: str) -> str:
        return str(MEASURE_LABELS[status])

    def draft(self, status: str) -> str:
        return _("%(status)s (draft: its owner and due date are still to be given)",
                 status=status)

    def assigned(self, status: str, owner: str, due: str) -> str:
        return _("%(status)s: %(owner)s, by %(due)s", status=status, owner=owner, due=due)

    def day(self, iso: str) -> str:
        return day(iso, self.lang)


def format_answer(question: Question, value: Any, lang: str) -> str:
    """An answer as a person reads it, in the report's language (its kind's words)."""
    return describe(question, value, lang, _Words(lang))


def filesize(size: int) -> str:
    """A size in bytes for people, in the page's language (« 1,5 Mo », "1.5 MB")."""
    if size < 1024 * 1024:
        return _("%(size)s kB", size=format_decimal(max(size / 1024, 0.1), "#,##0.#"))
    return _("%(size)s MB", size=format_decimal(size / 1024 / 1024, "#,##0.#"))
