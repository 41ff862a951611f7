"""Risks that do not arise for a processing, and why.

Re-identification is the risk that "data presented as anonymous or pseudonymised allows
people to be singled out" (risks.yaml; GDPR Recital 26, WP29 opinion 05/2014 on
anonymisation techniques). Data processed in identified form and not shared beyond the
controller and its processors is never presented as anonymous: there is nobody to
re-identify, so the factors that would make re-identification easy (a social security
number, a date of birth) count for nothing. It arises again as soon as the data form is
anything else or unknown, or data leave for partners, buyers or the public. Measurements on
a data sample still count (they measure what they measure).
"""

from __future__ import annotations

from riskassess.core.answers import Answers, visible_answers
from riskassess.core.i18n import Text, both
from riskassess.core.questionnaire import Questionnaire

SHARED_WITH = frozenset({"partners", "data_buyers", "public_release"})
IDENTIFIED_ONLY = both("core/applicability",
                       "Not applicable: the data are processed in identified form and neither "
                       "shared with partners nor published; re-identification concerns data "
                       "presented as pseudonymised or anonymous (GDPR Recital 26).")


def set_aside(questionnaire: Questionnaire, answers: Answers) -> dict[str, Text]:
    """The risks that do not arise for these answers, with the reason to show."""
    counted = visible_answers(questionnaire, answers)
    recipients = counted.get("ctx_recipients")
    if (counted.get("inf_data_form") == "identified" and isinstance(recipients, list)
            and not SHARED_WITH & set(recipients)):
        return {"reidentification": IDENTIFIED_ONLY}
    return {}
