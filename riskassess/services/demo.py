"""Demo data: one organisation, one user per role, assessments in every review state.

The assessments start from the use-case templates, then add what only the organisation can
know (legal basis, retention, security measures…). Every answer goes through the same parsing
as the web form, so a questionnaire change that makes the demo invalid fails loudly here.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from riskassess.extensions import db
from riskassess.models import OutboxMessage, User
from riskassess.services import assessments, review, users
from riskassess.services.catalogue import catalogue

ORGANISATION = "Démo Banque & Santé"
PASSWORD = "riskassess-demo"  # noqa: S105 -- documented demo password, never for production
USERS = {
    "owner": ("owner@demo.riskassess.test", "Camille Martin"),
    "dpo": ("dpo@demo.riskassess.test", "Dominique Leroy"),
    "decider": ("decider@demo.riskassess.test", "Claude Durand"),
    "auditor": ("auditor@demo.riskassess.test", "Alex Bernard"),
    "admin": ("admin@demo.riskassess.test", "Sacha Admin"),
}

# What every demo project of this organisation shares.
ORGANISATION_FACTS = {
    "scr_prior_assessment": "new",
    "scr_cnil_exempt": ["none"],
    "ctx_geography": "national",
    "ctx_transfers": "none",
    "pri_reuse": "no",
    "pri_information_channel": "at_collection",
    "pri_processor_contracts": "complete",
    # how each measure is applied: what the report prints beside its status (issue 21)
    "sec_encryption_in_transit": {"status": "existing", "description": "TLS 1.3 entre les "
                                  "agences, le siège et l’hébergeur ; certificats renouvelés "
                                  "automatiquement, protocoles anciens refusés."},
    "sec_access_control": {"status": "existing", "description": "Comptes nominatifs issus de "
                           "l’annuaire, profils par métier, revue des droits chaque trimestre "
                           "par les managers et retrait le jour du départ."},
    "sec_backups": {"status": "existing", "description": "Sauvegarde chiffrée chaque nuit sur "
                    "un second site, conservée 35 jours ; restauration testée chaque "
                    "semestre."},
}

FRAUD = {
    **ORGANISATION_FACTS,
    "inf_data_uses": ["profiling", "model_input"],
    "scr_vulnerable": ["financial_difficulty"],
    "ctx_volume": "over_1m",
    "ctx_retention": "defined_auto",
    "pri_legal_basis": "legal_obligation",
    "fai_domain": ["credit"],
    "exp_model_family": "ensemble",
    "sec_encryption_at_rest": {"status": "existing", "description": "Bases et sauvegardes "
                               "chiffrées (AES-256), clés dans un HSM administré par "
                               "l’équipe sécurité, distincte de l’équipe data."},
    "sec_logging": {"status": "existing", "description": "Chaque consultation d’un dossier "
                    "d’alerte est journalisée (qui, quand, quel client), conservée un an et "
                    "analysée chaque mois par la sécurité."},
    "sec_pseudonymisation": {"status": "planned", "owner": "Équipe data", "due": "2027-03-31",
                             "description": "Remplacer les identifiants clients par un "
                             "pseudonyme dans le jeu d’entraînement ; table de "
                             "correspondance gardée par la sécurité."},
    "sec_ai_model_security": {"status": "existing"},
    "sec_staff_awareness": {"status": "existing"},
    "inf_reveal_analysis": {"status": "existing"},
    "fai_monitoring": {"status": "existing"},
    "fai_adverse_review": {"status": "existing"},
    "fai_redress": {"status": "existing"},
    "exp_documentation": {"status": "existing"},
    "exp_individual_explanation": {"status": "planned", "owner": "Direction de la relation "
                                   "client", "due": "2027-06-30"},
    "exp_contest": {"status": "existing"},
    "nm_misuse_controls": {"status": "existing"},
    "nm_model_security": {"status": "existing"},
    "nm_fallback": {"status": "existing"},
    "aia_human_oversight": {"status": "existing", "description": "Toute alerte qui bloque "
                            "un compte est revue par un analyste qui voit les motifs de "
                            "l’alerte et peut la lever ; 2 % des alertes levées sont revues "
                            "chaque mois."},
    # a bank's security and model governance (regulated: every measure answered, so that the
    # approved demo concludes; docs/calibration.md)
    "sec_admin_authentication": {"status": "existing"},
    "sec_segmentation": {"status": "existing"},
    "sec_business_continuity": {"status": "existing"},
    "sec_patch_management": {"status": "existing"},
    "sec_secure_development": {"status": "existing"},
    "sec_physical_security": {"status": "existing"},
    "sec_vendor_security": {"status": "existing"},
    "sec_breach_management": {"status": "existing"},
    "sec_secure_deletion": {"status": "existing"},
    "sec_anonymisation": {"status": "absent"},
    "inf_person_access": {"status": "existing"},
    "fai_stakeholders": {"status": "planned", "owner": "Direction des risques",
                         "due": "2027-09-30"},
    "exp_logic_information": {"status": "existing"},
    "exp_operator_support": {"status": "existing"},
    "exp_logging": {"status": "existing"},
    "aia_logging": {"status": "existing"},
}
RETAIL = {
    **ORGANISATION_FACTS,
    "inf_data_uses": ["profiling", "segmentation", "model_input"],
    "scr_decision_role": "automated",
    "scr_sensitive": ["financial"],
    "scr_matching": ["other_controllers"],
    "scr_vulnerable": ["none"],
    "scr_cnil_list": ["external_profiling"],
    "ctx_volume": "100k_1m",
    "ctx_retention": "not_defined",
    "ctx_assets": ["public_cloud", "saas"],
    "ctx_transfers": {"unknown": True},
    "pri_legal_basis": "consent",
    "pri_reuse": "not_assessed",
    "exp_model_family": "vendor_black_box",
}
CV = {
    **ORGANISATION_FACTS,
    "inf_data_uses": ["profiling", "model_input"],
    "scr_sensitive": ["none"],
    "scr_scale_factors": ["high_volume"],
    "scr_matching": ["none"],
    "scr_innovative": ["none"],
    "ctx_retention": "defined_manual",
    "pri_legal_basis": "legitimate_interests",
    "inf_combinations": ["none"],
    "exp_model_family": "neural",
}
MAINTENANCE = {
    "scr_monitoring": ["sensors"],
    "ctx_geography": "european",
}

# The DPO's own residual levels, set before deciding (the final levels: core/scoring.py).
DPO_LEVELS = {
    "bank_fraud": [("sensitive_inference", 4, 2,
                    "Vérifié avec l'équipe data : les codes catégorie de commerçant qui "
                    "révèlent santé, religion ou syndicat sont exclus des variables du modèle, "
                    "et les libellés d'opérations ne sont pas conservés au-delà de 13 mois.")],
}

# template, title, description, extra answers, then None (draft) or (DPO action or "", text,
# and for an opinion its kind and the decider's decision)
ASSESSMENTS = [
    ("bank_fraud", "Détection de fraude bancaire en temps réel",
     "Notation des transactions par carte pour bloquer la fraude.", FRAUD,
     ("give_opinion",
      "Avis favorable. Les mesures de sécurité sont adaptées ; prévoir une revue annuelle des "
      "biais du modèle selon les zones géographiques et documenter l'intervention humaine.",
      "favourable", "approve")),
    ("retail_recommendation", "Recommandations personnalisées en magasin",
     "Programme de fidélité et recommandations de produits.", RETAIL, ("", "")),
    ("cv_screening", "Tri automatisé des candidatures",
     "Présélection des CV par un modèle d'apprentissage.", CV,
     ("request_changes",
      "La décision est entièrement automatisée (RGPD art. 22) : prévoir une revue humaine et "
      "vérifier la représentativité des données d'entraînement avant de resoumettre.")),
    ("predictive_maintenance", "Maintenance prédictive des équipements",
     "Capteurs IoT sur les lignes de production.", MAINTENANCE, None),
]


def _add_decider() -> bool:
    """A demo seeded before deciders existed gains its decider (nothing else changes)."""
    email, name = USERS["decider"]
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        return False
    users.create_user(email, name, "decider", ORGANISATION, PASSWORD)
    return True


def seed() -> bool:
    """Create the demo data unless it is already there; return whether anything was created."""
    if db.session.scalar(select(User).where(User.email == USERS["owner"][0])) is not None:
        return _add_decider()
    people = {
        role: users.create_user(email, name, role, ORGANISATION, PASSWORD)
        for role, (email, name) in USERS.items()
    }
    templates = catalogue().templates
    for template_id, title, description, answers, decision in ASSESSMENTS:
        template = templates[template_id]
        assessment = assessments.create(people["owner"], title, description, template.sector,
                                        template_id=template_id)
        assessments.import_answers(assessment, answers)
        if decision is None:
            continue  # left as a draft
        assessments.submit(people["owner"], assessment)
        for risk_id, severity, likelihood, why in DPO_LEVELS.get(template_id, ()):
            review.adjust(people["dpo"], assessment, risk_id, severity, likelihood, why)
        if decision[0]:
            action, text, *opinion = decision
            review.advise(people["dpo"], assessment, action, text,
                          opinion=opinion[0] if opinion else "")
            if opinion:
                review.decide(people["decider"], assessment, opinion[1], "")
    # The demo's history is made up: its people see it in the app, but no e-mail is queued
    # for it (the instance is new, its outbox held nothing before).
    db.session.execute(delete(OutboxMessage))
    return True
