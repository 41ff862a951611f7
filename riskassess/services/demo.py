"""Demo data: one organisation, one user per role, assessments in every review state.

Every answer goes through the same parsing as the web form, so a questionnaire change that
makes the demo invalid fails loudly here instead of loading nonsense.
"""

from __future__ import annotations

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import User
from riskassess.services import assessments, review, users

ORGANISATION = "Démo Banque & Santé"
PASSWORD = "riskassess-demo"  # noqa: S105 -- documented demo password, never for production
USERS = {
    "owner": ("owner@demo.riskassess.test", "Camille Martin"),
    "dpo": ("dpo@demo.riskassess.test", "Dominique Leroy"),
    "auditor": ("auditor@demo.riskassess.test", "Alex Bernard"),
    "admin": ("admin@demo.riskassess.test", "Sacha Admin"),
}

FRAUD = {
    "ctx_processing": (
        "Détection en temps réel des paiements par carte frauduleux : un modèle note chaque "
        "transaction et bloque les plus suspectes avant autorisation."
    ),
    "ctx_actors": "Banque (responsable de traitement) ; prestataire d'hébergement (sous-traitant).",
    "ctx_uses_ai": "yes",
    "pur_purposes": "Prévenir la fraude aux moyens de paiement et protéger les clients.",
    "pur_legal_basis": "legal_obligation",
    "pur_reuse": "no",
    "pur_minimisation": "yes",
    "dat_categories": ["identification", "financial", "location", "behavioural"],
    "dat_inference": "not_assessed",
    "dat_combination": "internal",
    "dat_volume": "over_1m",
    "dat_subjects": ["customers"],
    "lif_retention": "from_1y_to_3y",
    "lif_transfers": "no",
    "sec_encryption_access": "yes",
    "sec_backups": "yes_tested",
    "ai_decision_impact": "decision_support",
    "ai_training_data": "partially",
    "ai_explicability": "partially",
}
RETAIL = {
    "ctx_processing": "Recommandations personnalisées de produits à partir des achats en magasin.",
    "ctx_uses_ai": "yes",
    "pur_purposes": "Proposer des offres adaptées aux clients porteurs de la carte de fidélité.",
    "pur_legal_basis": "consent",
    "pur_reuse": "not_assessed",
    "dat_categories": ["identification", "contact", "behavioural"],
    "dat_inference": "yes",
    "dat_combination": "external",
    "dat_volume": "from_100k_to_1m",
    "dat_subjects": ["customers"],
    "lif_retention": "not_defined",
    "lif_transfers": "unknown",
    "sec_encryption_access": "partially",
    "sec_backups": "yes_untested",
    "ai_decision_impact": "no_individual_decision",
    "ai_training_data": "unknown",
    "ai_explicability": "no",
}
CV = {
    "ctx_processing": "Présélection automatique des candidatures à partir des CV reçus.",
    "ctx_uses_ai": "yes",
    "pur_purposes": "Réduire le temps de tri des candidatures.",
    "pur_legal_basis": "legitimate_interests",
    "pur_reuse": "no",
    "dat_categories": ["identification", "contact", "professional"],
    "dat_inference": "yes",
    "dat_combination": "no",
    "dat_volume": "from_1k_to_100k",
    "dat_subjects": ["job_applicants"],
    "lif_retention": "up_to_1y",
    "lif_transfers": "no",
    "sec_encryption_access": "yes",
    "sec_backups": "yes_tested",
    "ai_decision_impact": "fully_automated",
    "ai_training_data": "no",
    "ai_explicability": "no",
}
MAINTENANCE = {
    "ctx_processing": "Prévision des pannes des équipements à partir des capteurs des machines.",
    "ctx_uses_ai": "yes",
}


# title, description, sector, answers, then None (draft) or (DPO action or "", DPO text)
ASSESSMENTS = [
    (
        "Détection de fraude bancaire en temps réel",
        "Notation des transactions par carte pour bloquer la fraude.",
        "banking_finance",
        FRAUD,
        ("approve",
         "Avis favorable. Les mesures de sécurité sont adaptées ; prévoir une revue annuelle des "
         "biais du modèle selon les zones géographiques et documenter l'intervention humaine."),
    ),
    (
        "Recommandations personnalisées en magasin",
        "Programme de fidélité et recommandations de produits.",
        "retail_marketing",
        RETAIL,
        ("", ""),
    ),
    (
        "Tri automatisé des candidatures",
        "Présélection des CV par un modèle d'apprentissage.",
        "hr_employment",
        CV,
        ("request_changes",
         "La décision est entièrement automatisée (RGPD art. 22) : prévoir une revue humaine et "
         "vérifier la représentativité des données d'entraînement avant de resoumettre."),
    ),
    (
        "Maintenance prédictive des équipements",
        "Capteurs IoT sur les lignes de production.",
        "industry",
        MAINTENANCE,
        None,
    ),
]


def seed() -> bool:
    """Create the demo data unless it is already there; return whether anything was created."""
    if db.session.scalar(select(User).where(User.email == USERS["owner"][0])) is not None:
        return False
    people = {
        role: users.create_user(email, name, role, ORGANISATION, PASSWORD)
        for role, (email, name) in USERS.items()
    }
    for title, description, sector, answers, decision in ASSESSMENTS:
        assessment = assessments.create(people["owner"], title, description, sector)
        assessments.import_answers(assessment, answers)
        if decision is None:
            continue  # left as a draft
        assessments.submit(people["owner"], assessment)
        if decision[0]:
            review.decide(people["dpo"], assessment, *decision)
    return True
