"""The register of processing activities (GDPR Art. 30): the fields of a record, as the
regulation and the CNIL's register model list them, how a posted record is read and checked,
and what changed between two versions of it.

A controller's record (Art. 30(1)) names the controller and any joint controller, the DPO,
the purposes, the categories of data subjects and of personal data (from the questionnaire's
catalogue of data categories), the recipients, transfers outside the EU with their
safeguards, retention periods and a general description of the security measures; the CNIL's
model adds the legal basis, sensitive data, the service in charge and dates. A processor's
record (Art. 30(2)) names the processor, the controllers it acts for and the categories of
processing carried out for each, transfers and security measures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from riskassess.core import limits
from riskassess.core.i18n import Text, both

KINDS = ("controller", "processor")
KIND_LABELS = {
    "controller": both("core/register", "Controller (Art. 30(1))"),
    "processor": both("core/register", "Processor (Art. 30(2))"),
}
LEGAL_BASES = {  # Art. 6(1)
    "consent": both("core/register", "Consent (Art. 6(1)(a))"),
    "contract": both("core/register", "Performance of a contract (Art. 6(1)(b))"),
    "legal_obligation": both("core/register", "Legal obligation (Art. 6(1)(c))"),
    "vital_interests": both("core/register", "Vital interests (Art. 6(1)(d))"),
    "public_task": both("core/register", "Public task (Art. 6(1)(e))"),
    "legitimate_interests": both("core/register", "Legitimate interests (Art. 6(1)(f))"),
}


@dataclass(frozen=True)
class Field:
    name: str
    label: Text
    kind: str = "text"  # text | longtext | legal_basis | categories
    required: bool = False
    kinds: tuple[str, ...] = KINDS  # the records that have it
    hint: Text | None = None

    @property
    def limit(self) -> int:
        return limits.SHORT if self.kind == "text" else limits.TEXT


CONTROLLER, PROCESSOR = ("controller",), ("processor",)
FIELDS = (
    Field("name", both("core/register", "Name of the processing"), required=True),
    Field("reference", both("core/register", "Internal reference")),
    Field("controller", both("core/register", "Controller (name and contact details)"), "longtext",
          required=True),
    Field("joint_controllers", both("core/register", "Joint controllers"),
          "longtext", kinds=CONTROLLER),
    Field("dpo", both("core/register", "Data protection officer (contact details)"), "longtext"),
    Field("service", both("core/register", "Service in charge")),
    Field("controllers_served", both("core/register",
                                     "Controllers on whose behalf the processor acts"),
          "longtext", required=True, kinds=PROCESSOR),
    Field("processing_categories", both("core/register",
                                        "Categories of processing carried out for each"),
          "longtext", required=True, kinds=PROCESSOR),
    Field("purposes", both("core/register", "Purposes"), "longtext", required=True,
          kinds=CONTROLLER),
    Field("legal_basis", both("core/register", "Legal basis"), "legal_basis",
          kinds=CONTROLLER),
    Field("data_subjects", both("core/register", "Categories of data subjects"), "longtext",
          kinds=CONTROLLER),
    Field("data_categories", both("core/register", "Categories of personal data"), "categories",
          kinds=CONTROLLER),
    Field("sensitive_data", both("core/register",
                                 "Sensitive data (details)"), "longtext", kinds=CONTROLLER,
          hint=both("core/register", "Sensitive categories chosen above are marked as such.")),
    Field("recipients_internal", both("core/register", "Internal recipients"),
          "longtext", kinds=CONTROLLER),
    Field("recipients_processors", both("core/register", "Processors"), "longtext",
          kinds=CONTROLLER),
    Field("recipients_third_parties", both("core/register", "Third-party recipients"), "longtext",
          kinds=CONTROLLER),
    Field("transfers", both("core/register",
                            "Transfers outside the European Union (countries and "
                            "safeguards)"), "longtext",
          hint=both("core/register", "Leave empty if there are none.")),
    Field("retention", both("core/register", "Retention periods"), "longtext",
          kinds=CONTROLLER),
    Field("security_measures", both("core/register", "Security measures (general description)"),
          "longtext"),
)
BY_NAME = {f.name: f for f in FIELDS}


class RecordError(ValueError):
    """What is wrong with a posted record: {field name: code} (required, too_long, choice,
    category, kind)."""

    def __init__(self, problems: dict[str, str], values: dict[str, Any]):
        self.problems, self.values = problems, values
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))


def fields_of(kind: str) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if kind in f.kinds)


def read(kind: str, posted: Mapping[str, Any], categories: Mapping[str, Any]) -> dict:
    """The record's values from a posted form (or an imported row): texts stripped, every
    field of the kind present; RecordError listing every problem otherwise."""
    if kind not in KINDS:
        raise RecordError({"kind": "kind"}, {})
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field in fields_of(kind):
        raw = posted.get(field.name)
        if field.kind == "categories":
            chosen = raw if isinstance(raw, list | tuple) else ([raw] if raw else [])
            chosen = list(dict.fromkeys(str(c).strip() for c in chosen if str(c).strip()))
            values[field.name] = chosen
            if any(c not in categories for c in chosen):
                problems[field.name] = "category"
            continue
        text = str(raw or "").strip()
        values[field.name] = text
        if field.required and not text:
            problems[field.name] = "required"
        elif len(text) > field.limit:
            problems[field.name] = "too_long"
        elif field.kind == "legal_basis" and text and text not in LEGAL_BASES:
            problems[field.name] = "choice"
    if problems:
        raise RecordError(problems, values)
    return values


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[list]:
    """[field, old value, new value] for every field whose value changed."""
    return [[name, old.get(name), new.get(name)] for name in BY_NAME
            if (old.get(name) or None) != (new.get(name) or None)]


def sensitive(chosen: list[str], categories: Mapping[str, Any]) -> list[str]:
    """The chosen categories that are special (Art. 9, Art. 10, highly personal)."""
    return [c for c in chosen if c in categories
            and getattr(categories[c], "special", "none") != "none"]


GROUP_LABELS = {  # the groups of core/loader_catalogue.CATEGORY_GROUPS
    "identity": both("core/register", "Identity"),
    "contact": both("core/register", "Contact details"),
    "location": both("core/register", "Location"),
    "devices": both("core/register", "Devices and online identifiers"),
    "behaviour": both("core/register", "Behaviour and usage"),
    "finance": both("core/register", "Economic and financial"),
    "work": both("core/register", "Working life"),
    "health": both("core/register", "Health"),
    "biometric": both("core/register", "Biometrics"),
    "special": both("core/register", "Other special categories (Art. 9)"),
    "judicial": both("core/register", "Offences and convictions (Art. 10)"),
    "technical": both("core/register", "Technical data"),
}
