"""What every template can use: permissions, labels, content translation."""

from __future__ import annotations

import json
from types import SimpleNamespace

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_number, format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context

from riskassess.core import limits, permissions
from riskassess.core.ai_act import TIER_LABELS
from riskassess.core.conditions import Condition, is_unknown
from riskassess.core.i18n import Text
from riskassess.core.provenance import PIA_STATUS_LABELS
from riskassess.core.question_types import MEASURE_STATUSES
from riskassess.core.scoring import LEVEL_NAMES, zone
from riskassess.core.screening import VERDICT_LABELS
from riskassess.core.trail import drivers
from riskassess.core.typography import french
from riskassess.core.workflow import departs
from riskassess.labels import (
    ACTION_LABELS,
    COMMENT_LABELS,
    CONCLUSION_LABELS,
    DECISION_LABELS,
    DIMENSION_LABELS,
    EVALUATION_LABELS,
    MEASURE_LABELS,
    OPINION_LABELS,
    PII_LABELS,
    REASON_KIND_LABELS,
    REMARK_STATE_LABELS,
    ROLE_LABELS,
    SPECIAL_LABELS,
    STATUS_LABELS,
    TARGET_LABELS,
    TRAIL_FLOOR_KINDS,
    TRAIL_KIND_LABELS,
    TRAIL_NOTE_LABELS,
    ZONE_LABELS,
    current_lang,
    filesize,
    format_answer,
)
from riskassess.pagination import page_url, query_args
from riskassess.services.catalogue import catalogue, sector_label
from riskassess.web.answer_form import UNKNOWN_FORM_VALUE
from riskassess.web.translations import Translated


@pass_context
def translate(context, text: Text | None) -> str:
    """Content text in the rendering's language (`lang`, set once per rendering)."""
    if text is None:
        return ""
    lang = context.get("lang") or current_lang()
    return french(text.fr) if lang == "fr" else text.get(lang)


@pass_context
def spaced(context, text: str | None) -> str:
    """A French text of the questionnaire files (a source, a reference) with French spacing
    when the page is in French (core/typography.py)."""
    if not text:
        return ""
    return french(text) if (context.get("lang") or current_lang()) == "fr" else text


def moment(value, seconds: bool = False) -> str:
    """A date and time in the page's language and in UTC, as the audit trail records them
    (« 4 déc. 2026, 16:05 », "4 Dec 2026, 16:05")."""
    if value is None:
        return "—"
    return format_datetime(value, "d MMM y, HH:mm:ss" if seconds else "d MMM y, HH:mm")


@pass_context
def quoted(context, text: str) -> str:
    """Quoted as the page's language quotes: « texte » or “text”."""
    if (context.get("lang") or current_lang()) == "fr":
        return f"«\u00a0{text}\u00a0»"
    return f"“{text}”"


def condition_json(condition: Condition) -> str:
    """A display condition as JSON, evaluated again in the browser as answers change."""

    def encode(c: Condition) -> dict:
        if c.all or c.any:
            return {"all" if c.all else "any": [encode(p) for p in (c.all or c.any)]}
        return {"question": c.question, "values": list(c.values), "negate": c.negate}

    return json.dumps(encode(condition))


def outcome_names() -> dict:
    """The words of the lists' outcome columns in the request's language, translated once per
    request instead of once per row (templates/assessments/_outcome_cells.html)."""
    names = g.get("outcome_names")
    if names is None:
        locale = get_locale()
        names = g.outcome_names = {
            "conclusion": {k: str(v) for k, v in CONCLUSION_LABELS.items()},
            "zone": {k: str(v) for k, v in ZONE_LABELS.items()},
            "status": {k: str(v) for k, v in STATUS_LABELS.items()},
            "answered": _("Questions answered"), "computing": _("Being computed"),
            "figures": _("S%(s)d × L%(l)d"),
            "percent": lambda n: locale.percent_formats[None].apply(n / 100, locale),
        }
    return names


