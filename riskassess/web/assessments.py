"""Project owners' pages: list, create, answer the questionnaire module by module, submit."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from riskassess import unit_of_work
from riskassess.access import assessment_or_404
from riskassess.core import permissions, remarks
from riskassess.core.answers import (
    draft_measures,
    missing_required,
    module_progress,
    visible_answers,
)
from riskassess.core.periodic_review import review_date_by_default
from riskassess.core.workflow import Status, TransitionError
from riskassess.labels import current_lang
from riskassess.pagination import found, page_number
from riskassess.reports.riskmap import layout
from riskassess.services import (
    actions,
    attachments,
    integrity,
    lists,
    living,
    report_builds,
    review,
    rounds,
)
from riskassess.services import assessments as service
from riskassess.services.catalogue import (
    catalogue,
    newer_version,
    questionnaire_for,
    risk_catalogue,
)
from riskassess.web import list_filters
from riskassess.web.forms import AssessmentForm, DecisionForm, EmptyForm, OpinionForm

bp = Blueprint("assessments", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.role in ("dpo", "decider"):
        return redirect(url_for("review.queue"))
    if current_user.role == "auditor":
        return redirect(url_for("reports.approved"))
    return redirect(url_for("assessments.index"))


@bp.route("/assessments")
@login_required
def index():
    """The assessments the user may see, narrowed by words, status, owner, template and
    outcome and sorted, the state in the URL (web/list_filters.py)."""
    filters, status = list_filters.read(request.args)
    page = found(lists.page_of(current_user, page_number(), [status] if status else None,
                                 filters=filters))
    return render_template("assessments/index.html", assessments=page.items, page=page,
                           filters=filters, status=status, statuses=list(Status),
                           owners=lists.owners_seen(current_user))


@bp.route("/assessments/new", methods=["GET", "POST"])
@login_required
def new():
    """Choose a use-case template (or none), then give a title, a description and a sector."""
    if not permissions.can_create(current_user):
        abort(403)
    templates = catalogue().templates
    template = templates.get(request.values.get("template", ""))
    form = AssessmentForm()
    if request.method == "GET" and template is not None:
        lang = current_lang()
        form.title.data = template.assessment_title.get(lang)
        form.description.data = template.assessment_description.get(lang)
        form.sector.data = template.sector
        form.template.data = template.id
    if form.validate_on_submit():
        assessment = service.create(
            current_user, form.title.data, form.description.data or "", form.sector.data,
            template_id=template.id if template else None,
        )
        if template is not None:
            flash(_("Assessment created from the template “%(name)s”: its answers are "
                    "pre-filled and all editable.", name=template.title.get(current_lang())),
                  "success")
        else:
            flash(_("Assessment created. Answer the questionnaire module by module."),
                  "success")
        first = questionnaire_for(assessment).modules[0]
        return redirect(url_for("wizard.module", assessment_id=assessment.id, module_id=first.id))
    choosing = request.method == "GET" and "template" not in request.args
    return render_template("assessments/new.html", form=form, template=template,
                           templates=templates.values(), choosing=choosing)


@bp.route("/assessments/<int:assessment_id>")
@login_required
def show(assessment_id: int):
    return _render_show(assessment_or_404(assessment_id))


def _render_show(assessment) -> str:
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_values()
    counted = visible_answers(questionnaire, answers)  # once, for the figures that use it
    profile = service.profile(assessment)
    found = remarks.threads(assessment.comments, assessment.revision)
    return render_template(
        "assessments/show.html",
        assessment=assessment,
        questionnaire=questionnaire,
        profile=profile,
        riskmap=layout(profile.risks),
        progress=module_progress(questionnaire, counted),
        missing=missing_required(questionnaire, counted),
        drafts=draft_measures(questionnaire, answers),
        newer=newer_version(assessment),
        drift=integrity.drift(assessment),
        editions=report_builds.progress(assessment) if assessment.status == "approved"
        else None,
        out_of_date=living.out_of_date(assessment),
        adjustments={a.risk_id: a for a in assessment.adjustments
                     if a.revision == assessment.revision},
        risk_info=risk_catalogue(assessment),
        submit_form=EmptyForm(),
        opinion_form=OpinionForm(),
        decision_form=DecisionForm(),
        review_by_default=review_date_by_default(date.today()),
        removable={f.id for f in assessment.files
                   if attachments.can_remove(current_user, assessment, f)},
        round_pair=rounds.last_two(assessment),
        changed=rounds.changed_since_previous(assessment),
        remark_list=found,
        remarks_by_target=remarks.by_target(found),
        risk_remark_targets=[(f"risk:{r.id}", f"remark-risk-{r.id}", f"risk-remarks-{r.id}")
                             for r in profile.risks.risks],
        open_by_module=remarks.unresolved_by_module(found, questionnaire.module_of),
        unsettled=review.unsettled(assessment),
        evaluations=[e for e in assessment.evaluations if e.revision == assessment.revision],
        send_back=next((c for c in reversed(assessment.comments)
                        if c.kind == "changes_requested" and c.revision == assessment.revision),
                       None),
    )


@bp.route("/assessments/<int:assessment_id>/risks/<string(maxlength=100):risk>/calculation")
@login_required
def risk_calculation(assessment_id: int, risk: str):
    """One risk's whole calculation: every step of its two figures (core/trail.py). The
    assessment page shows each risk's main drivers and links here (issue 20: the whole trail
    of every risk made the page several times heavier). `risk` is the catalogue's id."""
    assessment = assessment_or_404(assessment_id)
    profile = service.profile(assessment)
    found = profile.risks.risk(risk)
    if found is None:
        abort(404)
    return render_template("assessments/risk_calculation.html", assessment=assessment,
                           r=found, number=profile.risks.risks.index(found) + 1)


