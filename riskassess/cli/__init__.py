"""Command-line interface: `flask --app riskassess <command>`, one module per resource the
commands serve."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: `riskassess profile-csv` needs no Flask (main.py)
    from flask import Flask


def register(app: Flask) -> None:
    from riskassess.cli.assessments import list_assessments, render_pdf, score
    from riskassess.cli.backup import export_all, import_all
    from riskassess.cli.evidence import fairness_csv, profile_csv
    from riskassess.cli.portability import export_json, export_pia, import_json, import_pia
    from riskassess.cli.questionnaires import content_impact, validate_questionnaires
    from riskassess.cli.setup import build_reports, create_user, init_db, seed_demo, worker
    from riskassess.cli.trust import verify_audit, verify_pdf

    for command in (init_db, create_user, seed_demo, list_assessments, render_pdf,
                    validate_questionnaires, score, profile_csv, fairness_csv, verify_audit,
                    verify_pdf, export_json, import_json, export_pia, import_pia, worker,
                    content_impact, export_all, import_all, build_reports):
        app.cli.add_command(command)