def remark_rights(assessment) -> SimpleNamespace:
    """Whether the viewer may reply to remarks (`comment`) and resolve them or make new ones
    (`resolve`) on this assessment: decided once per request and assessment state rather
    than at every thread of a page (templates/review/_remarks.html)."""
    key = (current_user.get_id(), assessment.id, assessment.status, assessment.revision)
    found = g.setdefault("remark_rights", {})
    if key not in found:
        found[key] = SimpleNamespace(
            comment=permissions.can_comment(current_user, assessment),
            resolve=permissions.can_resolve(current_user, assessment))
    return found[key]


def register(app: Flask) -> None:
    app.add_template_filter(translate, "t")
    # texts of the questionnaire files that are not translated (sources, references)
    app.add_template_filter(spaced, "spaced")
    app.add_template_filter(quoted, "quoted")
    app.add_template_filter(condition_json, "condition_json")
    app.add_template_filter(lambda d, key: {k: v for k, v in d.items() if k != key},
                            "dict_without")
    app.add_template_test(is_unknown, "unknown_answer")
    app.add_template_filter(sector_label, "sector")
    app.add_template_filter(lambda role: str(ROLE_LABELS.get(role, role)), "role_label")
    app.add_template_global(page_url, "page_url")
    # the user guide's page of the user's main role (web/guide.py)
    app.add_template_global(lambda user: user.role if user.role in ROLE_LABELS else "index",
                            "guide_page")
    app.add_template_global(outcome_names, "outcome_names")
    app.add_template_global(remark_rights, "remark_rights")
    app.add_template_filter(lambda n: format_percent(n / 100), "percent")  # 0-100, localised
    app.add_template_filter(lambda d: format_date(d, "long"), "date_long")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(filesize, "filesize")
    app.add_template_global(format_number, "format_number")  # « 500 000 », "500,000"
    app.add_template_global(query_args, "query_args")
    app.add_template_global(lambda question, value: format_answer(question, value,
                                                                  current_lang()),
                            "answer_text")

    @app.context_processor
    def helpers() -> dict:
        return {
            "can": permissions,
            "lang": current_lang(),
            # after a label: French puts a non-breaking space before the colon
            "colon": "\u00a0: " if current_lang() == "fr" else ": ",
            "semicolon": "\u00a0; " if current_lang() == "fr" else "; ",  # between items
            "STATUS_LABELS": Translated(STATUS_LABELS),
            "LIMITS": limits,  # maxlength of free-text fields (core/limits.py)
            "ROLE_LABELS": Translated(ROLE_LABELS),
            "COMMENT_LABELS": Translated(COMMENT_LABELS),
            "LEVEL_NAMES": LEVEL_NAMES,
            "zone": zone,
            "MEASURE_LABELS": Translated(MEASURE_LABELS),
            "MEASURE_STATUSES": MEASURE_STATUSES,
            "UNKNOWN_FORM_VALUE": UNKNOWN_FORM_VALUE,  # the form's « Je ne sais pas »
            "ZONE_LABELS": Translated(ZONE_LABELS),
            "EVALUATION_LABELS": Translated(EVALUATION_LABELS),
            "TARGET_LABELS": Translated(TARGET_LABELS),
            "SPECIAL_LABELS": Translated(SPECIAL_LABELS),
            "PII_LABELS": Translated(PII_LABELS),
            "CONCLUSION_LABELS": Translated(CONCLUSION_LABELS),
            "REASON_KIND_LABELS": Translated(REASON_KIND_LABELS),
            "TRAIL_KIND_LABELS": Translated(TRAIL_KIND_LABELS),
            "TRAIL_FLOOR_KINDS": TRAIL_FLOOR_KINDS,
            "DIMENSION_LABELS": Translated(DIMENSION_LABELS),
            "TRAIL_NOTE_LABELS": Translated(TRAIL_NOTE_LABELS),
            "REMARK_STATE_LABELS": Translated(REMARK_STATE_LABELS),
            "trail_drivers": drivers,
            "OPINION_LABELS": Translated(OPINION_LABELS),
            "DECISION_LABELS": Translated(DECISION_LABELS),
            "departs": departs,
            "TIER_LABELS": TIER_LABELS,
            "ACTION_LABELS": Translated(ACTION_LABELS),
            "VERDICT_LABELS": VERDICT_LABELS,
            "PIA_STATUS_LABELS": PIA_STATUS_LABELS,
            "TEMPLATES": catalogue().templates.values(),
        }
