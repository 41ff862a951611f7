"""DPOs' pages: the review queue and the decision on a submitted assessment."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess.core import permissions
from riskassess.core.workflow import TransitionError
from riskassess.services import assessments
from riskassess.services import review as service
from riskassess.web.forms import DecisionForm
from riskassess.web.loading import assessment_or_404

bp = Blueprint("review", __name__)

MESSAGES = {
    "request_changes": lambda: _("The assessment was sent back to its owner with your comment."),
    "approve": lambda: _("The assessment is approved; its PDF report has been generated."),
    "reject": lambda: _("The assessment is rejected."),
}


@bp.route("/review")
@login_required
def queue():
    if not permissions.can_see_review_queue(current_user):
        abort(403)
    rows = assessments.visible_to(current_user)
    return render_template(
        "review/queue.html",
        pending=[a for a in rows if a.status == "submitted"],
        others=[a for a in rows if a.status != "submitted"],
    )


@bp.route("/assessments/<int:assessment_id>/decision", methods=["POST"])
@login_required
def decide(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_review)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision and write a comment or an opinion."), "error")
        return redirect(url_for("assessments.show", assessment_id=assessment.id))
    try:
        service.decide(current_user, assessment, form.action.data, form.text.data)
    except TransitionError:
        flash(_("This decision is not possible in the assessment's current state."), "error")
    else:
        flash(MESSAGES[form.action.data](), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id))
