"""The CNIL PIA JSON format and how it lines up with our questionnaire: question and item
references, statuses, labels, and the plain data exchanged with the mapping functions of
`riskassess.interchange.cnil.mapping`. Documented in docs/pia-format.md. Pure module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskassess.core.i18n import Text, both

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
DESCRIBED_HEADING = both("interchange/cnil/format", "Answers to the riskassess questionnaire:")

QUESTIONS: dict[int, Text] = {
    111: both("interchange/cnil/format", "Processing studied"),
    112: both("interchange/cnil/format", "Responsibilities"),
    113: both("interchange/cnil/format", "Applicable standards"),
    121: both("interchange/cnil/format", "Data processed"),
    122: both("interchange/cnil/format", "Data life cycle"),
    123: both("interchange/cnil/format", "Data supporting assets"),
    211: both("interchange/cnil/format", "Purposes"),
    212: both("interchange/cnil/format", "Legal basis"),
    213: both("interchange/cnil/format", "Adequate data (minimisation)"),
    214: both("interchange/cnil/format", "Accurate data"),
    215: both("interchange/cnil/format", "Retention period"),
    221: both("interchange/cnil/format", "Information of the people"),
    222: both("interchange/cnil/format", "Consent"),
    223: both("interchange/cnil/format", "Right of access and portability"),
    224: both("interchange/cnil/format", "Right to rectification and erasure"),
    225: both("interchange/cnil/format", "Right to restriction and objection"),
    226: both("interchange/cnil/format", "Processors"),
    227: both("interchange/cnil/format", "Transfers"),
}
SECTION_QUESTIONS = tuple(QUESTIONS)

# Risk items 3.2-3.4: the CNIL feared events, and the questions x21-x26 of each.
RISK_ITEMS: dict[int, str] = {2: "illegitimate_access", 3: "unwanted_modification",
                              4: "disappearance"}
ITEMS: dict[str, Text] = {
    "1.1": both("interchange/cnil/format", "Overview"),
    "1.2": both("interchange/cnil/format", "Data, processes and supporting assets"),
    "2.1": both("interchange/cnil/format", "Proportionality and necessity"),
    "2.2": both("interchange/cnil/format", "Measures protecting rights"),
    "3.1": both("interchange/cnil/format", "Existing or planned measures"),
    "3.2": both("interchange/cnil/format", "Illegitimate access to data"),
    "3.3": both("interchange/cnil/format", "Unwanted modification of data"),
    "3.4": both("interchange/cnil/format", "Disappearance of data"),
}
RISK_QUESTIONS: dict[int, Text] = {
    1: both("interchange/cnil/format", "Impacts"),
    2: both("interchange/cnil/format", "Threats"),
    3: both("interchange/cnil/format", "Risk sources"),
    4: both("interchange/cnil/format", "Measures"),
    5: both("interchange/cnil/format", "Severity"),
    6: both("interchange/cnil/format", "Likelihood"),
}
LEVELS = {
    1: both("interchange/cnil/format", "negligible"),
    2: both("interchange/cnil/format", "limited"),
    3: both("interchange/cnil/format", "significant"),
    4: both("interchange/cnil/format", "maximum"),
}
# Evaluated parts of the CNIL document → our modules ("3.1.<measure>" goes to the module of
# the measure when we recognise it).
ITEM_MODULES = {"1.1": "context", "1.2": "context", "2.1": "principles", "2.2": "principles",
                "3.1": "security", "3.2": "security", "3.3": "security", "3.4": "security"}

PIA_STATUSES = {0: "in_progress", 1: "refused", 2: "simple_validation",
                3: "signed_validation", 4: "archived"}
# Our workflow status → CNIL PIA status.
STATUS_TO_PIA = {"draft": 0, "submitted": 0, "changes_requested": 0, "resubmitted": 0,
                 "opinion_given": 0,
                 "rejected": 1, "approved": 2, "archived": 4}
# CNIL evaluation status → ours (0, pending, is no evaluation); and back.
EVALUATIONS = {1: "to_correct", 2: "to_improve", 3: "acceptable"}
EVALUATIONS_TO_PIA = {value: key for key, value in EVALUATIONS.items()}
EVALUATION_LABELS = {
    "to_correct": both("interchange/cnil/format", "to correct"),
    "to_improve": both("interchange/cnil/format", "to improve"),
    "acceptable": both("interchange/cnil/format", "acceptable"),
}
SEVERITY_ORDER = ("acceptable", "to_improve", "to_correct")  # worst last

WORDS = {
    "status": both("interchange/cnil/format", "Status"),
    "existing": both("interchange/cnil/format", "existing"),
    "planned": both("interchange/cnil/format", "planned"),
    "owner": both("interchange/cnil/format", "Owner"),
    "due": both("interchange/cnil/format", "Due"),
    "unknown": both("interchange/cnil/format", "I don't know"),
    "action_plan": both("interchange/cnil/format", "Action plan"),
    "initial": both("interchange/cnil/format", "initial (existing measures)"),
    "residual": both("interchange/cnil/format", "residual (existing and planned measures)"),
    "measure": both("interchange/cnil/format", "Measure"),
    "comment": both("interchange/cnil/format", "Comment"),
    "question": both("interchange/cnil/format", "Question"),
    "evaluation": both("interchange/cnil/format", "Evaluation"),
    "details": both("interchange/cnil/format", "details"),
    "no_content": both("interchange/cnil/format", "(no description)"),
    "too_long": both("interchange/cnil/format", "too long for the answer"),
    "adjusted": both("interchange/cnil/format", "Levels adjusted by the CNIL PIA evaluator"),
    "pia_status": both("interchange/cnil/format", "CNIL PIA status"),
    "subjects": both("interchange/cnil/format", "Opinion of the data subjects"),
    "not_sought": both("interchange/cnil/format", "Opinion not sought"),
    "rejection": both("interchange/cnil/format", "Reason for refusal"),
    "adjustments": both("interchange/cnil/format", "Changes made"),
    "category": both("interchange/cnil/format", "Category"),
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
