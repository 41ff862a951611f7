"""Commands for backing up and restoring the whole database (see interchange/backup.py and
docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


def _summary(verb: str, counts: dict[str, int], directory: Path) -> str:
    tables = ", ".join(f"{name} {n}" for name, n in counts.items())
    return (f"{verb} {sum(counts.values())} rows of {len(counts)} tables "
            f"{'to' if verb == 'Exported' else 'from'} {directory}: {tables}")


@click.command("export-all")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_all(directory: Path) -> None:
    """Back up every table to DIRECTORY (new or empty): one JSON-lines file per table and
    manifest.json (schema revision, row counts, SHA-256 of each file)."""
    from riskassess.interchange.backup import BackupError
    from riskassess.interchange.backup import export_all as export

    try:
        counts = export(directory)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_summary("Exported", counts, directory))


@click.command("import-all")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def import_all(directory: Path) -> None:
    """Restore a backup written by export-all into an empty database created by init-db
    (same schema revision); refuses a damaged backup or a database that holds data."""
    from riskassess.interchange.backup import BackupError
    from riskassess.interchange.backup import import_all as restore

    try:
        counts = restore(directory)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_summary("Imported", counts, directory))
