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
from riskassess.core.i18n import Text

KINDS = ("controller", "processor")
KIND_LABELS = {
    "controller": Text(fr="Responsable de traitement (art. 30.1)",
                       en="Controller (Art. 30(1))"),
    "processor": Text(fr="Sous-traitant (art. 30.2)", en="Processor (Art. 30(2))"),
}
LEGAL_BASES = {  # Art. 6(1)
    "consent": Text(fr="Consentement (art. 6.1.a)", en="Consent (Art. 6(1)(a))"),
    "contract": Text(fr="Exécution d’un contrat (art. 6.1.b)",
                     en="Performance of a contract (Art. 6(1)(b))"),
    "legal_obligation": Text(fr="Obligation légale (art. 6.1.c)",
                             en="Legal obligation (Art. 6(1)(c))"),
    "vital_interests": Text(fr="Sauvegarde des intérêts vitaux (art. 6.1.d)",
                            en="Vital interests (Art. 6(1)(d))"),
    "public_task": Text(fr="Mission d’intérêt public (art. 6.1.e)",
                        en="Public task (Art. 6(1)(e))"),
    "legitimate_interests": Text(fr="Intérêts légitimes (art. 6.1.f)",
                                 en="Legitimate interests (Art. 6(1)(f))"),
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
    Field("name", Text(fr="Nom du traitement", en="Name of the processing"), required=True),
    Field("reference", Text(fr="Référence interne", en="Internal reference")),
    Field("controller", Text(fr="Responsable de traitement (nom et coordonnées)",
                             en="Controller (name and contact details)"), "longtext",
          required=True),
    Field("joint_controllers", Text(fr="Responsables conjoints", en="Joint controllers"),
          "longtext", kinds=CONTROLLER),
    Field("dpo", Text(fr="Délégué à la protection des données (coordonnées)",
                      en="Data protection officer (contact details)"), "longtext"),
    Field("service", Text(fr="Service en charge", en="Service in charge")),
    Field("controllers_served", Text(fr="Responsables de traitement pour le compte desquels "
                                        "le sous-traitant agit",
                                     en="Controllers on whose behalf the processor acts"),
          "longtext", required=True, kinds=PROCESSOR),
    Field("processing_categories", Text(fr="Catégories de traitements effectués pour le "
                                           "compte de chacun",
                                        en="Categories of processing carried out for each"),
          "longtext", required=True, kinds=PROCESSOR),
    Field("purposes", Text(fr="Finalités", en="Purposes"), "longtext", required=True,
          kinds=CONTROLLER),
    Field("legal_basis", Text(fr="Base légale", en="Legal basis"), "legal_basis",
          kinds=CONTROLLER),
    Field("data_subjects", Text(fr="Catégories de personnes concernées",
                                en="Categories of data subjects"), "longtext",
          kinds=CONTROLLER),
    Field("data_categories", Text(fr="Catégories de données personnelles",
                                  en="Categories of personal data"), "categories",
          kinds=CONTROLLER),
    Field("sensitive_data", Text(fr="Données sensibles (précisions)",
                                 en="Sensitive data (details)"), "longtext", kinds=CONTROLLER,
          hint=Text(fr="Les catégories sensibles choisies ci-dessus sont signalées d’office.",
                    en="Sensitive categories chosen above are marked as such.")),
    Field("recipients_internal", Text(fr="Destinataires internes", en="Internal recipients"),
          "longtext", kinds=CONTROLLER),
    Field("recipients_processors", Text(fr="Sous-traitants", en="Processors"), "longtext",
          kinds=CONTROLLER),
    Field("recipients_third_parties", Text(fr="Destinataires tiers",
                                           en="Third-party recipients"), "longtext",
          kinds=CONTROLLER),
    Field("transfers", Text(fr="Transferts hors de l’Union européenne (pays et garanties)",
                            en="Transfers outside the European Union (countries and "
                               "safeguards)"), "longtext",
          hint=Text(fr="Laisser vide s’il n’y en a pas.", en="Leave empty if there are none.")),
    Field("retention", Text(fr="Durées de conservation", en="Retention periods"), "longtext",
          kinds=CONTROLLER),
    Field("security_measures", Text(fr="Mesures de sécurité (description générale)",
                                    en="Security measures (general description)"),
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
    "identity": Text(fr="Identité", en="Identity"),
    "contact": Text(fr="Coordonnées", en="Contact details"),
    "location": Text(fr="Localisation", en="Location"),
    "devices": Text(fr="Appareils et identifiants en ligne", en="Devices and online identifiers"),
    "behaviour": Text(fr="Comportement et usages", en="Behaviour and usage"),
    "finance": Text(fr="Situation économique et financière", en="Economic and financial"),
    "work": Text(fr="Vie professionnelle", en="Working life"),
    "health": Text(fr="Santé", en="Health"),
    "biometric": Text(fr="Biométrie", en="Biometrics"),
    "special": Text(fr="Autres catégories particulières (art. 9)",
                    en="Other special categories (Art. 9)"),
    "judicial": Text(fr="Infractions et condamnations (art. 10)",
                     en="Offences and convictions (Art. 10)"),
    "technical": Text(fr="Données techniques", en="Technical data"),
}
