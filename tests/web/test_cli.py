"""The flask commands: init-db, create-user, seed-demo, list-assessments, render-pdf."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]


def test_create_user_with_password_option_and_prompt(runner, in_app):
    result = runner.invoke(args=["create-user", "--email", "Nina@Example.org", "--name", "Nina",
                                 "--role", "dpo", "--organisation", "ACME", "--password",
                                 "long-enough-password"])
    assert result.exit_code == 0, result.output
    assert "nina@example.org (dpo, ACME)" in result.output
    result = runner.invoke(args=["create-user", "--email", "paul@example.org", "--name", "Paul",
                                 "--role", "owner", "--organisation", "ACME"],
                           input="another-password\nanother-password\n")
    assert result.exit_code == 0, result.output

    from riskassess.services.users import authenticate

    assert in_app(lambda: authenticate("paul@example.org", "another-password")) is not None


def test_create_user_refusals(runner, demo):
    duplicate = runner.invoke(args=["create-user", "--email", "owner@demo.riskassess.test",
                                    "--name", "X", "--role", "owner", "--organisation", "A",
                                    "--password", "long-enough-password"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = runner.invoke(args=["create-user", "--email", "a@b.c", "--name", "X", "--role",
                                "owner", "--organisation", "A", "--password", "short"])
    assert short.exit_code != 0 and "too short" in short.output
    role = runner.invoke(args=["create-user", "--email", "a@b.c", "--name", "X", "--role",
                               "king", "--organisation", "A", "--password", "long-enough-pw"])
    assert role.exit_code != 0


def test_seed_demo_is_idempotent_and_listed_as_json(runner):
    assert "Demo data loaded." in runner.invoke(args=["seed-demo"]).output
    assert "already present" in runner.invoke(args=["seed-demo"]).output
    result = runner.invoke(args=["list-assessments", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {r["status"] for r in rows} == {"draft", "submitted", "changes_requested", "approved"}
    assert set(rows[0]) == {"id", "title", "status", "organisation"}
    assert all(r["organisation"] == "Démo Banque & Santé" for r in rows)


def test_render_pdf(runner, demo, tmp_path):
    approved = demo["assessments"]["approved"]
    output = tmp_path / "report.pdf"
    result = runner.invoke(args=["render-pdf", str(approved), str(output)])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(output).pages)
    assert "Détection de fraude bancaire en temps réel" in text
    english = tmp_path / "report-en.pdf"
    runner.invoke(args=["render-pdf", str(approved), str(english), "--lang", "en"])
    english_text = "".join(p.extract_text() for p in PdfReader(english).pages)
    assert "DPO's opinion" in english_text and "Decision of the controller" in english_text
    missing = runner.invoke(args=["render-pdf", "9999", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "no assessment with id 9999" in missing.output


def flask(*args, env_extra=None, cwd=REPO):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "riskassess", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_init_db_migrates_a_new_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    env = {"DATABASE_URL": url, "SECRET_KEY": "x"}
    first = flask("init-db", env_extra=env)
    assert first.returncode == 0, first.stderr
    assert "up to date" in first.stdout
    seeded = flask("seed-demo", env_extra=env)
    assert seeded.returncode == 0, seeded.stderr
    again = flask("init-db", env_extra=env)  # re-running is harmless
    assert again.returncode == 0, again.stderr


def test_a_bad_questionnaire_file_stops_the_app_with_a_clear_message(tmp_path):
    broken = tmp_path / "questionnaires"
    shutil.copytree(REPO / "questionnaires", broken)
    module = broken / "modules" / "context.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("type: textarea", "type: essay",
                                                                 1), encoding="utf-8")
    env = {"RISKASSESS_QUESTIONNAIRES_DIR": str(broken), "DATABASE_URL": "sqlite://",
           "SECRET_KEY": "x"}
    result = flask("list-assessments", env_extra=env)
    assert result.returncode != 0
    assert "riskassess cannot start: 1 problem(s) in the questionnaire files" in result.stderr
    assert re.search(r"modules/context.yaml:\d+: questions\[0\].type: unknown value 'essay'",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_validate_questionnaires_summary_and_errors(runner, tmp_path):
    result = runner.invoke(args=["validate-questionnaires", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["modules"] == 9 and counts["questions"] >= 120 and counts["templates"] >= 9
    plain = runner.invoke(args=["validate-questionnaires"])
    assert "valid" in plain.output and f"{counts['questions']} questions" in plain.output

    broken = tmp_path / "questionnaires"
    shutil.copytree(REPO / "questionnaires", broken)
    (broken / "modules" / "fairness.yaml").write_text("id: fairness\ntitle: [oops\n")
    (broken / "templates" / "bank_fraud.yaml").unlink()
    result = runner.invoke(args=["validate-questionnaires", str(broken)])
    assert result.exit_code != 0
    assert "modules/fairness.yaml:3: invalid YAML" in result.output
    assert "1 problem(s) found in" in result.output  # no cascade from the unreadable module
