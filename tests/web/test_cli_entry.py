"""`riskassess <command>` (riskassess/cli/main.py): the data-sample commands run without
building the application (no Flask, SQLAlchemy or catalogue imported); the database commands
in the lighter application (no pages, API or migrations); every other command is the Flask
CLI's, on the same database."""

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


# which of the web's and migrations' modules a command's process loaded
LEAN_PROBE = ("import sys; from riskassess.cli.main import main\n"
              "try:\n    main(sys.argv[1:])\nfinally:\n"
              "    print('LOADED', sorted(m for m in ('riskassess.web', 'riskassess.api', "
              "'alembic', 'reportlab') if m in sys.modules))\n")


def lean(*args: str, env: dict) -> tuple[subprocess.CompletedProcess, str, str]:
    done = subprocess.run([sys.executable, "-c", LEAN_PROBE, *args], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    printed, loaded = done.stdout.rsplit("LOADED", 1)
    return done, printed, loaded.strip()


def test_database_commands_run_in_the_lighter_application(tmp_path):
    """Issue 20 (start-up): the database commands build no page, API or migration, and give
    what the whole application gives."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "SECRET_KEY": "x"}
    for command in (["init-db"], ["seed-demo"]):
        assert run(*command, env=env).returncode == 0
    _done, printed, loaded = lean("list-assessments", "--json", env=env)
    assert len(json.loads(printed)) == 4 and loaded == "[]"
    _done, printed, loaded = lean("verify-audit", env=env)
    assert "audit chain intact" in printed and loaded == "[]"
    # the same figures as the whole application's, the questionnaire files read on demand
    _done, lighter, _loaded = lean("score", "1", "--json", env=env)
    whole = subprocess.run([str(Path(sys.executable).with_name("flask")), "--app",
                            "riskassess", "score", "1", "--json"], capture_output=True,
                           text=True, cwd=REPO, env={**os.environ, **env}, timeout=120)
    assert whole.returncode == 0, whole.stderr
    assert json.loads(lighter) == json.loads(whole.stdout)
    # interchange, reports and users, each through the lighter application
    exported = tmp_path / "two.json"
    lean("export-json", "2", str(exported), env=env)
    lean("import-json", str(exported), env=env)
    pia = tmp_path / "two-pia.json"
    lean("export-pia", "2", str(pia), env=env)
    lean("import-pia", str(pia), "--owner", "owner@demo.riskassess.test", env=env)
    _done, printed, _loaded = lean("list-assessments", "--json", env=env)
    assert len(json.loads(printed)) == 6
    report = tmp_path / "one.pdf"
    _done, _printed, loaded = lean("render-pdf", "1", str(report), env=env)
    assert "riskassess.web" not in loaded and "alembic" not in loaded
    _done, printed, _loaded = lean("verify-pdf", str(report), env=env)
    assert "unaltered approved report of assessment 1" in printed
    lean("build-reports", env=env)
    _done, printed, _loaded = lean("create-user", "--email", "new@example.test", "--name", "N",
                                   "--role", "owner", "--organisation", "Autre",
                                   "--password", "a-long-enough-password-1", env=env)
    assert "new@example.test" in printed
    _done, printed, loaded = lean("validate-questionnaires", "--json", env=env)
    assert json.loads(printed)["questionnaires"] >= 1 and loaded == "[]"
    _done, printed, _loaded = lean("content-impact", env=env)
    assert "0 assessment(s) on older content" in printed


def test_every_command_is_given_its_application(app):
    """A new command is put in one of the three on purpose (cli/main.py)."""
    from riskassess.cli import main

    kinds = (set(main.STANDALONE), set(main.DATABASE_ONLY), main.WHOLE_APPLICATION)
    ours = {name for name, command in app.cli.commands.items()
            if command.callback.__module__.startswith("riskassess.")}
    assert set().union(*kinds) == ours and sum(map(len, kinds)) == len(ours)
    for name, path in {**main.STANDALONE, **main.DATABASE_ONLY}.items():
        assert main._command(path) is app.cli.commands[name]


def test_a_refused_command_leaves_the_garbage_collector_on():
    import gc

    from riskassess.cli.main import main

    try:
        main(["list-assessments", "--no-such-option"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert gc.isenabled()


def test_the_lighter_application_reads_the_questionnaires_when_first_needed(tmp_path):
    from riskassess.app import create_app
    from riskassess.services import catalogue

    broken = tmp_path / "questionnaires"
    broken.mkdir()
    (broken / "risks.yaml").write_text("risks: [\n", encoding="utf-8")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                      "QUESTIONNAIRES_DIR": str(broken)}, web=False)  # starts all the same
    assert "auth.login" not in app.view_functions and "migrate" not in app.extensions
    with app.app_context():
        try:
            catalogue.current()
        except SystemExit as exit_:
            assert "riskassess cannot start: 1 problem(s) in the questionnaire" in str(exit_)
        else:
            raise AssertionError("the broken file was not read")
