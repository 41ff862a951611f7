"""Access to the questionnaire catalogue loaded and validated at start-up."""

from __future__ import annotations

from flask import current_app

from riskassess.core.questionnaire import (
    Catalogue,
    Option,
    Questionnaire,
    QuestionnaireError,
    load_catalogue,
)

EXTENSION_KEY = "riskassess.catalogue"
# The context question whose options are the sectors offered when creating an assessment.
SECTOR_QUESTION = "ctx_sector"


def load_into(app) -> Catalogue:
    """Load the catalogue for `app`; a QuestionnaireError stops the start-up."""
    catalogue = load_catalogue(app.config["QUESTIONNAIRES_DIR"])
    default = catalogue.questionnaires.get(app.config["DEFAULT_QUESTIONNAIRE"])
    where = app.config["QUESTIONNAIRES_DIR"]
    if default is None:
        raise QuestionnaireError(
            [f"{where}: default questionnaire '{app.config['DEFAULT_QUESTIONNAIRE']}' not found"]
        )
    sector = default.question(SECTOR_QUESTION)
    if sector is None or sector.type != "choice":
        raise QuestionnaireError(
            [f"{where}/{default.source}: needs a choice question '{SECTOR_QUESTION}' (sectors)"]
        )
    app.extensions[EXTENSION_KEY] = catalogue
    return catalogue


def catalogue() -> Catalogue:
    return current_app.extensions[EXTENSION_KEY]


def default_questionnaire() -> Questionnaire:
    return catalogue().questionnaires[current_app.config["DEFAULT_QUESTIONNAIRE"]]


def questionnaire_for(assessment) -> Questionnaire:
    """The questionnaire an assessment was started with."""
    found = catalogue().questionnaires.get(assessment.questionnaire_id)
    if found is None:
        raise LookupError(f"questionnaire '{assessment.questionnaire_id}' is not loaded")
    return found


def sector_options() -> tuple[Option, ...]:
    return default_questionnaire().question(SECTOR_QUESTION).options
