"""Reading assessments from the command line: `list-assessments`, `render-pdf`, `score`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment


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
    from riskassess.core.risk_profile import to_dict
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
