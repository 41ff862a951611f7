"""Administrators manage the users of their organisation; owners manage co-authors."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.permissions import ROLES
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.labels import ROLE_LABELS, current_lang
from riskassess.models import User, utcnow
from riskassess.services import admin as service
from riskassess.services import invitations
from riskassess.services.errors import PermissionDenied
from riskassess.services.users import UserError
from riskassess.web.forms import EmptyForm
from riskassess.web.user_messages import refusal

bp = Blueprint("admin", __name__)


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, r) for r in ROLES])


class CoauthorForm(FlaskForm):
    email = EmailField(_l("Email of a project owner"), validators=[DataRequired(),
                                                                   Length(max=254)])


def _user_error(exc: UserError) -> str:
    return refusal(exc)


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def users():
    if not permissions.can_admin_users(current_user):
        abort(403)
    form = InviteForm()
    form.role.choices = [SelectChoice(r, str(ROLE_LABELS[r])) for r in ROLES]
    if form.validate_on_submit():
        sent = _invite(form)
        if sent:
            return redirect(url_for(".users"))
    invited = invitations.pending(current_user.organisation_id)
    members = db.session.scalars(select(User).where(
        User.organisation_id == current_user.organisation_id).order_by(User.name)).all()
    return render_template("admin/users.html", form=form, members=members,
                           invited=invited, action_form=EmptyForm(), roles=ROLES,
                           expired={i.id for i in invited if as_utc(i.expires_at) <= utcnow()})


def _invite(form: InviteForm) -> bool:
    """Send the invitation; the same message whether the address is free or used elsewhere."""
    email = form.email.data.strip().lower()
    try:
        invitations.invite(current_user, email, form.name.data, form.role.data, current_lang(),
                           lambda token: url_for("invitations.accept", token=token,
                                                 _external=True))
    except invitations.InvitationError as exc:
        unit_of_work.rollback()
        messages = {
            "already_member": _("%(email)s is already a member of your organisation.",
                                email=email),
            "invalid_email": _("Give a valid e-mail address and a name."),
            "unknown_role": _("Choose one of the roles offered."),
        }
        form.email.errors.append(messages.get(exc.code, messages["invalid_email"]))
        return False
    flash(_("Invitation sent to %(email)s: the link in it is valid for %(days)d days.",
            email=email, days=current_app.config["INVITATION_DAYS"]), "success")
    return True


@bp.route("/admin/users/<int:user_id>/<action>", methods=["POST"])
@login_required
def change(user_id: int, action: str):
    if not permissions.can_admin_users(current_user):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "role":
            service.set_role(current_user, user_id, request.form.get("role", ""),
                             request.form.getlist("extra")[:10])
        elif action in ("activate", "deactivate"):
            service.set_active(current_user, user_id, action == "activate")
        elif action == "password":
            service.reset_password(current_user, user_id, request.form.get("password", ""))
        else:
            abort(404)
    except PermissionDenied:
        unit_of_work.rollback()
        abort(404)
    except UserError as exc:
        unit_of_work.rollback()
        flash(_user_error(exc), "error")
    else:
        flash(_("Change recorded."), "success")
    return redirect(url_for(".users"))


@bp.route("/assessments/<int:assessment_id>/coauthors", methods=["GET", "POST"])
@login_required
def coauthors(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_manage_coauthors)
    form = CoauthorForm()
    if form.validate_on_submit():
        try:
            service.add_coauthor(current_user, assessment, form.email.data)
        except UserError:
            unit_of_work.rollback()
            flash(_("Co-authors must be active project owners of your organisation."), "error")
        else:
            flash(_("Co-author added."), "success")
            return redirect(url_for(".coauthors", assessment_id=assessment.id))
    return render_template("admin/coauthors.html", assessment=assessment, form=form,
                           action_form=EmptyForm())


@bp.route("/assessments/<int:assessment_id>/coauthors/<int:user_id>/remove",
          methods=["POST"])
@login_required
def remove_coauthor(assessment_id: int, user_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_manage_coauthors)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.remove_coauthor(current_user, assessment, user_id)
    flash(_("Co-author removed."), "success")
    return redirect(url_for(".coauthors", assessment_id=assessment.id))


@bp.route("/admin/content-impact")
@login_required
def content_impact():
    """What the current questionnaire content would change in the organisation's assessments
    started with older content (a dry run, services/content_impact.py)."""
    from riskassess.services import content_impact as service

    if not permissions.can_admin_users(current_user):
        abort(403)
    found = service.impacts(current_user.organisation_id)
    return render_template("admin/content_impact.html", impacts=found,
                           changed=sum(1 for i in found if i.changed))
