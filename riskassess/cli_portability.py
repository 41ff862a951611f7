"""`export-json ID FILE` and `import-json FILE`: assessments as versioned JSON documents."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from riskassess.extensions import db
from riskassess.models import Assessment


@click.command("export-json")
@click.argument("assessment_id", type=int)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_json(assessment_id: int, output: Path) -> None:
    """Write an assessment as a JSON document; prints its id."""
    from riskassess.services.portability import export_document

    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        raise click.ClickException(f"no assessment with id {assessment_id}")
    output.write_text(json.dumps(export_document(assessment), ensure_ascii=False, indent=2),
                      encoding="utf-8")
    click.echo(assessment.id)


@click.command("import-json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Email of the importing owner (default: the document's owner).")
@with_appcontext
def import_json(file: Path, owner: str | None) -> None:
    """Create an assessment from a JSON document; prints the id of what it created."""
    from riskassess.services import users
    from riskassess.services.portability import DocumentError, import_document

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file}: not a JSON document ({exc})") from None
    email = owner or (document.get("assessment", {}).get("owner")
                      if isinstance(document, dict) else None)
    importer = users.find_by_email(email) if email else None
    if importer is None:
        raise click.ClickException(f"no user '{email}': give --owner EMAIL")
    try:
        created = import_document(importer, document)
    except DocumentError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    click.echo(created.id)
