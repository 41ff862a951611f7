"""What a register record already says of the questions a DPIA asks: the answers an
assessment started from the record is pre-filled with. Only what the record states plainly is
carried over; the rest is left for the owner to answer (an empty field of the register says
nothing, except for transfers, where the register's rule is "leave empty if there are none").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from riskassess.core import limits

RECIPIENTS = {"recipients_internal": "internal_teams", "recipients_processors": "processors"}
# The record's fields that bear on answers without giving them (free text): a change to one of
# them asks for these questions to be answered again (services/living.py).
FIELD_QUESTIONS = {
    "recipients_third_parties": ("ctx_recipients",),
    "transfers": ("ctx_transfers",),
    "data_subjects": ("ctx_subjects",),
    "sensitive_data": ("ctx_data_categories",),
    "retention": ("ctx_retention", "pri_retention_periods"),
    "security_measures": (),
}


def answers_from(values: Mapping[str, Any]) -> dict[str, Any]:
    """Form values (as the questionnaire's form would post them) for an assessment of this
    controller's record."""
    answers: dict[str, Any] = {}
    for question, field in (("ctx_purposes", "purposes"),
                            ("ctx_joint_controllers_detail", "joint_controllers"),
                            ("ctx_processors", "recipients_processors")):
        if values.get(field):
            answers[question] = values[field]
    controller = str(values.get("controller") or "").strip().splitlines()
    if controller:
        answers["ctx_controller"] = controller[0][:limits.SHORT]
    if values.get("joint_controllers"):
        answers["ctx_joint_control"] = "yes"
    if values.get("data_categories"):
        answers["ctx_data_categories"] = list(values["data_categories"])
    recipients = [code for field, code in RECIPIENTS.items() if values.get(field)]
    if recipients:
        answers["ctx_recipients"] = recipients
    if not values.get("transfers"):
        answers["ctx_transfers"] = "none"
    if values.get("legal_basis"):
        answers["pri_legal_basis"] = [values["legal_basis"]]
    return answers
