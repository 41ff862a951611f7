"""Loading and validating questionnaire files (no Flask involved)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from riskassess.core.questionnaire import QuestionnaireError, load_catalogue

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"

RISKS = """\
risks:
  - id: illegitimate_access
    title: {fr: "Accès illégitime", en: "Illegitimate access"}
    description: {fr: "Des tiers lisent les données.", en: "Third parties read the data."}
"""

VALID = """\
id: sample
version: 3
title: {fr: "Exemple", en: "Sample"}
modules:
  - id: context
    title: {fr: "Contexte", en: "Context"}
    questions:
      - id: uses_ai
        type: choice
        text: {fr: "IA ?", en: "AI?"}
        options:
          - value: "yes"
            label: {fr: "Oui", en: "Yes"}
            effects:
              - risk: illegitimate_access
                likelihood_plus: 1
                reason: {fr: "Raison", en: "Reason"}
          - value: "no"
            label: {fr: "Non", en: "No"}
      - id: model
        type: text
        text: {fr: "Modèle", en: "Model"}
        show_if: {question: uses_ai, in: ["yes"]}
"""


def write(tmp_path: Path, questionnaire: str, risks: str = RISKS) -> Path:
    (tmp_path / "risks.yaml").write_text(risks, encoding="utf-8")
    (tmp_path / "sample.yaml").write_text(questionnaire, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, questionnaire: str, risks: str = RISKS) -> list[str]:
    with pytest.raises(QuestionnaireError) as info:
        load_catalogue(write(tmp_path, questionnaire, risks))
    return info.value.problems


def test_shipped_files_are_valid_and_substantial():
    catalogue = load_catalogue(SHIPPED)
    foundation = catalogue.questionnaires["foundation"]
    assert len(foundation.questions) >= 15
    assert {r.id for r in catalogue.risks} >= {
        "illegitimate_access",
        "unwanted_modification",
        "disappearance",
    }
    for question in foundation.questions:
        assert question.text.fr.strip() and question.text.en.strip()
    effects = [e for q in foundation.questions for o in q.options for e in o.effects]
    assert {e.risk for e in effects} == {r.id for r in catalogue.risks}


def test_valid_file_loads_with_condition(tmp_path):
    catalogue = load_catalogue(write(tmp_path, VALID))
    sample = catalogue.questionnaires["sample"]
    assert sample.version == 3
    assert sample.question("model").show_if.question == "uses_ai"
    assert sample.question("uses_ai").option("yes").effects[0].likelihood_plus == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      - id: model\n", "      - id: uses_ai\n",
         "sample.yaml:20: modules[0].questions[1].id: duplicate question id 'uses_ai'"),
        ("show_if: {question: uses_ai,", "show_if: {question: nothing,",
         "sample.yaml:23: modules[0].questions[1].show_if.question: condition refers to 'nothing'"),
        ("in: [\"yes\"]}", "in: [\"maybe\"]}",
         "sample.yaml:23: modules[0].questions[1].show_if.in[0]: 'maybe' is not an option"),
        ("- risk: illegitimate_access", "- risk: flood",
         "sample.yaml:15: modules[0].questions[0].options[0].effects[0].risk:"
         " unknown risk 'flood'"),
        ("type: text", "type: essay",
         "sample.yaml:21: modules[0].questions[1].type: unknown type 'essay'"),
        ("likelihood_plus: 1", "likelihood_plus: 9",
         "sample.yaml:16: modules[0].questions[0].options[0].effects[0].likelihood_plus: expected"
         " a whole number from 1 to 3, got 9"),
        ('text: {fr: "Modèle", en: "Model"}', 'text: {fr: "Modèle"}',
         "sample.yaml:22: modules[0].questions[1].text: missing or empty 'en' text"),
        ("        show_if:", "        shown_if:",
         "sample.yaml:23: modules[0].questions[1].shown_if: unknown key 'shown_if'"),
        ('      - id: model\n', '      - id: Model-2\n',
         "sample.yaml:20: modules[0].questions[1].id: invalid identifier 'Model-2'"),
        ("title: {fr: \"Exemple\", en: \"Sample\"}\n", "title: [Exemple\n",
         "sample.yaml:4: invalid YAML"),
    ],
)
def test_malformed_files_give_precise_errors(tmp_path, old, new, expected):
    assert old in VALID
    found = problems(tmp_path, VALID.replace(old, new))
    assert any(expected in p for p in found), found


def test_several_problems_are_reported_at_once(tmp_path):
    broken = VALID.replace("type: text", "type: essay").replace("- risk: illegitimate_access",
                                                                 "- risk: flood")
    found = problems(tmp_path, broken)
    assert len(found) == 2
    assert all(str(tmp_path / "sample.yaml") in p for p in found)


def test_unquoted_yes_is_refused(tmp_path):
    found = problems(tmp_path, VALID.replace('- value: "yes"', "- value: yes"))
    assert any("options[0].value: option values must be strings" in p for p in found), found


def test_bad_risk_file_is_reported(tmp_path):
    found = problems(tmp_path, VALID, RISKS.replace("id: illegitimate_access", "id: Bad Id"))
    assert any("risks.yaml:2: risks[0].id: invalid identifier" in p for p in found), found


def test_missing_directory(tmp_path):
    with pytest.raises(QuestionnaireError, match="questionnaire directory not found"):
        load_catalogue(tmp_path / "nowhere")


def test_core_imports_neither_flask_nor_sqlalchemy():
    code = textwrap.dedent(
        """
        import sys
        import riskassess.core.answers, riskassess.core.permissions, riskassess.core.questionnaire
        import riskassess.core.scoring, riskassess.core.workflow
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("flask", "sqlalchemy"))
        print(",".join(leaked))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
