"""The CNIL PIA JSON format and how it lines up with our questionnaire: question and item
references, statuses, labels, and the plain data exchanged with the mapping functions of
`riskassess.interchange.cnil.mapping`. Documented in docs/pia-format.md. Pure module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskassess.core.i18n import Text

# What the CNIL tool checks before importing a file: a `pia` object with a `dbVersion`.
DB_VERSION = 201707071818

# CNIL free-text questions that have a free-text twin in our questionnaire (both ways).
TEXT_QUESTIONS: dict[int, str] = {
    111: "ctx_processing",
    112: "ctx_controller",
    113: "ctx_standards",
    122: "ctx_lifecycle",
    211: "ctx_purposes",
    226: "ctx_processors",
}
# Our choice answers that the export describes in words under each CNIL question. Import
# never turns CNIL text back into choices (that would be guessing): such text stays unmapped.
DESCRIBED: dict[int, tuple[str, ...]] = {
    111: ("ctx_sector", "scr_uses_ai"),
    112: ("ctx_joint_control", "ctx_joint_controllers_detail"),
    121: ("ctx_subjects", "ctx_volume", "ctx_data_categories", "ctx_data_sources",
          "ctx_recipients"),
    122: ("ctx_geography",),
    123: ("ctx_assets",),
    211: ("pri_reuse",),
    212: ("pri_legal_basis", "pri_li_balancing", "pri_art9_condition", "pri_art10_condition"),
    213: ("pri_minimisation",),
    214: ("pri_accuracy",),
    215: ("ctx_retention", "pri_retention_periods", "pri_retention_end"),
    221: ("pri_information_channel", "pri_information_content"),
    222: ("pri_consent_collection", "pri_consent_withdrawal"),
    223: ("pri_right_access", "pri_right_portability"),
    224: ("pri_right_rectification", "pri_right_erasure"),
    225: ("pri_right_restriction", "pri_right_objection"),
    226: ("pri_processor_contracts", "pri_processor_oversight"),
    227: ("ctx_transfers", "pri_transfer_assessment", "pri_transfer_derogation"),
}
# The paragraph that starts the described answers in an exported text (either language):
# what follows it is never read back into a free-text answer.
DESCRIBED_HEADING = Text(fr="Réponses au questionnaire riskassess :",
                         en="Answers to the riskassess questionnaire:")

QUESTIONS: dict[int, Text] = {
    111: Text(fr="Traitement étudié", en="Processing studied"),
    112: Text(fr="Responsabilités", en="Responsibilities"),
    113: Text(fr="Référentiels applicables", en="Applicable standards"),
    121: Text(fr="Données traitées", en="Data processed"),
    122: Text(fr="Cycle de vie des données", en="Data life cycle"),
    123: Text(fr="Supports des données", en="Data supporting assets"),
    211: Text(fr="Finalités", en="Purposes"),
    212: Text(fr="Fondement", en="Legal basis"),
    213: Text(fr="Données adéquates", en="Adequate data (minimisation)"),
    214: Text(fr="Données exactes", en="Accurate data"),
    215: Text(fr="Durée de conservation", en="Retention period"),
    221: Text(fr="Information des personnes", en="Information of the people"),
    222: Text(fr="Recueil du consentement", en="Consent"),
    223: Text(fr="Droit d'accès et à la portabilité", en="Right of access and portability"),
    224: Text(fr="Droit de rectification et d'effacement",
             en="Right to rectification and erasure"),
    225: Text(fr="Droit de limitation et d'opposition", en="Right to restriction and objection"),
    226: Text(fr="Sous-traitance", en="Processors"),
    227: Text(fr="Transferts", en="Transfers"),
}
SECTION_QUESTIONS = tuple(QUESTIONS)

# Risk items 3.2-3.4: the CNIL feared events, and the questions x21-x26 of each.
RISK_ITEMS: dict[int, str] = {2: "illegitimate_access", 3: "unwanted_modification",
                              4: "disappearance"}
ITEMS: dict[str, Text] = {
    "1.1": Text(fr="Vue d'ensemble", en="Overview"),
    "1.2": Text(fr="Données, processus et supports", en="Data, processes and supporting assets"),
    "2.1": Text(fr="Proportionnalité et nécessité", en="Proportionality and necessity"),
    "2.2": Text(fr="Mesures protectrices des droits", en="Measures protecting rights"),
    "3.1": Text(fr="Mesures existantes ou prévues", en="Existing or planned measures"),
    "3.2": Text(fr="Accès illégitime à des données", en="Illegitimate access to data"),
    "3.3": Text(fr="Modification non désirée de données", en="Unwanted modification of data"),
    "3.4": Text(fr="Disparition de données", en="Disappearance of data"),
}
RISK_QUESTIONS: dict[int, Text] = {
    1: Text(fr="Impacts", en="Impacts"),
    2: Text(fr="Menaces", en="Threats"),
    3: Text(fr="Sources de risques", en="Risk sources"),
    4: Text(fr="Mesures", en="Measures"),
    5: Text(fr="Gravité", en="Severity"),
    6: Text(fr="Vraisemblance", en="Likelihood"),
}
LEVELS = {
    1: Text(fr="négligeable", en="negligible"),
    2: Text(fr="limitée", en="limited"),
    3: Text(fr="importante", en="significant"),
    4: Text(fr="maximale", en="maximum"),
}
# Evaluated parts of the CNIL document → our modules ("3.1.<measure>" goes to the module of
# the measure when we recognise it).
ITEM_MODULES = {"1.1": "context", "1.2": "context", "2.1": "principles", "2.2": "principles",
                "3.1": "security", "3.2": "security", "3.3": "security", "3.4": "security"}

PIA_STATUSES = {0: "in_progress", 1: "refused", 2: "simple_validation",
                3: "signed_validation", 4: "archived"}
PIA_STATUS_LABELS = {
    "in_progress": Text(fr="en cours", en="in progress"),
    "refused": Text(fr="refusé", en="refused"),
    "simple_validation": Text(fr="validation simple", en="simple validation"),
    "signed_validation": Text(fr="validation signée", en="signed validation"),
    "archived": Text(fr="archivé", en="archived"),
}
# Our workflow status → CNIL PIA status.
STATUS_TO_PIA = {"draft": 0, "submitted": 0, "changes_requested": 0, "resubmitted": 0,
                 "opinion_given": 0,
                 "rejected": 1, "approved": 2, "archived": 4}
# CNIL evaluation status → ours (0, pending, is no evaluation); and back.
EVALUATIONS = {1: "to_correct", 2: "to_improve", 3: "acceptable"}
EVALUATIONS_TO_PIA = {value: key for key, value in EVALUATIONS.items()}
EVALUATION_LABELS = {
    "to_correct": Text(fr="à corriger", en="to correct"),
    "to_improve": Text(fr="à améliorer", en="to improve"),
    "acceptable": Text(fr="acceptable", en="acceptable"),
}
SEVERITY_ORDER = ("acceptable", "to_improve", "to_correct")  # worst last

WORDS = {
    "status": Text(fr="Statut", en="Status"),
    "existing": Text(fr="existante", en="existing"),
    "planned": Text(fr="prévue", en="planned"),
    "owner": Text(fr="Responsable", en="Owner"),
    "due": Text(fr="Échéance", en="Due"),
    "unknown": Text(fr="Je ne sais pas", en="I don't know"),
    "action_plan": Text(fr="Plan d'action", en="Action plan"),
    "initial": Text(fr="initiale (mesures existantes)", en="initial (existing measures)"),
    "residual": Text(fr="résiduelle (mesures existantes et prévues)",
                     en="residual (existing and planned measures)"),
    "measure": Text(fr="Mesure", en="Measure"),
    "comment": Text(fr="Commentaire", en="Comment"),
    "question": Text(fr="Question", en="Question"),
    "evaluation": Text(fr="Évaluation", en="Evaluation"),
    "details": Text(fr="précisions", en="details"),
    "no_content": Text(fr="(sans description)", en="(no description)"),
    "too_long": Text(fr="trop long pour la réponse", en="too long for the answer"),
    "adjusted": Text(fr="Niveaux ajustés par l'évaluateur du PIA CNIL",
                     en="Levels adjusted by the CNIL PIA evaluator"),
    "pia_status": Text(fr="Statut du PIA CNIL", en="CNIL PIA status"),
    "subjects": Text(fr="Avis des personnes concernées", en="Opinion of the data subjects"),
    "not_sought": Text(fr="Avis non recherché", en="Opinion not sought"),
    "rejection": Text(fr="Motif du refus", en="Reason for refusal"),
    "adjustments": Text(fr="Modifications apportées", en="Changes made"),
    "category": Text(fr="Catégorie", en="Category"),
}


def word(key: str, lang: str) -> str:
    return WORDS[key].get(lang)


class PiaError(ValueError):
    """A document that is not a well-formed CNIL PIA file; the message names the place."""


@dataclass(frozen=True)
class RiskLevels:
    """A risk's levels as (severity, likelihood) and, in words, what raises it."""

    initial: tuple[int, int]
    residual: tuple[int, int]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PiaSource:
    """What an export needs of an assessment (its current revision), as plain data."""

    title: str
    status: str  # our workflow status
    answers: dict[str, Any]  # counted (visible) answers by question id
    author: str = ""
    evaluator: str = ""
    validator: str = ""
    dpo_names: str = ""
    risks: dict[str, RiskLevels] = field(default_factory=dict)
    # module → (status, comment); risk → (severity, likelihood, justification)
    evaluations: dict[str, tuple[str, str]] = field(default_factory=dict)
    adjustments: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    comments: tuple[tuple[str, str | None, str], ...] = ()  # (target type, target id, body)
    dpo_opinion: str | None = None
    data_subjects_sought: bool = False
    data_subjects_opinion: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Unmapped:
    """Content of a CNIL document that has no place in our model: kept and shown."""

    reference: str  # "212", "3.2", "3.1.7", "pia.status", "comment 212"…
    label: str
    text: str


