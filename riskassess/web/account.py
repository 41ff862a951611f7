"""The user's own account: personal API tokens (created, shown once, revoked)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from riskassess import unit_of_work
from riskassess.core import permissions
from riskassess.services import tokens as service
from riskassess.services.errors import PermissionDenied
from riskassess.web.forms import EmptyForm

bp = Blueprint("account", __name__)


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"),
                       validators=[DataRequired(), Length(max=service.MAX_NAME_LENGTH)])


def _allowed() -> None:
    if not permissions.can_use_api(current_user):
        abort(403)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    _allowed()
    form = TokenForm()
    created = secret = None
    if form.validate_on_submit():
        try:
            created, secret = service.create(current_user, form.name.data)
        except service.TokenError as exc:
            unit_of_work.rollback()
            flash(_("Refused: %(reason)s.", reason=str(exc)), "error")
        else:
            form = TokenForm(formdata=None)
    # the secret is rendered in this response only: never stored, flashed nor cached
    response = make_response(render_template(
        "account/tokens.html", form=form, tokens=service.tokens_of(current_user),
        created=created, secret=secret, action_form=EmptyForm()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    _allowed()
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.revoke(current_user, token_id)
    except PermissionDenied:
        unit_of_work.rollback()
        abort(404)
    flash(_("Token revoked: scripts using it are refused from now on."), "success")
    return redirect(url_for(".tokens"))
