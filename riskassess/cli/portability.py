"""`export-json ID FILE` and `import-json FILE`: assessments as versioned JSON documents;
`export-pia ID FILE` and `import-pia FILE`: the same as CNIL PIA files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from riskassess import unit_of_work
from riskassess.extensions import db
from riskassess.models import Assessment


def _assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        raise click.ClickException(f"no assessment with id {assessment_id}")
    return assessment


def _write(output: Path, document: dict) -> None:
    output.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


@click.command("export-json")
@click.argument("assessment_id", type=int)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_json(assessment_id: int, output: Path) -> None:
    """Write an assessment as a JSON document; prints its id."""
    from riskassess.interchange.portability import export_document

    assessment = _assessment(assessment_id)
    _write(output, export_document(assessment))
    click.echo(assessment.id)


@click.command("import-json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Email of the importing owner (default: the document's owner).")
@with_appcontext
def import_json(file: Path, owner: str | None) -> None:
    """Create an assessment from a JSON document; prints the id of what it created."""
    from riskassess.interchange.portability import DocumentError, import_document
    from riskassess.services import users

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
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
    unit_of_work.commit()
    click.echo(created.id)


@click.command("export-pia")
@click.argument("assessment_id", type=int)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the texts written for the CNIL tool.")
@with_appcontext
def export_pia(assessment_id: int, output: Path, lang: str) -> None:
    """Write an assessment as a CNIL PIA JSON file (docs/pia-format.md); prints its id."""
    from riskassess.interchange.cnil.service import export_pia as export

    assessment = _assessment(assessment_id)
    _write(output, export(assessment, lang))
    click.echo(assessment.id)


@click.command("import-pia")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Email of the project owner who imports it.")
@with_appcontext
def import_pia(file: Path, owner: str | None) -> None:
    """Create a draft assessment from a CNIL PIA JSON file; prints the id of what it created,
    and lists on stderr the content kept aside (no place in the questionnaire)."""
    from riskassess.interchange.cnil.mapping import module_of
    from riskassess.interchange.cnil.service import PiaError
    from riskassess.interchange.cnil.service import import_pia as load
    from riskassess.services import users
    from riskassess.services.errors import PermissionDenied

    try:
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise click.ClickException(f"{file}: not a JSON document ({exc})") from None
    importer = users.find_by_email(owner) if owner else None
    if importer is None:
        raise click.ClickException(f"no user '{owner}': give --owner EMAIL" if owner
                                   else "a CNIL PIA names no user: give --owner EMAIL")
    try:
        created, unmapped, warnings = load(importer, document)
    except PiaError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    except PermissionDenied:
        raise click.ClickException(f"{owner} may not create assessments") from None
    unit_of_work.commit()
    click.echo(created.id)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for item in unmapped:
        module = module_of(item.reference)
        where = f"the step '{module}'" if module else "the description"
        click.echo(f"kept in {where}: [{item.reference}] {item.label}", err=True)
