"""`flask --app riskassess validate-questionnaires [PATH] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from riskassess.core.loader import load_catalogue, summary
from riskassess.core.questionnaire import QuestionnaireError


@click.command("validate-questionnaires")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_appcontext
def validate_questionnaires(path: Path | None, as_json: bool) -> None:
    """Validate the questionnaire files (the configured folder, or PATH)."""
    directory = path or Path(current_app.config["QUESTIONNAIRES_DIR"])
    try:
        catalogue = load_catalogue(directory)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{len(exc.problems)} problem(s) found in {directory}") from None
    counts = summary(catalogue)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"{directory}: valid — " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@click.command("content-impact")
@click.option("--changed-only", is_flag=True, help="Only the assessments that would change.")
@with_appcontext
def content_impact(changed_only: bool) -> None:
    """Dry run: for every assessment started with older questionnaire content, its screening
    verdict, AI Act tier and conclusion now and under the current files, and the answers that
    would not carry over. Nothing is written."""
    from riskassess.services.content_impact import impacts

    found = impacts()
    shown = [i for i in found if i.changed or not changed_only]
    for impact in shown:
        a = impact.assessment
        parts = [f"{name} {old} -> {new}" for name, old, new in zip(
            ("screening", "tier", "conclusion"), impact.before, impact.after, strict=True)
            if old != new]
        if impact.dropped:
            parts.append("answers not carried over: " + ", ".join(impact.dropped))
        click.echo(f"#{a.id} {a.title} [{a.status}]: " + ("; ".join(parts) or "no change"))
    changed = sum(1 for i in found if i.changed)
    click.echo(f"{len(found)} assessment(s) on older content, {changed} would change.")
