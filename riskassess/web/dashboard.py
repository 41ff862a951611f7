"""The organisation's dashboard for DPOs, deciders, auditors and administrators: every figure a
link to the list it counts (services/dashboard.py computes them)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess.core import charts, permissions
from riskassess.core.ai_act import TIER_LABELS, TIERS
from riskassess.core.risk_profile import CONCLUSIONS
from riskassess.core.screening import VERDICT_LABELS, VERDICTS
from riskassess.core.workflow import Status
from riskassess.labels import CONCLUSION_LABELS, STATUS_LABELS, current_lang
from riskassess.services import dashboard

bp = Blueprint("dashboard", __name__)


def _chart(counts, keys, label_of, param: str) -> dict:
    rows = [(key, label_of(key), counts[key], url_for("assessments.index", **{param: key}))
            for key in keys if counts[key]]
    placed = charts.bars(rows)
    return {"placed": placed, "height": charts.height(placed)}


@bp.route("/dashboard")
@login_required
def show():
    if not permissions.can_see_dashboard(current_user):
        abort(403)
    board = dashboard.build(current_user)
    lang = current_lang()
    return render_template(
        "dashboard/show.html", board=board, today=date.today(),
        by_status=_chart(board.statuses, [s.value for s in Status],
                         lambda k: str(STATUS_LABELS[k]), "status"),
        by_conclusion=_chart(board.conclusions, list(CONCLUSIONS),
                             lambda k: str(CONCLUSION_LABELS[k]), "conclusion"),
        by_screening=_chart(board.screenings, VERDICTS,
                            lambda k: VERDICT_LABELS[k].get(lang), "screening"),
        by_tier=_chart(board.tiers, TIERS, lambda k: TIER_LABELS[k].get(lang), "tier"),
        WAITING_FOR={"dpo": _("the DPO"), "decider": _("the decider"),
                     "owner": _("the owner")},
    )
