"""Command-line interface: `flask --app riskassess <command>`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from riskassess.core.permissions import ROLES
from riskassess.extensions import db
from riskassess.models import Assessment


def register(app: Flask) -> None:
    from riskassess.cli_evidence import fairness_csv, profile_csv
    from riskassess.cli_portability import export_json, export_pia, import_json, import_pia
    from riskassess.cli_questionnaires import content_impact, validate_questionnaires
    from riskassess.cli_trust import verify_audit, verify_pdf

    for command in (init_db, create_user, seed_demo, list_assessments, render_pdf,
                    validate_questionnaires, score, profile_csv, fairness_csv, verify_audit,
                    verify_pdf, export_json, import_json, export_pia, import_pia, worker,
                    content_impact):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema by running the migrations, then compute the
    outcomes that lists and the dashboard read where they are missing or out of date."""
    from riskassess.services import living, outcomes

    upgrade()
    click.echo("Database schema is up to date.")
    refreshed = outcomes.refresh_stale()
    if refreshed:
        click.echo(f"Outcomes computed for {refreshed} assessment(s).")
    told = living.tell_content_changes()
    if told:
        click.echo(f"{told} approved assessment(s) would change under the current "
                   "questionnaire content: their authors and DPOs are told.")


@click.command("worker")
@click.option("--once", is_flag=True, help="One pass (send what is due), then stop.")
@click.option("--interval", type=float, default=None, help="Seconds between passes.")
@with_appcontext
def worker(once: bool, interval: float | None) -> None:
    """Send the e-mail of the outbox and the reminders of planned measures (runs until
    stopped; riskassess/worker.py)."""
    from riskassess import worker as background

    if not once:
        click.echo("riskassess worker: sending the outbox (Ctrl+C to stop)")
    background.run(once=once, interval=interval)


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--organisation", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_user(email: str, name: str, role: str, organisation: str, password: str) -> None:
    """Create a user (and their organisation if it does not exist)."""
    from riskassess.services.users import UserError
    from riskassess.services.users import create_user as create

    try:
        user = create(email, name, role, organisation, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created user {user.id}: {user.email} ({user.role}, {organisation})")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo organisation, one user per role and sample assessments (idempotent)."""
    from riskassess.services.demo import seed

    created = seed()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing to do.")


@click.command("list-assessments")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_assessments(as_json: bool) -> None:
    """List every assessment: id, title, status, organisation."""
    rows = [
        {"id": a.id, "title": a.title, "status": a.status, "organisation": a.organisation.name}
        for a in db.session.scalars(select(Assessment).order_by(Assessment.id))
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:>5}  {row['status']:<18} {row['organisation']:<25} {row['title']}")


@click.command("render-pdf")
@with_appcontext
@click.argument("assessment_id", type=int)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def render_pdf(assessment_id: int, output: Path, lang: str) -> None:
    """Render the PDF report of an assessment to OUTPUT (the stored one when approved)."""
    from riskassess.services.reports import render_pdf as render

    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        raise click.ClickException(f"no assessment with id {assessment_id}")
    stored = assessment.latest_report
    pdf = stored.pdf if stored is not None and lang == "fr" else render(assessment, lang)
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf)} bytes)")


@click.command("score")
@click.argument("assessment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the whole profile as JSON.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en", show_default=True)
@with_appcontext
def score(assessment_id: int, as_json: bool, lang: str) -> None:
    """Print an assessment's risk profile: screening, AI Act tier, risks, conclusion, pillars,
    action plan."""
    from riskassess.core.profile import to_dict
    from riskassess.services.assessments import profile

    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        raise click.ClickException(f"no assessment with id {assessment_id}")
    data = to_dict(profile(assessment), lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"DPIA screening: {data['screening']['verdict']}")
    click.echo(f"AI Act: {data['ai_act']['tier']}"
               + (" (FRIA required)" if data["ai_act"]["fria_required"] else ""))
    click.echo(f"Conclusion: {data['conclusion']}")
    for risk in data["risks"]:
        i, r, a = risk["initial"], risk["residual"], risk["adjusted"]
        click.echo(f"  {risk['title']:<45} initial {i['severity']}/{i['likelihood']}"
                   f"  residual {r['severity']}/{r['likelihood']}"
                   + (f"  final (DPO {a['by']}) {a['severity']}/{a['likelihood']}" if a else ""))
    click.echo(f"Action plan: {len(data['action_plan'])} item(s)")
