"""Loading and validating questionnaire files (no Flask involved)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from riskassess.core.loader import load_catalogue, load_sources, read_directory, summary
from riskassess.core.questionnaire import QuestionnaireError

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"

FILES = {
    "risks.yaml": """\
risks:
  - id: illegitimate_access
    title: {fr: "Accès illégitime", en: "Illegitimate access"}
    description: {fr: "Des tiers lisent les données.", en: "Third parties read the data."}
""",
    "flags.yaml": """\
flags:
  - {id: wp248_evaluation, group: wp248, label: {fr: "Évaluation", en: "Evaluation"}}
""",
    "categories.yaml": """\
categories:
  - id: location
    label: {fr: "Localisation", en: "Location"}
    group: location
    special: highly_personal
    effects:
      - {risk: illegitimate_access, severity_at_least: 3, reason: {fr: "R", en: "R"}}
""",
    "sample.yaml": """\
id: sample
version: 3
title: {fr: "Exemple", en: "Sample"}
modules: [context]
""",
    "modules/context.yaml": """\
id: context
title: {fr: "Contexte", en: "Context"}
questions:
  - id: uses_ai
    type: choice
    text: {fr: "IA ?", en: "AI?"}
    help: {fr: "Aide", en: "Help"}
    unknown: true
    options:
      - value: "yes"
        label: {fr: "Oui", en: "Yes"}
        flags: [wp248_evaluation]
        effects:
          - risk: illegitimate_access
            likelihood_plus: 1
            reason: {fr: "Raison", en: "Reason"}
      - value: "no"
        label: {fr: "Non", en: "No"}
  - id: model
    type: text
    text: {fr: "Modèle", en: "Model"}
    help: {fr: "Aide", en: "Help"}
    show_if: {question: uses_ai, in: ["yes", unknown]}
  - id: categories
    type: categories
    text: {fr: "Données", en: "Data"}
    help: {fr: "Aide", en: "Help"}
  - id: encryption
    type: measure
    text: {fr: "Chiffrement", en: "Encryption"}
    help: {fr: "Aide", en: "Help"}
    recommended: true
    addresses:
      - {risk: illegitimate_access, likelihood_minus: 1}
  - id: ctx_sector
    type: choice
    text: {fr: "Secteur", en: "Sector"}
    help: {fr: "Aide", en: "Help"}
    options:
      - {value: "other", label: {fr: "Autre", en: "Other"}}
""",
    "templates/demo.yaml": """\
id: demo
questionnaire: sample
sector: other
title: {fr: "Démo", en: "Demo"}
summary: {fr: "Résumé", en: "Summary"}
assessment:
  title: {fr: "Titre", en: "Title"}
  description: {fr: "Description", en: "Description"}
answers:
  uses_ai: "yes"
  categories: [location]
  encryption: {status: planned, owner: "RSSI", due: "2027-01-31"}