@bp.route("/assessments/<int:assessment_id>/action-plan")
@login_required
def action_plan(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    return render_template(
        "assessments/action_plan.html",
        assessment=assessment,
        profile=service.profile(assessment),
        module_of=questionnaire_for(assessment).module_of,
        items=actions.item_rows(assessment),
        follow_ups={f.question_id: f for f in assessment.follow_ups},
        addresses={q.id: tuple(dict.fromkeys(e.risk for e in q.addresses))
                   for q in questionnaire_for(assessment).questions if q.is_measure},
        people=lists.colleagues(current_user) if permissions.can_follow_up(
            current_user, assessment) else [],
        follow_form=EmptyForm(), today=date.today(),
    )


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@login_required
def submit(assessment_id: int):
    assessment = assessment_or_404(assessment_id, permissions.can_submit)
    try:
        service.submit(current_user, assessment)
    except service.IncompleteError as exc:
        unit_of_work.rollback()
        if exc.missing:
            flash(ngettext("Answer the required questions before submitting (%(num)d "
                           "missing).",
                           "Answer the required questions before submitting (%(num)d "
                           "missing).", len(exc.missing)), "error")
        if exc.drafts:
            flash(ngettext("Give the owner and due date of the planned measure still in "
                           "draft before submitting.",
                           "Give the owners and due dates of the %(num)d planned measures "
                           "still in draft before submitting.", len(exc.drafts)), "error")
    except TransitionError:
        unit_of_work.rollback()
        flash(_("This assessment cannot be submitted in its current state."), "error")
    else:
        flash(_("Assessment submitted to your DPO."), "success")
    return redirect(url_for(".show", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/adopt", methods=["POST"])
@login_required
def adopt(assessment_id: int):
    """Move a draft to the newer questionnaire version, carrying over the answers that fit."""
    assessment = assessment_or_404(assessment_id, permissions.can_edit)
    if not EmptyForm().validate_on_submit():
        abort(400)
    latest = newer_version(assessment)
    dropped = service.adopt_latest(current_user, assessment)
    if latest is not None:
        flash(_("The assessment now uses version %(version)d of the questionnaire.",
                version=latest.version), "success")
    if dropped:
        flash(ngettext("%(num)d answer did not fit the new version and was set aside (it "
                       "stays in the audit trail): %(ids)s",
                       "%(num)d answers did not fit the new version and were set aside (they "
                       "stay in the audit trail): %(ids)s", len(dropped), ids=", ".join(dropped)),
              "info")
    return redirect(url_for(".show", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/duplicate", methods=["POST"])
@login_required
def duplicate(assessment_id: int):
    """A new draft of the current user with this assessment's answers."""
    from riskassess.services.duplicate import duplicate as make_copy

    assessment = assessment_or_404(assessment_id, permissions.can_duplicate)
    if not EmptyForm().validate_on_submit():
        abort(400)
    copy_ = make_copy(current_user, assessment)
    flash(_("A copy was made as a new draft: its answers are those of “%(title)s”; evidence, "
            "remarks and decisions are not copied.", title=assessment.title), "success")
    return redirect(url_for(".show", assessment_id=copy_.id))


@bp.route("/assessments/<int:assessment_id>/diff")
@login_required
def diff(assessment_id: int):
    """What changed between a frozen revision and another one, or the current state."""
    from riskassess.services.versions import diff as compute

    assessment = assessment_or_404(assessment_id)
    old, new = request.args.get("from", "1")[:12], request.args.get("to", "")[:12]
    found = compute(assessment, old, new)
    if found is None:
        abort(404)  # no such revision or round (or a reference that names none)
    threads = remarks.by_target(remarks.threads(assessment.comments, assessment.revision))
    return render_template("assessments/diff.html", assessment=assessment, old=old, new=new,
                           found=found, threads=threads, rounds=assessment.rounds,
                           versions=assessment.versions)
