"""Evidence from data: re-identification profile and measured fairness of uploaded samples,
the inferences the declared data allows, and the read-only inference knowledge base."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions
from riskassess.core.csvdata import CsvError
from riskassess.core.inference import chain_text
from riskassess.services import assessments
from riskassess.services import evidence as service
from riskassess.services.catalogue import catalogue, catalogue_for
from riskassess.web import evidence_words
from riskassess.web.csv_messages import csv_message
from riskassess.web.forms import FairnessForm, ReidentificationForm

bp = Blueprint("evidence", __name__)


def _columns(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


@bp.route("/assessments/<int:assessment_id>/evidence")
@login_required
def overview(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    profile = assessments.profile(assessment)
    cat = catalogue_for(assessment)
    return render_template(
        "evidence/overview.html",
        assessment=assessment,
        profile=profile,
        measurements=dict(profile.measurements),
        history=list(reversed(assessment.measurements)),
        chains={i.trait.id: chain_text(cat, i) for i in profile.inferences},
        words=evidence_words,
        changed=evidence_words.changed_risks(profile),
    )


def _upload(assessment_id: int, form_class, kind: str, measure):
    assessment = assessment_or_404(assessment_id, permissions.can_measure)
    form = form_class()
    status = 200
    if form.validate_on_submit():
        upload = form.sample.data
        try:
            measure(assessment, upload.stream, upload.filename or "sample.csv", form)
        except CsvError as exc:
            unit_of_work.rollback()
            form.sample.errors.append(csv_message(exc))
            status = 422
        else:
            flash(_("Sample analysed: only the statistics below were kept, not the file."),
                  "success")
            return redirect(url_for(".overview", assessment_id=assessment.id))
    elif form.is_submitted():
        status = 422
    return render_template(f"evidence/{kind}.html", assessment=assessment, form=form), status


@bp.route("/assessments/<int:assessment_id>/evidence/reidentification",
          methods=["GET", "POST"])
@login_required
def reidentification(assessment_id: int):
    def measure(assessment, stream, filename, form):
        service.measure_reidentification(current_user, assessment, stream, filename,
                                         _columns(form.quasi_identifiers.data),
                                         (form.sensitive.data or "").strip() or None,
                                         form.stage.data)

    return _upload(assessment_id, ReidentificationForm, "reidentification", measure)


@bp.route("/assessments/<int:assessment_id>/evidence/fairness", methods=["GET", "POST"])
@login_required
def fairness(assessment_id: int):
    def measure(assessment, stream, filename, form):
        service.measure_fairness(current_user, assessment, stream, filename,
                                 form.group.data.strip(), form.decision.data.strip(),
                                 (form.label.data or "").strip() or None,
                                 (form.positive.data or "").strip() or None)

    return _upload(assessment_id, FairnessForm, "fairness", measure)


@bp.route("/knowledge-base")
@login_required
def knowledge_base():
    if not current_user.is_active:
        abort(403)
    cat = catalogue()
    revealed_by: dict[str, list] = {}
    for rule in cat.rules:
        revealed_by.setdefault(rule.reveals, []).append(rule)
    names = {**{k: v.label for k, v in cat.categories.items()},
             **{k: v.label for k, v in cat.traits.items()}}
    return render_template("evidence/knowledge_base.html", catalogue=cat,
                           revealed_by=revealed_by, names=names)
