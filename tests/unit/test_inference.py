"""Sensitivity by inference: the knowledge base and the chains for the seed examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskassess.core.inference import chain_text, declared_categories, infer, inference_evidence
from riskassess.core.loader import load_catalogue

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[2] / "questionnaires")


def inferred(*categories):
    return {i.trait.id: i for i in infer(CATALOGUE, categories)}


def test_knowledge_base_is_substantial():
    assert len(CATALOGUE.categories) >= 40
    assert len(CATALOGUE.rules) >= 35
    specials = {t.special for t in CATALOGUE.traits.values()}
    assert specials == {"art9", "art10", "highly_personal"}
    for rule in CATALOGUE.rules:
        assert rule.explanation.fr and rule.explanation.en and rule.source


@pytest.mark.parametrize(
    ("categories", "trait", "rule"),
    [
        (("step_counts", "body_weight"), "health", "steps_weight_health"),
        (("sleep_data",), "health", "sleep_health"),
        (("smart_meter_load_curve",), "presence_at_home", "smart_meter_presence"),
        (("smart_meter_load_curve",), "religion", "smart_meter_religion"),
        (("first_name", "purchases"), "gender", "first_name_purchases_sex"),
        (("device_identifiers",), "identity", "device_identity"),
    ],
)
def test_seed_examples(categories, trait, rule):
    found = inferred(*categories)
    assert trait in found
    assert rule in [r.id for r in found[trait].fired]
    assert set(found[trait].inputs) <= set(categories)


def test_steps_and_weight_reveal_health_through_both_rules():
    found = inferred("step_counts", "body_weight")["health"]
    # step counts alone already reveal health; with the weight curve the seed's finer rule too
    assert [r.id for r in inferred("step_counts")["health"].fired] == ["step_counts_health"]
    assert {"step_counts_health", "steps_weight_health"} <= {r.id for r in found.fired}
    assert found.trait.special == "art9"


def test_chains_go_through_intermediate_traits():
    found = inferred("gps_location")
    assert "places_visited" in found
    religion = found["religion"]
    assert [r.reveals for r in religion.chain][-2:] == ["places_visited", "religion"]
    assert religion.inputs == ("gps_location",)
    text = chain_text(CATALOGUE, religion)
    assert text.fr.count("→") == 2 and text.fr.startswith(
        CATALOGUE.categories["gps_location"].label.fr)


def test_nothing_is_inferred_from_nothing_and_effects_follow_the_trait():
    assert infer(CATALOGUE, []) == []
    health = inferred("sleep_data")["health"]
    effects = list(inference_evidence(CATALOGUE, [health]))
    assert any(e.risk == "sensitive_inference" and e.severity_at_least == 4 for e, _ in effects)
    assert all(r.kind == "inference" for _, r in effects)


def test_categories_come_from_every_visible_categories_question():
    aipd = CATALOGUE.questionnaires["aipd"]
    answers = {"ctx_data_categories": ["first_name"], "scr_matching": ["other_controllers"],
               "inf_combined_categories": ["purchases"]}
    assert declared_categories(aipd, answers) == ["first_name", "purchases"]
    hidden = {**answers, "scr_matching": ["none"]}
    assert declared_categories(aipd, hidden) == ["first_name"]


def test_every_rule_states_its_strength_and_the_uses_that_make_it_matter():
    for rule in CATALOGUE.rules:
        assert rule.strength in ("established", "plausible", "speculative"), rule.id
        assert rule.uses and set(rule.uses) <= {"profiling", "segmentation", "model_input",
                                                "publication"}, rule.id


def _ethnicity_effects(uses):
    origin = inferred("first_name")["ethnicity"]
    return [e for e, _ in inference_evidence(CATALOGUE, [origin], uses)]


def test_a_first_name_is_an_origin_risk_only_when_the_processing_exploits_it():
    # issue 15: a first name kept as a contact field is not an ethnic-origin risk (nothing
    # exercises the inference: GDPR Art. 9 is about data revealing origin, CJEU C-184/20, which
    # a name does only once it is used as such); a first name used as a model feature is
    assert _ethnicity_effects(frozenset()) == []
    as_feature = _ethnicity_effects(frozenset({"model_input"}))
    assert any(e.risk == "sensitive_inference" and e.severity_at_least >= 3
               for e in as_feature)
    assert _ethnicity_effects(None) == as_feature  # unknown uses count as every use


def test_a_chain_is_as_strong_as_its_weakest_rule_and_plausible_lowers_the_floor():
    from riskassess.core.inference import strength

    pregnancy = inferred("purchases")["pregnancy"]  # a plausible rule (press reports)
    assert strength(pregnancy) == "plausible"
    floors = {e.risk: e.likelihood_at_least for e, _ in
              inference_evidence(CATALOGUE, [pregnancy], frozenset({"profiling"}))}
    written = {e.risk: e.likelihood_at_least for e in pregnancy.trait.effects}
    assert all(floors[risk] == max(0, written[risk] - 1) for risk in floors)


def test_snapshots_of_earlier_files_without_strength_or_uses_still_load():
    """Assessments keep the questionnaire files they began with (snapshots): the knowledge base
    of those files has neither strength nor uses, and reads as before (established, every
    use) instead of failing."""
    import re

    from riskassess.core.loader import load_sources

    root = Path(__file__).resolve().parents[2] / "questionnaires"
    sources = {str(p.relative_to(root)): p.read_text(encoding="utf-8")
               for p in root.rglob("*.yaml")}
    sources["inference_rules.yaml"] = re.sub(r"\n    (strength|uses): [^\n]*", "",
                                             sources["inference_rules.yaml"])
    old = load_sources(sources, origin="earlier snapshot")
    assert len(old.rules) == len(CATALOGUE.rules)
    assert {(r.strength, r.uses) for r in old.rules} == {
        ("established", ("profiling", "segmentation", "model_input", "publication"))}
