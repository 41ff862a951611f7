"""`riskassess <command>`: the command line, starting only what a command needs (issue 20:
start-up). The data-sample commands (`profile-csv`, `fairness-csv`) read a file and print
figures: they run without Flask, SQLAlchemy or the questionnaire catalogue, in the time it
takes Python to start. Every other command is `flask --app riskassess <command>` (the
application built first: database, catalogue, blueprints), so both spellings work.
"""

from __future__ import annotations

import importlib
import sys

# commands that need no application: name -> "module:click command"
STANDALONE = {
    "profile-csv": "riskassess.cli.evidence:profile_csv",
    "fairness-csv": "riskassess.cli.evidence:fairness_csv",
}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in STANDALONE:
        module, _sep, name = STANDALONE[args[0]].partition(":")
        command = getattr(importlib.import_module(module), name)
        command.main(args=args[1:], prog_name=f"riskassess {args[0]}")
        return
    from flask.cli import FlaskGroup

    from riskassess.app import create_app

    FlaskGroup(name="riskassess", create_app=create_app).main(args=args,
                                                               prog_name="riskassess")


if __name__ == "__main__":
    main()
