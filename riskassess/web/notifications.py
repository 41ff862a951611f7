"""Notifications in the app (the bell, the list, opening one) and the user's e-mail
preferences; the administrators' outbox page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess.core import permissions
from riskassess.pagination import found, page_number
from riskassess.services import inbox
from riskassess.services.notify import KINDS, describe, kind_label, localized
from riskassess.web.auth import safe_next
from riskassess.web.forms import EmptyForm

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    page = found(inbox.page_of(current_user, page_number()))
    return render_template("notifications/index.html", page=page, form=EmptyForm(),
                           describe=describe, localized=localized)


@bp.route("/notifications/unread.json")
@login_required
def unread():
    """The bell's count, fetched by the page (pages themselves may come from the cache)."""
    response = jsonify(unread=inbox.unread_count(current_user))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_one(notification_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    notification = inbox.open_one(current_user, notification_id)
    if notification is None:
        abort(404)
    return redirect(safe_next(notification.link) or url_for(".index"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    inbox.read_all(current_user)
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for(".index"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        inbox.set_mail_preferences(current_user,
                                   set(request.form.getlist("mail")[:len(KINDS)]) & set(KINDS))
        flash(_("Your e-mail preferences are saved."), "success")
        return redirect(url_for(".settings"))
    off = set((current_user.mail_off or "").split())
    return render_template("notifications/settings.html", form=form, kinds=KINDS, off=off,
                           kind_label=kind_label)


@bp.route("/admin/outbox")
@login_required
def outbox():
    if not permissions.can_admin_users(current_user):
        abort(403)
    page = found(inbox.outbox_page(current_user.organisation_id, page_number()))
    return render_template("notifications/outbox.html", page=page)
