"""Loading the catalogue files: risks, flags, data categories and the inference knowledge
base, and the effects and flags that module files refer to (a mixin of the loader)."""

from __future__ import annotations

from typing import Any

from riskassess.core.questionnaire import (
    SPECIAL_KINDS,
    Category,
    Effect,
    Flag,
    InferenceRule,
    Risk,
    Trait,
)
from riskassess.core.yamlsource import Checker

RISKS, FLAGS, CATEGORIES = "risks.yaml", "flags.yaml", "categories.yaml"
INFERENCE = "inference_rules.yaml"
STRENGTHS = ("established", "plausible", "speculative")
DATA_USES = ("profiling", "segmentation", "model_input", "publication")
CATALOGUE_FILES = (RISKS, FLAGS, CATEGORIES, INFERENCE)
LEVEL_KEYS = ("severity_at_least", "likelihood_at_least", "severity_plus", "likelihood_plus",
              "severity_minus", "likelihood_minus")
MINUS_KEYS = ("severity_minus", "likelihood_minus")
PILLARS = ("privacy", "fairness", "explicability", "autonomy", "non_maleficence")
CATEGORY_GROUPS = ("identity", "contact", "location", "devices", "behaviour", "finance", "work",
                   "health", "biometric", "special", "judicial", "technical")


