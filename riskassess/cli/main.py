"""`riskassess <command>`: the command line, starting only what a command needs (issue 20:
start-up).

- The data-sample commands (`profile-csv`, `fairness-csv`) read a file and print figures: they
  run without Flask, SQLAlchemy or the questionnaire catalogue, in the time it takes Python to
  start.
- The commands that work on the database alone run in the lighter application
  (`create_app(web=False)`: no pages, API or migrations; the questionnaire files read only by
  the commands that need them).
- Every other command, and `riskassess --help`, is `flask --app riskassess <command>` (the
  whole application built first: pages, migrations, mail), so both spellings work.
"""

from __future__ import annotations

import gc
import importlib
import sys

# commands that need no application: name -> "module:click command"
STANDALONE = {
    "profile-csv": "riskassess.cli.evidence:profile_csv",
    "fairness-csv": "riskassess.cli.evidence:fairness_csv",
}
# commands that need the database and the catalogue, never a page's address, a template or
# the migrations: name -> "module:click command"
DATABASE_ONLY = {
    "list-assessments": "riskassess.cli.assessments:list_assessments",
    "score": "riskassess.cli.assessments:score",
    "render-pdf": "riskassess.cli.assessments:render_pdf",
    "verify-audit": "riskassess.cli.trust:verify_audit",
    "verify-pdf": "riskassess.cli.trust:verify_pdf",
    "export-json": "riskassess.cli.portability:export_json",
    "import-json": "riskassess.cli.portability:import_json",
    "export-pia": "riskassess.cli.portability:export_pia",
    "import-pia": "riskassess.cli.portability:import_pia",
    "validate-questionnaires": "riskassess.cli.questionnaires:validate_questionnaires",
    "content-impact": "riskassess.cli.questionnaires:content_impact",
    "create-user": "riskassess.cli.setup:create_user",
    "build-reports": "riskassess.cli.setup:build_reports",
}

# commands that need the whole application (mail, pages' addresses, migrations), as do
# Flask's own (run, shell, routes, db)
WHOLE_APPLICATION = {"init-db", "seed-demo", "worker", "export-all", "import-all"}


def _command(path: str):
    module, _sep, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _started(web: bool):
    """The application factory for the command, run with the garbage collector paused: the
    start-up creates hundreds of thousands of objects that live as long as the process, and
    collections during it cost about a tenth of a command's start. It runs again, for the
    command's own work, once the application is built, and never scans those objects again
    (gc.freeze, as riskassess/wsgi.py does before forking its workers)."""

    def factory():
        from riskassess.app import create_app

        try:
            return create_app(web=web)
        finally:
            gc.freeze()
            gc.enable()

    return factory


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    name = args[0] if args else ""
    if name in STANDALONE:
        _command(STANDALONE[name]).main(args=args[1:], prog_name=f"riskassess {name}")
        return
    gc.disable()  # until the application is built (_started), or whatever happens
    try:
        if name in DATABASE_ONLY:
            from flask.cli import ScriptInfo

            # with_appcontext builds the application from the ScriptInfo, as FlaskGroup does
            _command(DATABASE_ONLY[name]).main(
                args=args[1:], prog_name=f"riskassess {name}",
                obj=ScriptInfo(create_app=_started(web=False)))
            return
        from flask.cli import FlaskGroup

        FlaskGroup(name="riskassess", create_app=_started(web=True)).main(
            args=args, prog_name="riskassess")
    finally:
        gc.enable()


if __name__ == "__main__":
    main()
