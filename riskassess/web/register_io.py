"""The register in spreadsheets: export (XLSX, CSV), and import with a preview of every
problem before anything is written (interchange/register_io.py)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.core import permissions
from riskassess.core import register as rules
from riskassess.interchange import register_io as service
from riskassess.interchange import register_table as table
from riskassess.labels import current_lang
from riskassess.web.forms import EmptyForm
from riskassess.web.register import PROBLEMS

bp = Blueprint("register_io", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_ERRORS = {
    "format": lambda d: _("This file cannot be read as a spreadsheet (XLSX) or as CSV text."),
    "empty": lambda d: _("This file is empty."),
    "headers": lambda d: _("The first row must name the columns, at least “%(name)s”.",
                           name=d),
    "too_many": lambda d: _("At most %(count)s records at once.", count=d),
}


def _column(name: str) -> str:
    return _("Kind of record") if name == "kind" else rules.BY_NAME[name].label.get(
        current_lang())


@bp.route("/register/import", methods=["GET", "POST"])
@login_required
def upload():
    if not permissions.can_add_record(current_user):
        abort(403)
    form = EmptyForm()
    if request.method == "GET":
        return render_template("register/import.html", form=form, checked=None,
                               headers=table.headers(current_lang()))
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a file to import."), "error")
        return redirect(url_for("register_io.upload"))
    try:
        checked = service.check(current_user, upload.read(), upload.filename)
    except service.TableError as error:
        unit_of_work.rollback()
        flash(TABLE_ERRORS[error.code](error.detail), "error")
        return redirect(url_for("register_io.upload"))
    problems = [(line, _column(name), PROBLEMS[code]()) for line, name, code in
                checked.problems]
    return render_template("register/import.html", form=form, checked=checked,
                           problems=problems, filename=upload.filename,
                           headers=table.headers(current_lang())), 422 if problems else 200


@bp.route("/register/import/confirm", methods=["POST"])
@login_required
def confirm():
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        count = service.confirm(current_user, request.form.get("token", "")[:100])
    except LookupError:
        abort(404)
    flash(ngettext("%(num)d record imported.", "%(num)d records imported.", count),
          "success")
    return redirect(url_for("register.index"))


@bp.route("/register.xlsx")
@login_required
def export_xlsx():
    return Response(service.export_xlsx(current_user, current_lang()), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=register.xlsx"})


@bp.route("/register.pdf")
@login_required
def export_pdf():
    return Response(service.export_pdf(current_user, current_lang()),
                    mimetype="application/pdf",
                    headers={"Content-Disposition": "attachment; filename=register.pdf"})


@bp.route("/register.csv")
@login_required
def export_csv():
    return Response(service.export_csv(current_user, current_lang()),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=register.csv"})
