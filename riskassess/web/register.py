"""The register of processing activities: the list, a record with its history, and the forms
to add and change records (services/register.py holds the rules)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.core import permissions
from riskassess.core import register as rules
from riskassess.core.answers import visible_question_ids
from riskassess.core.screening import VERDICT_LABELS
from riskassess.extensions import db
from riskassess.models import RegisterRecord
from riskassess.pagination import found, page_number
from riskassess.services import register as service
from riskassess.services.catalogue import catalogue, default_questionnaire
from riskassess.services.errors import PermissionDenied
from riskassess.web.answer_form import error_messages, raw_answer
from riskassess.web.forms import EmptyForm

bp = Blueprint("register", __name__)
PROBLEMS = {
    "required": lambda: _("Required."),
    "too_long": lambda: _("Too long."),
    "choice": lambda: _("Not one of the choices."),
    "category": lambda: _("Unknown data category."),
    "kind": lambda: _("Unknown kind of record."),
}


def record_or_404(record_id: int) -> RegisterRecord:
    record = db.session.get(RegisterRecord, record_id)
    if record is None or not permissions.can_view_record(current_user, record):
        abort(404)
    return record


def _posted() -> dict:
    form = request.form
    return {f.name: form.getlist(f.name) if f.kind == "categories" else form.get(f.name, "")
            for f in rules.FIELDS}


def _form(kind: str, values: dict, problems: dict, record: RegisterRecord | None = None,
          status: int = 200):
    categories = catalogue().categories
    groups: dict[str, list] = {}
    for category in categories.values():
        groups.setdefault(category.group, []).append(category)
    return render_template(
        "register/form.html", kind=kind, fields=rules.fields_of(kind), values=values,
        problems={k: PROBLEMS[v]() for k, v in problems.items()}, record=record,
        groups=groups, form=EmptyForm(), LEGAL_BASES=rules.LEGAL_BASES,
        GROUP_LABELS=rules.GROUP_LABELS, KIND_LABELS=rules.KIND_LABELS), status


@bp.route("/register")
@login_required
def index():
    kind = request.args.get("kind", "")
    text = " ".join(request.args.get("q", "")[:200].split())
    needs = request.args.get("needs") == "dpia"
    review_due = request.args.get("review") == "due"
    page = found(service.page(current_user, page_number(), text, kind, needs_dpia=needs,
                              review_due=review_due))
    return render_template("register/index.html", page=page, records=page.items, kind=kind,
                           text=text, needs=needs, review_due=review_due,
                           KIND_LABELS=rules.KIND_LABELS,
                           VERDICT_LABELS=VERDICT_LABELS)


@bp.route("/register/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_add_record(current_user):
        abort(403)
    kind = request.values.get("kind", "controller")
    if kind not in rules.KINDS:
        abort(404)
    if request.method == "GET":
        return _form(kind, {}, {})
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        record = service.create(current_user, kind, _posted())
    except rules.RecordError as error:
        unit_of_work.rollback()
        flash(_("The record was not saved: see the fields marked below."), "error")
        return _form(kind, error.values, error.problems, status=422)
    flash(_("Record added to the register."), "success")
    return redirect(url_for("register.show", record_id=record.id))


def _show(record: RegisterRecord, raw: dict | None = None, errors: dict | None = None,
          status: int = 200):
    categories = catalogue().categories
    questionnaire = default_questionnaire()
    answers = service.screening_answers(record) if record.kind == "controller" else {}
    return render_template(
        "register/show.html", record=record, fields=rules.fields_of(record.kind),
        categories=categories, screening=service.screening_of(record),
        screening_questions=questionnaire.module(service.SCREENING).questions
        if record.kind == "controller" else (),
        screening_values={**answers, **(raw or {})},
        screening_errors=error_messages(errors or {}),
        visible=visible_question_ids(questionnaire, answers),
        sensitive=rules.sensitive(record.values.get("data_categories", []), categories),
        LEGAL_BASES=rules.LEGAL_BASES, KIND_LABELS=rules.KIND_LABELS, BY_NAME=rules.BY_NAME,
        form=EmptyForm()), status


@bp.route("/register/<int:record_id>")
@login_required
def show(record_id: int):
    return _show(record_or_404(record_id))


@bp.route("/register/<int:record_id>/screening", methods=["POST"])
@login_required
def screening(record_id: int):
    """Answer on the record's page the screening questions its fields cannot."""
    record = record_or_404(record_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    module = default_questionnaire().module(service.SCREENING)
    raw = {q.id: raw_answer(q, request.form) for q in module.questions}
    try:
        errors = service.save_screening(current_user, record, raw)
    except PermissionDenied:
        unit_of_work.rollback()
        abort(403)
    if errors:
        flash(_("The screening was not saved: see the questions marked below."), "error")
        return _show(record, raw, errors, status=422)
    flash(_("Screening saved."), "success")
    return redirect(url_for("register.show", record_id=record.id) + "#screening")


@bp.route("/register/<int:record_id>/dpia", methods=["POST"])
@login_required
def start_dpia(record_id: int):
    """Start the DPIA of a record, pre-filled from it."""
    record = record_or_404(record_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        assessment = service.start_assessment(current_user, record)
    except PermissionDenied:
        unit_of_work.rollback()
        abort(403)
    except service.AlreadyLinked:
        unit_of_work.rollback()
        flash(_("This record has its DPIA already."), "error")
        return redirect(url_for("register.show", record_id=record.id))
    flash(_("DPIA started from the record: the answers it gives are filled in; check them "
            "and answer the rest."), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id))


@bp.route("/register/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(record_id: int):
    record = record_or_404(record_id)
    if not permissions.can_edit_record(current_user, record):
        abort(403)
    if request.method == "GET":
        return _form(record.kind, record.values, {}, record)
    if not EmptyForm().validate_on_submit():
        abort(400)
    version = request.form.get("version", "")
    try:
        changed = service.update(current_user, record, _posted(),
                                 int(version) if version.isdigit() else -1)
    except rules.RecordError as error:
        unit_of_work.rollback()
        flash(_("The record was not saved: see the fields marked below."), "error")
        return _form(record.kind, error.values, error.problems, record, status=422)
    except service.Conflict:
        unit_of_work.rollback()
        flash(_("Someone changed this record since you opened it: nothing was saved. Here "
                "it is as it is now."), "error")
        return redirect(url_for("register.edit", record_id=record.id))
    except PermissionDenied:
        unit_of_work.rollback()
        abort(403)
    flash(ngettext("Record saved (%(num)d field changed).",
                   "Record saved (%(num)d fields changed).", len(changed)) if changed
          else _("Nothing changed."), "success")
    return redirect(url_for("register.show", record_id=record.id))