@dataclass(frozen=True)
class PiaMeasure:
    title: str
    content: str
    question_id: str | None = None  # our measure question, when the title is one of ours
    # otherwise a measure of the owner's own: the risks whose controls (x24) name it, and its
    # answer (status, owner, due date, description)
    risks: tuple[str, ...] = ()
    value: dict[str, str] | None = None


@dataclass(frozen=True)
class PiaContent:
    """What an import takes from a CNIL document."""

    title: str
    pia_status: str | None
    answers: dict[str, Any]  # parsed values by our question id
    measures: tuple[PiaMeasure, ...] = ()
    evaluations: dict[str, tuple[str, str]] = field(default_factory=dict)
    adjustments: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    risks: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)  # x25, x26
    dpo_opinion: str | None = None
    data_subjects_sought: bool = False
    data_subjects_opinion: str | None = None
    unmapped: tuple[Unmapped, ...] = ()
    warnings: tuple[str, ...] = ()  # known defects of the file, tolerated, with their place
    # who the file names: {role, name, opinion, text, at}, kept as provenance
    people: tuple[dict[str, Any], ...] = ()
    # by risk, the assessor's estimate of the CNIL file (impacts, threats, sources, controls,
    # severity and likelihood with their justifications), shown beside our levels
    estimates: dict[str, dict[str, Any]] = field(default_factory=dict)
