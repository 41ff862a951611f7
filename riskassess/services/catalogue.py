"""The questionnaire catalogue: the current one, validated at start-up, and the snapshots that
assessments were started with (stored in the database, reloaded on demand)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from sqlalchemy import select

from riskassess.core.custom_measures import Definition, with_custom
from riskassess.core.loader import Sources, fingerprint, load_sources, read_directory
from riskassess.core.questionnaire import (
    Catalogue,
    Option,
    Questionnaire,
    QuestionnaireError,
)
from riskassess.extensions import db
from riskassess.labels import current_lang
from riskassess.models import Assessment, QuestionnaireSnapshot

EXTENSION_KEY = "riskassess.catalogue"
# The context question whose options are the sectors offered when creating an assessment.
SECTOR_QUESTION = "ctx_sector"


@dataclass(frozen=True)
class Current:
    catalogue: Catalogue
    sources: Sources
    sha256: str


def load_into(app) -> Current:
    """Load the catalogue for `app`; a QuestionnaireError stops the start-up."""
    directory = app.config["QUESTIONNAIRES_DIR"]
    sources = read_directory(directory)
    catalogue = load_sources(sources, origin=directory)
    default = catalogue.questionnaires.get(app.config["DEFAULT_QUESTIONNAIRE"])
    if default is None:
        raise QuestionnaireError(
            [f"{directory}: default questionnaire '{app.config['DEFAULT_QUESTIONNAIRE']}' "
             "not found"])
    sector = default.question(SECTOR_QUESTION)
    if sector is None or not sector.has_options or sector.is_multiple:
        raise QuestionnaireError(
            [f"{directory}/{default.source}: needs a choice question '{SECTOR_QUESTION}'"])
    state = app.extensions[EXTENSION_KEY] = Current(catalogue, sources, fingerprint(sources))
    return state


def load_or_exit(app) -> Current:
    """load_into, and any problem stops the program with the list of problems."""
    try:
        return load_into(app)
    except QuestionnaireError as exc:
        lines = "\n".join(f"  {problem}" for problem in exc.problems)
        raise SystemExit(
            f"riskassess cannot start: {len(exc.problems)} problem(s) in the questionnaire "
            f"files:\n{lines}"
        ) from None


def current() -> Current:
    """The current catalogue; a command's application (`create_app(web=False)`) reads the
    files when this is first called, as most commands never need them."""
    state = current_app.extensions.get(EXTENSION_KEY)
    return load_or_exit(current_app) if state is None else state


def catalogue() -> Catalogue:
    return current().catalogue


def default_questionnaire() -> Questionnaire:
    return catalogue().questionnaires[current_app.config["DEFAULT_QUESTIONNAIRE"]]


def sector_options() -> tuple[Option, ...]:
    return default_questionnaire().question(SECTOR_QUESTION).options


def sector_label(sector: str) -> str:
    """A sector's name in the current language (its id when the catalogue lacks it)."""
    option = next((o for o in sector_options() if o.value == sector), None)
    return option.label.get(current_lang()) if option else sector


def current_snapshot() -> QuestionnaireSnapshot:
    """The database snapshot of the current files, created the first time it is needed."""
    state = current()
    snapshot = db.session.scalar(
        select(QuestionnaireSnapshot).where(QuestionnaireSnapshot.sha256 == state.sha256))
    if snapshot is None:
        snapshot = QuestionnaireSnapshot(sha256=state.sha256, sources=state.sources)
        db.session.add(snapshot)
        db.session.flush()
    return snapshot


@lru_cache(maxsize=32)
def _load_snapshot(sha256: str, snapshot_id: int) -> Catalogue:
    snapshot = db.session.get(QuestionnaireSnapshot, snapshot_id)
    return load_sources(snapshot.sources, origin=f"snapshot {sha256[:12]}")


def catalogue_for(assessment: Assessment) -> Catalogue:
    """The catalogue an assessment was started with (the current one if unchanged)."""
    snapshot = assessment.snapshot
    if snapshot is None or snapshot.sha256 == current().sha256:
        return catalogue()
    return _load_snapshot(snapshot.sha256, snapshot.id)


def questionnaire_for(assessment: Assessment) -> Questionnaire:
    """The questionnaire, at the version an assessment was started with, and the measures
    of the owner's own (core/custom_measures.py)."""
    found = catalogue_for(assessment).questionnaires.get(assessment.questionnaire_id)
    if found is None:
        raise LookupError(f"questionnaire '{assessment.questionnaire_id}' is not available")
    return _with_own_measures(assessment, found)


def newer_version(assessment: Assessment) -> Questionnaire | None:
    """The current questionnaire when it differs from the one the assessment uses."""
    latest = catalogue().questionnaires.get(assessment.questionnaire_id)
    if latest is None or assessment.snapshot is None:
        return None
    if assessment.snapshot.sha256 == current().sha256:
        return None
    return _with_own_measures(assessment, latest)


def _with_own_measures(assessment: Assessment, questionnaire: Questionnaire) -> Questionnaire:
    if assessment.id is None or not assessment.custom_measures:
        return questionnaire
    return with_custom(questionnaire, [
        Definition(m.id, m.title, tuple(m.risks), m.effect, m.justification)
        for m in assessment.custom_measures])


def risk_catalogue(assessment: Assessment) -> dict:
    """Per risk: its catalogue entry and the measure questions that address it."""
    catalogue, questionnaire = catalogue_for(assessment), questionnaire_for(assessment)
    return {risk.id: {"risk": risk, "measures": questionnaire.measures_for(risk.id)}
            for risk in catalogue.risks}
