"""`riskassess <command>` (riskassess/cli/main.py): the data-sample commands run without
building the application (no Flask, SQLAlchemy or catalogue imported); every other command is
the Flask CLI's, on the same database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "nom,code_postal,age,diagnostic\nA,75001,30,asthme\nB,75001,30,grippe\nC,75002,41,x\n"
DECISIONS = "groupe,decision\n" + "A,1\n" * 6 + "A,0\n" * 4 + "B,1\n" * 2 + "B,0\n" * 8
# what each command's process imported, printed after its own output
PROBE = ("import sys; from riskassess.cli.main import main\n"
         "try:\n    main(sys.argv[1:])\nfinally:\n"
         "    print('IMPORTED', sorted({m.split('.')[0] for m in sys.modules} & "
         "{'flask', 'sqlalchemy', 'jinja2', 'yaml', 'reportlab'}))\n")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **(env or {})}, timeout=120)


def test_profile_csv_runs_without_the_application(tmp_path):
    sample = tmp_path / "people.csv"
    sample.write_text(SAMPLE, encoding="utf-8")
    done = run("profile-csv", str(sample), "--qi", "code_postal,age",
               "--sensitive", "diagnostic", "--json")
    assert done.returncode == 0, done.stderr
    printed, imported = done.stdout.rsplit("IMPORTED", 1)
    result = json.loads(printed)
    # three rows, classes {75001/30: 2 rows, 75002/41: 1 row}: k = 1, one unique row in three
    assert result["rows"] == 3 and result["k"] == 1
    assert abs(result["unique_share"] - 1 / 3) < 1e-3
    assert imported.strip() == "[]"


def test_fairness_csv_runs_without_the_application_and_errors_are_one_line(tmp_path):
    sample = tmp_path / "decisions.csv"
    sample.write_text(DECISIONS, encoding="utf-8")
    done = run("fairness-csv", str(sample), "--group", "groupe", "--decision", "decision",
               "--json")
    assert done.returncode == 0, done.stderr
    printed, imported = done.stdout.rsplit("IMPORTED", 1)
    # selection rates A 6/10, B 2/10: parity ratio 0.2 / 0.6 = 1/3, under four fifths
    result = json.loads(printed)
    assert abs(result["demographic_parity_ratio"] - 1 / 3) < 1e-3
    assert result["four_fifths_flag"] is True and imported.strip() == "[]"
    missing = run("fairness-csv", str(sample), "--group", "nope", "--decision", "decision")
    assert missing.returncode != 0 and "nope" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_other_commands_are_the_flask_cli_on_the_same_database(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "SECRET_KEY": "x"}
    for command in (["init-db"], ["seed-demo"]):
        done = run(*command, env=env)
        assert done.returncode == 0, done.stderr
    listed = run("list-assessments", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout.rsplit("IMPORTED", 1)[0])
    assert [row["status"] for row in rows].count("approved") == 1
    assert "'flask'" in listed.stdout.rsplit("IMPORTED", 1)[1]  # this one built the app
