"""The organisation's page for its administrators: the logo and the classification mention
that its reports carry (services/organisation.py)."""

from __future__ import annotations

import base64

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import Length

from riskassess import unit_of_work
from riskassess.core import permissions
from riskassess.services import organisation as service
from riskassess.services.users import UserError
from riskassess.web.user_messages import refusal

bp = Blueprint("organisation", __name__)


class IdentityForm(FlaskForm):
    classification = StringField(_l("Classification mention"),
                                 validators=[Length(max=service.MAX_CLASSIFICATION)])
    logo = FileField(_l("Logo (PNG, JPEG, GIF or WebP, at most 2 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))


@bp.route("/admin/organisation", methods=["GET", "POST"])
@login_required
def settings():
    if not permissions.can_admin_users(current_user):
        abort(403)
    organisation = current_user.organisation
    form = IdentityForm()
    if form.validate_on_submit():
        upload = form.logo.data
        try:  # the logo first: a refused one leaves the mention unsaved too
            if form.remove_logo.data:
                service.set_logo(current_user, None)
            elif upload and upload.filename:
                with upload.stream as stream:  # a large upload is a temporary file
                    data = stream.read(service.MAX_LOGO_BYTES + 1)
                service.set_logo(current_user, data)
            service.set_classification(current_user, form.classification.data or "")
        except UserError as exc:
            unit_of_work.rollback()
            flash(refusal(exc), "error")
        else:
            flash(_("The organisation's reports will carry these from their next layout."),
                  "success")
            return redirect(url_for(".settings"))
    elif not form.is_submitted():
        form.classification.data = organisation.classification or ""
    logo = base64.b64encode(organisation.logo).decode() if organisation.logo else None
    return render_template("admin/organisation.html", form=form, organisation=organisation,
                           logo=logo)
