"""`verify-audit` and `verify-pdf`: what auditors run to check that nothing was altered."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("verify-audit")
@with_appcontext
def verify_audit() -> None:
    """Check the keyed hash chain of the audit trail, then every approved version against its
    approval event (content, report files) and every decided assessment against its frozen
    version; exit 1 naming the first broken event, or every difference found."""
    from riskassess.services.audit import verify_chain
    from riskassess.services.integrity import check_versions

    checked, broken = verify_chain()
    if broken is not None:
        raise click.ClickException(
            f"audit chain broken at event #{broken.seq} (id {broken.event_id}): "
            f"{broken.problem}; {checked} event(s) read")
    click.echo(f"audit chain intact: {checked} event(s) verified")
    versions, differences = check_versions()
    for difference in differences:
        click.echo(f"altered: {difference}", err=True)
    if differences:
        raise click.ClickException(f"{len(differences)} difference(s) between the approved "
                                   f"versions and the audit trail; {versions} version(s) read")
    click.echo(f"approved versions intact: {versions} version(s) match their approval events")


@click.command("verify-pdf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_pdf(file: Path) -> None:
    """Say whether FILE is an unaltered approved report, and of which assessment and version."""
    from riskassess.services.verification import check_pdf

    result = check_pdf(file.read_bytes())
    if not result.known:
        raise click.ClickException(
            f"{file}: unknown or altered — SHA-256 {result.sha256} matches no approved report")
    assessment = result.report.assessment
    approved = assessment.decided_at.strftime("%Y-%m-%d %H:%M UTC") if assessment.decided_at \
        else "?"
    click.echo(f"{file}: unaltered approved report of assessment {assessment.id} "
               f"« {assessment.title} » ({assessment.organisation.name}), version "
               f"{result.version}, approved {approved}; SHA-256 {result.sha256}")
    if result.stored_copy_altered:
        click.echo("warning: the copy stored in the database no longer matches this file, "
                   "which is the one recorded at approval; run verify-audit", err=True)
