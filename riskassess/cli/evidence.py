"""`profile-csv` and `fairness-csv`: the data-sample measurements from the command line.

The web's upload limits (MAX_CONTENT_LENGTH, MAX_CSV_ROWS) protect a shared server from its
users; a command runs on the operator's own file, so it reads files of any size, streamed
(memory grows with the classes or groups found, not with the rows), unless `--max-rows` is
given. Errors print one line and exit non-zero; results print as JSON. Neither needs the
application: `riskassess profile-csv …` runs them without building it (cli/main.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from riskassess.core.csvdata import CsvError
from riskassess.core.fairness import fairness_csv as measure_fairness
from riskassess.core.reidentification import profile_csv as measure_profile

MAX_ROWS_OPTION = click.option("--max-rows", type=click.IntRange(min=1), default=None,
                               help="Refuse files with more data rows (default: no limit).")


def _run(path: Path, measure):
    try:
        with path.open("rb") as stream:
            return measure(stream)
    except CsvError as exc:
        raise click.ClickException(f"{path}: {exc}") from None


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


@click.command("profile-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--qi", "qi", default="", help="Quasi-identifier columns, separated by commas "
              "(default: the detected ones).")
@click.option("--sensitive", default=None, help="Sensitive attribute column (l-diversity).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@MAX_ROWS_OPTION
def profile_csv(file: Path, qi: str, sensitive: str | None, as_json: bool,
                max_rows: int | None) -> None:
    """Re-identification profile of a CSV sample: PII columns, k, unique share, l-diversity."""
    result = _run(file, lambda s: measure_profile(
        s, _columns(qi), sensitive, max_rows=max_rows)).to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"rows={result['rows']} k={result['k']} unique_share={result['unique_share']} "
               f"l_diversity={result['l_diversity']} qi={','.join(result['quasi_identifiers'])}")


@click.command("fairness-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--group", required=True, help="Group column.")
@click.option("--decision", required=True, help="Decision column.")
@click.option("--label", default=None, help="True outcome column.")
@click.option("--positive", default=None, help="Positive value (1, yes, oui… are guessed).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@MAX_ROWS_OPTION
def fairness_csv(file: Path, group: str, decision: str, label: str | None,
                 positive: str | None, as_json: bool, max_rows: int | None) -> None:
    """Selection rates, parity, four-fifths flag, equal opportunity and equalized odds."""
    result = _run(file, lambda s: measure_fairness(
        s, group, decision, label, positive,
        max_rows=max_rows)).to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"demographic_parity_ratio={result['demographic_parity_ratio']} "
               f"four_fifths_flag={result['four_fifths_flag']} "
               f"equalized_odds_difference={result['equalized_odds_difference']}")
