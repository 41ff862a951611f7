"""Forgotten passwords: ask for a link, then choose a new password through it
(services/password_reset.py). The request is limited per address (Flask-Limiter)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from riskassess import unit_of_work
from riskassess.services import password_reset as service
from riskassess.services import users
from riskassess.web.user_messages import refusal

bp = Blueprint("password", __name__)


class ForgotForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class ChooseForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        service.request_link(form.email.data, lambda token: url_for(
            ".choose", token=token, _external=True))
        # the same answer whether the address has an account or not
        flash(_("If an account uses this address, a message with a link to choose a new "
                "password is on its way. The link works once, for a limited time."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def choose(token: str):
    if service.valid(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ChooseForm()
    if form.validate_on_submit():
        try:
            service.choose(token, form.password.data)
        except users.UserError as exc:
            unit_of_work.rollback()
            form.password.errors.append(refusal(exc))
        except service.ResetError:
            unit_of_work.rollback()
            return render_template("auth/reset_invalid.html"), 404
        else:
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your new password is set: log in with it."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
