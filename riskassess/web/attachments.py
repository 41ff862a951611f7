"""Evidence files of an assessment: add (multipart form), download, remove
(services/attachments.py holds the rules)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.attachments import AttachmentError
from riskassess.labels import filesize
from riskassess.services import attachments
from riskassess.web.forms import EmptyForm

bp = Blueprint("attachments", __name__)


def refusal(error: AttachmentError) -> str:
    if error.code == "too_large":
        return _("This file is larger than %(size)s: it was not added.",
                 size=filesize(attachments.max_bytes()))
    if error.code == "type":
        found = _(" (it looks like %(type)s)", type=error.found) if error.found else ""
        return _("This kind of file is not accepted%(found)s. Accepted: PDF, images (PNG, "
                 "JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) "
                 "and text. The type is read from the content, not from the name.",
                 found=found)
    return {
        "empty": _("This file is empty: it was not added."),
        "too_many": _("This assessment already has %(count)d files: remove one first.",
                      count=attachments.MAX_FILES),
        "question": _("This question is not part of the assessment."),
        "too_long": _("The description is too long: nothing was saved."),
    }[error.code]


def _back(assessment_id: int):
    return redirect(url_for("assessments.show", assessment_id=assessment_id) + "#files")


@bp.route("/assessments/<int:assessment_id>/files", methods=["POST"])
@login_required
def add(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_edit)
    if not EmptyForm().validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a file to add."), "error")
        return _back(assessment.id)
    # One byte more than allowed is enough to know that it is too large.
    data = upload.stream.read(attachments.max_bytes() + 1)
    try:
        stored = attachments.add(current_user, assessment, data, upload.filename,
                                 request.form.get("question_id") or None,
                                 request.form.get("note", ""))
    except AttachmentError as error:
        unit_of_work.rollback()
        flash(refusal(error), "error")
    else:
        flash(_("File added: %(name)s (SHA-256 %(sha)s…).", name=stored.name,
                sha=stored.sha256[:16]), "success")
    return _back(assessment.id)


@bp.route("/assessments/<int:assessment_id>/files/<int:file_id>")
@login_required
def download(assessment_id: int, file_id: int):
    assessment = assessment_or_404(assessment_id)
    stored = attachments.file_of(assessment, file_id)
    if stored is None:
        abort(404)
    response = send_file(io.BytesIO(stored.data), mimetype=stored.media_type,
                         as_attachment=True, download_name=stored.name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-File-SHA256"] = stored.sha256
    return response


@bp.route("/assessments/<int:assessment_id>/files/<int:file_id>/delete", methods=["POST"])
@login_required
def remove(assessment_id: int, file_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_edit)
    if not EmptyForm().validate_on_submit():
        abort(400)
    stored = attachments.file_of(assessment, file_id)
    if stored is None:
        abort(404)
    if not attachments.can_remove(current_user, assessment, stored):
        abort(403)
    attachments.remove(current_user, assessment, stored)
    flash(_("File removed: %(name)s.", name=stored.name), "success")
    return _back(assessment.id)
