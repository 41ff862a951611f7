"""Login, logout and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from riskassess.services import inbox, users
from riskassess.web.forms import EmptyForm, LoginForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None  # backslashes and control characters (CR, LF…) have no place in a path
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Failed attempts are limited (web/throttle.py installs the limits on this view)."""
    if current_user.is_authenticated:
        return redirect(url_for("assessments.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True  # counted by the login limits (web/throttle.py)
            flash(_("Unknown email or wrong password."), "error")
        else:
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(safe_next(form.next.data) or url_for("assessments.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        users.logout(current_user)  # ends every session of the user, this one included
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language():
    lang = request.form.get("lang")
    if lang in ("fr", "en"):
        session["lang"] = lang
        if current_user.is_authenticated:  # their e-mail follows (services/notify.py)
            inbox.set_language(current_user, lang)
    return redirect(safe_next(request.form.get("next")) or url_for("assessments.home"))
