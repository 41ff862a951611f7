"""The audit trail (DPOs, auditors, administrators): filters, chain check, CSV export; and
checking a PDF against the approved reports."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from riskassess.core import permissions
from riskassess.pagination import found, page_number
from riskassess.services import audit, audit_view, integrity, verification
from riskassess.web import audit_words
from riskassess.web.forms import EmptyForm

bp = Blueprint("audit", __name__)


class PdfForm(FlaskForm):
    report = FileField(validators=[FileRequired()])


def _filters(default_view: str = "activity") -> audit_view.AuditFilters:
    def day(name: str) -> date | None:
        try:
            value = date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None
        # the first and last representable days are ignored: the filter adds a day to `until`
        return value if date.min < value < date.max else None

    view = request.args.get("view", default_view)
    return audit_view.AuditFilters(
        action=request.args.get("action", "")[:50], actor=request.args.get("actor", "")[:254],
        target_type=request.args.get("target_type", "")[:50], since=day("since"),
        until=day("until"), only=audit_words.LOGINS if view == "logins" else (),
        without=audit_words.LOGINS if view == "activity" else ())


def _require(check) -> None:
    if not check(current_user):
        abort(403)


@bp.route("/audit")
@login_required
def trail():
    _require(permissions.can_see_audit)
    filters = _filters()
    page = found(audit_view.page(current_user.organisation_id, filters, page_number()))
    view = request.args.get("view", "activity")
    return render_template(
        "audit/trail.html", rows=audit_words.described(page.items), page=page,
        filters=filters, view=view if view in VIEWS else "activity",
        actions=audit_words.action_choices(audit_view.actions(current_user.organisation_id)),
        targets=audit_words.target_choices(), verify_form=EmptyForm())


VIEWS = ("activity", "logins", "all")  # logins apart: they would drown the rest


@bp.route("/audit.csv")
@login_required
def export():
    _require(permissions.can_see_audit)
    # without a view, the export holds every event (logins too)
    lines = audit_view.csv_lines(current_user.organisation_id, _filters("all"))
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit.csv"})


@bp.route("/audit/verify", methods=["POST"])
@login_required
def verify():
    _require(permissions.can_see_audit)
    if not EmptyForm().validate_on_submit():
        abort(400)
    checked, broken, elsewhere = audit.verify_for_organisation(current_user.organisation_id)
    if broken is not None:
        flash(_("Audit chain broken at event #%(seq)d: %(problem)s", seq=broken.seq,
                problem=broken.problem), "error")
    elif elsewhere:
        flash(_("The audit chain is broken outside your organisation's events: tell the "
                "administrator of this instance, who can run verify-audit."), "error")
    else:
        flash(_("Audit chain intact: %(count)d events verified.", count=checked), "success")
        _flash_versions(current_user.organisation_id)
    return redirect(url_for(".trail"))


def _flash_versions(organisation_id: int) -> None:
    """The approved versions of the organisation against their approval events."""
    versions, differences = integrity.check_versions(organisation_id)
    if not differences:
        flash(_("Approved versions intact: %(count)d versions match their approval record.",
                count=versions), "success")
        return
    messages = {
        "no_event": _("no sealed approval event records this version"),
        "content": _("the frozen version differs from what was approved"),
        "report": _("the stored report is not the one approved"),
        "report_file": _("the stored report file does not match its fingerprint"),
        "drift": _("the assessment's live content differs from the approved version"),
    }
    for difference in differences[:5]:
        flash(_("Assessment %(id)d, version %(revision)d: %(problem)s.",
                id=difference.assessment_id, revision=difference.revision,
                problem=messages[difference.code]), "error")
    if len(differences) > 5:
        flash(_("And %(count)d more differences: the administrator can list them all with "
                "verify-audit.", count=len(differences) - 5), "error")


@bp.route("/verify-report", methods=["GET", "POST"])
@login_required
def verify_report():
    _require(permissions.can_verify_reports)
    form = PdfForm()
    result = None
    if form.validate_on_submit():
        result = verification.check_pdf(form.report.data.read())
        if result.known and not permissions.can_view(current_user, result.report.assessment):
            # another organisation's report: unknown here
            result = verification.PdfCheck(result.sha256, None)
    return render_template("audit/verify_report.html", form=form, result=result)
