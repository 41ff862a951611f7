"""The follow-up of planned measures: recorded from an assessment's action plan, and listed
for the whole organisation (services/actions.py), with its CSV."""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.attachments import AttachmentError
from riskassess.core.follow_up import FollowUpError
from riskassess.core.limits import MAX_ID
from riskassess.csvsafe import SafeWriter
from riskassess.labels import current_lang
from riskassess.pagination import found, page_number
from riskassess.services import actions, attachments
from riskassess.web.attachments import refusal
from riskassess.web.forms import EmptyForm

bp = Blueprint("actions", __name__)
MESSAGES = {
    "not_planned": lambda: _("This measure is not planned in the assessment."),
    "status": lambda: _("Choose a status."),
    "evidence_required": lambda: _("A measure done needs its evidence: say how it was done, "
                                   "or add a file."),
    "reason_required": lambda: _("Say why the measure is abandoned."),
    "owner": lambda: _("This person is not a user of your organisation."),
    "too_long": lambda: _("This text is too long: nothing was saved."),
}


def _change() -> actions.Change:
    form = request.form
    owner = form.get("owner_user_id", "")
    due = form.get("due", "")
    try:
        due_date = date.fromisoformat(due) if due else None
    except ValueError:
        due_date = None
    upload = request.files.get("file")
    data = upload.stream.read(attachments.max_bytes() + 1) if upload and upload.filename \
        else None
    return actions.Change(
        status=form.get("status", ""),
        owner_user_id=int(owner) if owner.isascii() and owner.isdigit()
        and 0 < int(owner) <= MAX_ID else None,
        owner_name=form.get("owner_name", ""), due=due_date,
        reason=form.get("reason", ""), evidence=form.get("evidence", ""),
        file=(data, upload.filename) if data is not None else None)


@bp.route("/assessments/<int:assessment_id>/actions/<string(maxlength=100):question_id>",
          methods=["POST"])
@login_required
def follow_up(assessment_id: int, question_id: str):
    assessment = assessment_or_404(assessment_id, permissions.can_follow_up)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        actions.follow_up(current_user, assessment, question_id, _change())
    except FollowUpError as error:
        unit_of_work.rollback()
        flash(MESSAGES[error.code](), "error")
    except AttachmentError as error:
        unit_of_work.rollback()
        flash(refusal(error), "error")
    else:
        flash(_("Follow-up recorded."), "success")
    return redirect(url_for("assessments.action_plan", assessment_id=assessment.id)
                    + f"#action-{question_id}")


def _shown() -> str:
    shown = request.args.get("show", "open")
    return shown if shown in actions.ACTION_FILTERS else "open"


@bp.route("/actions")
@login_required
def index():
    """The organisation's actions the user may see, earliest due first."""
    shown = _shown()
    page = found(actions.page(current_user, shown, page_number()))
    return render_template("actions/index.html", page=page, items=page.items, shown=shown,
                           today=date.today())


@bp.route("/actions.csv")
@login_required
def csv():
    shown, lang = _shown(), current_lang()
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["assessment_id", "assessment", "measure", "question_id", "status",
                     "owner", "due"])
    for item in actions.every(current_user, shown):
        writer.writerow([item.assessment_id, item.assessment.title,
                         item.title_fr if lang == "fr" else item.title_en, item.question_id,
                         item.status, item.owner, item.due.isoformat() if item.due else ""])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename=actions-{shown}.csv"})
