"""Setting up and running an instance: `init-db`, `worker`, `create-user`, `seed-demo`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from riskassess.core.permissions import ROLES


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema by running the migrations, then compute the
    outcomes that lists and the dashboard read where they are missing or out of date."""
    from flask_migrate import upgrade

    from riskassess import jobs, unit_of_work
    from riskassess.services import living

    upgrade()
    click.echo("Database schema is up to date.")
    refreshed = jobs.refresh_outcomes()
    if refreshed:
        click.echo(f"Outcomes computed for {refreshed} assessment(s).")
    told = living.tell_content_changes()
    unit_of_work.commit()
    if told:
        click.echo(f"{told} approved assessment(s) would change under the current "
                   "questionnaire content: their authors and DPOs are told.")


@click.command("worker")
@click.option("--once", is_flag=True, help="One pass (send what is due), then stop.")
@click.option("--interval", type=float, default=None, help="Seconds between passes.")
@with_appcontext
def worker(once: bool, interval: float | None) -> None:
    """Lay out the reports of approvals, send the e-mail of the outbox and the reminders of
    planned measures (runs until stopped; riskassess/worker.py)."""
    from riskassess import worker as background

    if not once:
        click.echo("riskassess worker: laying out reports, sending the outbox (Ctrl+C to stop)")
    background.run(once=once, interval=interval)


@click.command("build-reports")
@click.option("--retry-failed", is_flag=True,
              help="Try again the editions marked failed (after fixing their cause).")
@with_appcontext
def build_reports(retry_failed: bool) -> None:
    """Lay out now the report editions waiting for the worker (services/report_builds.py)."""
    from riskassess import jobs, unit_of_work
    from riskassess.services import report_builds

    if retry_failed:
        click.echo(f"{report_builds.retry_failed()} failed edition(s) to try again")
        unit_of_work.commit()
    handled = 0
    while (batch := jobs.build_reports()):
        handled += batch
    left = report_builds.counts()
    click.echo(f"{handled} edition(s) handled; now {left.get('pending', 0)} pending, "
               f"{left.get('failed', 0)} failed")
    if left.get("failed"):
        raise SystemExit(1)


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
    from riskassess import unit_of_work
    from riskassess.services.users import UserError
    from riskassess.services.users import create_user as create

    try:
        user = create(email, name, role, organisation, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    unit_of_work.commit()
    click.echo(f"Created user {user.id}: {user.email} ({user.role}, {organisation})")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo organisation, one user per role and sample assessments (idempotent)."""
    from riskassess.jobs import seed_demo as seed

    created = seed()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing to do.")