""",
}


def load(overrides: dict[str, str] | None = None, drop: tuple[str, ...] = ()):
    files = {k: v for k, v in {**FILES, **(overrides or {})}.items() if k not in drop}
    return load_sources(files, origin="q")


def problems(overrides: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(QuestionnaireError) as info:
        load(overrides, drop)
    return info.value.problems


def edit(name: str, old: str, new: str) -> dict[str, str]:
    assert old in FILES[name], old
    return {name: FILES[name].replace(old, new)}


def test_sample_loads_everything():
    catalogue = load()
    sample = catalogue.questionnaires["sample"]
    assert sample.version == 3
    assert sample.question("model").show_if.values == ("yes", "unknown")
    assert sample.question("uses_ai").option("yes").flags == ("wp248_evaluation",)
    assert [o.value for o in sample.question("categories").options] == ["location"]
    assert sample.question("categories").options[0].effects[0].severity_at_least == 3
    assert sample.question("encryption").addresses[0].likelihood_minus == 1


def test_templates_are_validated_and_normalised():
    template = load().templates["demo"]
    assert template.answers == {
        "uses_ai": "yes",
        "categories": ["location"],
        "encryption": {"status": "planned", "owner": "RSSI", "due": "2027-01-31"},
    }
    found = problems(edit("templates/demo.yaml", "sector: other", "sector: space"))
    assert found == ["q/templates/demo.yaml:3: sector: 'space' is not an option of ctx_sector"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (edit("modules/context.yaml", "  - id: model\n", "  - id: uses_ai\n"),
         "q/modules/context.yaml:19: questions[1].id: duplicate question id 'uses_ai'"),
        (edit("modules/context.yaml", "show_if: {question: uses_ai,", "show_if: {question: zz,"),
         "q/modules/context.yaml:23: questions[1].show_if.question: condition refers to 'zz'"),
        (edit("modules/context.yaml", 'in: ["yes", unknown]', 'in: ["maybe"]'),
         "q/modules/context.yaml:23: questions[1].show_if.in[0]: 'maybe' is not an option"),
        (edit("modules/context.yaml", "- risk: illegitimate_access", "- risk: flood"),
         "q/modules/context.yaml:14: questions[0].options[0].effects[0].risk: unknown risk "
         "'flood'"),
        (edit("modules/context.yaml", "type: text", "type: essay"),
         "q/modules/context.yaml:20: questions[1].type: unknown value 'essay'"),
        (edit("modules/context.yaml", "likelihood_plus: 1", "likelihood_plus: 9"),
         "q/modules/context.yaml:15: questions[0].options[0].effects[0].likelihood_plus: "
         "expected a whole number from 1 to 3, got 9"),
        (edit("modules/context.yaml", 'text: {fr: "Modèle", en: "Model"}',
              'text: {fr: "Modèle"}'),
         "q/modules/context.yaml:21: questions[1].text: missing or empty 'en' text"),
        (edit("modules/context.yaml", "flags: [wp248_evaluation]", "flags: [wp999]"),
         "q/modules/context.yaml:12: questions[0].options[0].flags[0]: unknown flag 'wp999'"),
        (edit("modules/context.yaml", "    addresses:\n      - {risk: illegitimate_access, "
              "likelihood_minus: 1}\n", ""),
         "q/modules/context.yaml:28: questions[3]: a 'measure' question needs 'addresses'"),
        (edit("modules/context.yaml", "  - value: \"no\"", "  - value: \"unknown\""),
         "q/modules/context.yaml:17: questions[0].options[1].value: 'unknown' is reserved"),
        (edit("templates/demo.yaml", "categories: [location]", "categories: [dna]"),
         "q/templates/demo.yaml:11: answers.categories: invalid answer: unknown choice: dna"),
        (edit("templates/demo.yaml", "  uses_ai:", "  uses_llm:"),
         "q/templates/demo.yaml:10: answers.uses_llm: unknown question 'uses_llm'"),
        (edit("templates/demo.yaml", 'due: "2027-01-31"', 'due: ""'),
         "q/templates/demo.yaml:12: answers.encryption: invalid answer: a planned measure "
         "needs an owner and a due date"),
        (edit("categories.yaml", "group: location", "group: planets"),
         "q/categories.yaml:4: categories[0].group: unknown value 'planets'"),
        (edit("sample.yaml", "modules: [context]", "modules: [context, ethics]"),
         "q/sample.yaml:4: modules[1]: module file modules/ethics.yaml not found"),
        (edit("sample.yaml", "title: {fr: \"Exemple\", en: \"Sample\"}\n", "title: [Exemple\n"),
         "q/sample.yaml:4: invalid YAML"),
    ],
)
def test_malformed_files_give_precise_errors(change, expected):
    found = problems(change)
    assert any(expected in p for p in found), found


def test_several_problems_are_reported_at_once():
    change = edit("modules/context.yaml", "type: text", "type: essay")
    change["modules/context.yaml"] = change["modules/context.yaml"].replace(
        "- risk: illegitimate_access", "- risk: flood")
    found = problems(change, drop=("templates/demo.yaml",))
    assert len(found) == 2
    assert all(p.startswith("q/modules/context.yaml:") for p in found)


def test_unquoted_yes_is_refused():
    found = problems(edit("modules/context.yaml", '- value: "yes"', "- value: yes"))
    assert any("options[0].value: option values must be strings" in p for p in found), found


def test_unused_module_file_is_reported():
    found = problems({"modules/orphan.yaml": FILES["modules/context.yaml"]},
                     drop=("templates/demo.yaml",))
    assert "q/modules/orphan.yaml: module not listed by any questionnaire" in found


def test_missing_directory(tmp_path):
    with pytest.raises(QuestionnaireError, match="questionnaire directory not found"):
        read_directory(tmp_path / "nowhere")


def test_shipped_content_is_valid_and_complete():
    catalogue = load_catalogue(SHIPPED)
    counts = summary(catalogue)
    assert counts["questions"] >= 120
    assert counts["modules"] == 9 and counts["templates"] >= 9
    aipd = catalogue.questionnaires["aipd"]
    assert [m.id for m in aipd.modules] == ["screening", "context", "principles", "security",
                                            "inference", "fairness", "explicability",
                                            "non_maleficence", "ai_act"]
    for question in aipd.questions:
        assert question.text.fr.strip() and question.text.en.strip()
        assert question.help is not None
    used = {e.risk for q in aipd.questions for o in q.options for e in o.effects}
    used |= {e.risk for q in aipd.questions for e in q.addresses}
    assert used == {r.id for r in catalogue.risks}, "every risk can be raised or lowered"
    assert len([q for q in aipd.questions if q.type == "measure"]) >= 15
    assert len(catalogue.categories) >= 40


def test_the_measures_of_each_risk_are_those_that_address_it():
    aipd = load_catalogue(SHIPPED).questionnaires["aipd"]
    risks = {e.risk for q in aipd.questions for e in q.addresses}
    assert len(risks) >= 8
    for risk in risks | {"no_such_risk"}:
        scanned = [q.id for q in aipd.questions
                   if q.is_measure and any(e.risk == risk for e in q.addresses)]
        assert [q.id for q in aipd.measures_for(risk)] == scanned, risk


def test_core_imports_neither_flask_nor_sqlalchemy():
    code = textwrap.dedent(
        """
        import sys
        import riskassess.core.answers, riskassess.core.permissions, riskassess.core.loader
        import riskassess.core.scoring, riskassess.core.workflow
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("flask", "sqlalchemy"))
        print(",".join(leaked))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