class CatalogueFiles:
    """Expects `document()`, `problems`, `risk_ids`, `flags` and `categories` on the loader."""

    risk_ids: set[str]
    flags: dict[str, Flag]
    categories: dict[str, Category]

    def load_risks(self) -> tuple[Risk, ...]:
        loaded = self.document(RISKS)
        if loaded is None:
            return ()
        data, check = loaded
        if not check.mapping(data, "", {"risks"}, set()):
            return ()
        risks: list[Risk] = []
        seen: set[str] = set()
        for index, item in enumerate(check.items(data["risks"], "risks")):
            where = f"risks[{index}]"
            if not check.mapping(item, where, {"id", "title", "description"},
                                 {"baseline", "pillar", "impacts", "sources"}):
                continue
            risk_id = check.ident(item["id"], f"{where}.id")
            if risk_id in seen:
                check.fail(f"{where}.id", f"duplicate risk id '{risk_id}'")
            seen.add(risk_id or "")
            title = check.text(item["title"], f"{where}.title")
            description = check.text(item["description"], f"{where}.description")
            pillar = check.one_of(item.get("pillar", "privacy"), f"{where}.pillar", PILLARS)
            baseline = item.get("baseline", {})
            sev = lik = 1
            if check.mapping(baseline, f"{where}.baseline", set(), {"severity", "likelihood"}):
                sev = check.level(baseline.get("severity", 1), f"{where}.baseline.severity", 1, 4)
                lik = check.level(baseline.get("likelihood", 1), f"{where}.baseline.likelihood",
                                  1, 4)
            if risk_id and title and description and pillar:
                risks.append(Risk(risk_id, title, description, sev or 1, lik or 1, pillar,
                                  check.optional_text(item, "impacts", where),
                                  check.optional_text(item, "sources", where)))
        return tuple(risks)

    def load_flags(self) -> dict[str, Flag]:
        loaded = self.document(FLAGS)
        if loaded is None:
            return {}
        data, check = loaded
        if not check.mapping(data, "", {"flags"}, set()):
            return {}
        flags: dict[str, Flag] = {}
        for index, item in enumerate(check.items(data["flags"], "flags")):
            where = f"flags[{index}]"
            if not check.mapping(item, where, {"id", "group", "label"}, {"requires"}):
                continue
            flag_id = check.ident(item["id"], f"{where}.id")
            if flag_id in flags:
                check.fail(f"{where}.id", f"duplicate flag id '{flag_id}'")
            group = check.ident(item["group"], f"{where}.group")
            label = check.text(item["label"], f"{where}.label")
            requires = tuple(check.items(item.get("requires", []), f"{where}.requires",
                                         allow_empty=True))
            if flag_id and group and label:
                flags[flag_id] = Flag(flag_id, group, label, requires)
        for index, flag in enumerate(flags.values()):
            for r_index, required in enumerate(flag.requires):
                if required not in flags:
                    check.fail(f"flags[{index}].requires[{r_index}]",
                               f"unknown flag '{required}'")
        return flags

    def load_categories(self) -> dict[str, Category]:
        loaded = self.document(CATEGORIES)
        if loaded is None:
            return {}
        data, check = loaded
        if not check.mapping(data, "", {"categories"}, set()):
            return {}
        categories: dict[str, Category] = {}
        for index, item in enumerate(check.items(data["categories"], "categories")):
            where = f"categories[{index}]"
            if not check.mapping(item, where, {"id", "label", "group"},
                                 {"special", "description", "flags", "effects"}):
                continue
            cat_id = check.ident(item["id"], f"{where}.id")
            if cat_id in categories:
                check.fail(f"{where}.id", f"duplicate category id '{cat_id}'")
            label = check.text(item["label"], f"{where}.label")
            group = check.one_of(item["group"], f"{where}.group", CATEGORY_GROUPS)
            special = check.one_of(item.get("special", "none"), f"{where}.special",
                                   SPECIAL_KINDS)
            flags = self.flag_list(check, item.get("flags", []), f"{where}.flags")
            effects = self.effects(check, item.get("effects", []), f"{where}.effects")
            if cat_id and label and group and special:
                categories[cat_id] = Category(
                    cat_id, label, group, special,
                    check.optional_text(item, "description", where), flags, effects)
        return categories

    def load_inference(self) -> tuple[dict[str, Trait], tuple[InferenceRule, ...]]:
        """The inference knowledge base: traits, and rules from categories/traits to traits."""
        loaded = self.document(INFERENCE)
        if loaded is None:
            return {}, ()
        data, check = loaded
        if not check.mapping(data, "", {"traits", "rules"}, set()):
            return {}, ()
        traits: dict[str, Trait] = {}
        for index, item in enumerate(check.items(data["traits"], "traits")):
            where = f"traits[{index}]"
            if not check.mapping(item, where, {"id", "label", "special"},
                                 {"description", "effects"}):
                continue
            trait_id = check.ident(item["id"], f"{where}.id")
            if trait_id in traits or trait_id in self.categories:
                check.fail(f"{where}.id", f"trait id '{trait_id}' is already used")
            label = check.text(item["label"], f"{where}.label")
            special = check.one_of(item["special"], f"{where}.special",
                                   tuple(k for k in SPECIAL_KINDS if k != "none"))
            effects = self.effects(check, item.get("effects", []), f"{where}.effects")
            if trait_id and label and special:
                traits[trait_id] = Trait(trait_id, label, special,
                                         check.optional_text(item, "description", where),
                                         effects)
        rules: list[InferenceRule] = []
        seen: set[str] = set()
        for index, item in enumerate(check.items(data["rules"], "rules")):
            where = f"rules[{index}]"
            # strength and uses came with issue 15: snapshots of earlier files have neither and
            # keep the behaviour they had (every inference established and exercised)
            if not check.mapping(item, where, {"id", "when", "reveals", "explanation", "source"},
                                 {"strength", "uses"}):
                continue
            rule_id = check.ident(item["id"], f"{where}.id")
            if rule_id in seen:
                check.fail(f"{where}.id", f"duplicate rule id '{rule_id}'")
            seen.add(rule_id or "")
            when = check.items(item["when"], f"{where}.when")
            for w_index, name in enumerate(when):
                if name not in self.categories and name not in traits:
                    check.fail(f"{where}.when[{w_index}]",
                               f"'{name}' is neither a data category nor a trait")
            if item["reveals"] not in traits:
                check.fail(f"{where}.reveals", f"unknown trait '{item['reveals']}'")
            elif item["reveals"] in when:
                check.fail(f"{where}.reveals", "a rule cannot reveal one of its own inputs")
            explanation = check.text(item["explanation"], f"{where}.explanation")
            source = check.string(item["source"], f"{where}.source")
            strength = check.one_of(item.get("strength", "established"), f"{where}.strength",
                                    STRENGTHS)
            uses = check.items(item.get("uses", list(DATA_USES)), f"{where}.uses")
            for u_index, use in enumerate(uses):
                check.one_of(use, f"{where}.uses[{u_index}]", DATA_USES)
            if rule_id and when and item["reveals"] in traits and explanation and source \
                    and strength and uses:
                rules.append(InferenceRule(rule_id, tuple(when), item["reveals"], explanation,
                                           source, strength, tuple(uses)))
        return traits, tuple(rules)

    # --- effects and flags -----------------------------------------------------------------

    def effect(self, check: Checker, item: Any, where: str, keys: tuple[str, ...] = LEVEL_KEYS,
               reason_required: bool = True) -> Effect | None:
        required = {"risk", "reason"} if reason_required else {"risk"}
        optional = {"reason", *keys, *(("holds",) if keys == LEVEL_KEYS else ())}
        if not check.mapping(item, where, required, optional):
            return None
        holds = check.boolean(item.get("holds", False), f"{where}.holds")
        if holds and not any(k in item for k in ("severity_at_least", "likelihood_at_least")):
            check.fail(f"{where}.holds", "'holds' applies to a floor (severity_at_least or "
                       "likelihood_at_least)")
        risk = item["risk"]
        if risk not in self.risk_ids:
            check.fail(f"{where}.risk", f"unknown risk '{risk}'")
        levels: dict[str, int] = {}
        for key in keys:
            if key in item:
                low, high = (1, 4) if key.endswith("at_least") else (1, 3)
                levels[key] = check.level(item[key], f"{where}.{key}", low, high)
        if not levels:
            check.fail(where, f"an effect needs at least one of {', '.join(keys)}")
        reason = check.text(item["reason"], f"{where}.reason") if "reason" in item else None
        if risk not in self.risk_ids or not levels or (reason_required and reason is None):
            return None
        return Effect(risk=risk, reason=reason, holds=bool(holds), **levels)

    def effects(self, check: Checker, raw: Any, where: str, **kwargs: Any) -> tuple[Effect, ...]:
        found = [self.effect(check, item, f"{where}[{i}]", **kwargs)
                 for i, item in enumerate(check.items(raw, where, allow_empty=True))]
        return tuple(e for e in found if e is not None)

    def flag_list(self, check: Checker, raw: Any, where: str) -> tuple[str, ...]:
        flags = []
        for index, flag in enumerate(check.items(raw, where, allow_empty=True)):
            if flag not in self.flags:
                check.fail(f"{where}[{index}]", f"unknown flag '{flag}' (see flags.yaml)")
            else:
                flags.append(flag)
        return tuple(flags)
