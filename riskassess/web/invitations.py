"""The invitee's side of an invitation: the link opens a form to choose a name and a password,
once (services/invitations.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from riskassess import unit_of_work
from riskassess.core import limits
from riskassess.services import invitations, users
from riskassess.web.user_messages import refusal

bp = Blueprint("invitations", __name__)


class AcceptForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.SHORT)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept(token: str):
    invitation = invitations.valid(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = AcceptForm(name=invitation.name)
    if form.validate_on_submit():
        try:
            user = invitations.accept(token, form.name.data, form.password.data)
        except users.UserError as exc:
            unit_of_work.rollback()
            form.password.errors.append(refusal(exc))
        except invitations.InvitationError:
            unit_of_work.rollback()
            return render_template("auth/invitation_invalid.html"), 404
        else:
            if current_user.is_authenticated:
                logout_user()  # someone else was logged in on this browser
            login_user(user)
            flash(_("Welcome, %(name)s: your account is ready.", name=user.name), "success")
            return redirect(url_for("assessments.home"))
    return render_template("auth/invitation.html", form=form, invitation=invitation)
