"""Shared by the benchmarks: a throw-away database with the migrations applied (SQLite in a
temporary folder, or a schema of its own on the PostgreSQL server named by
RISKASSESS_BENCH_DATABASE_URL), timing figures, and the JSON results."""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from riskassess import create_app

# the JSON figures; RISKASSESS_BENCH_RESULTS elsewhere (the test run's own folder)
RESULTS = Path(os.environ.get("RISKASSESS_BENCH_RESULTS") or Path(__file__).parent / "results")
SECRET_KEY = "benchmark-secret-key-" + "b" * 32
POSTGRES_ENV = "RISKASSESS_BENCH_DATABASE_URL"
BENCH_SCHEMA = "riskassess_bench"


def write_results(name: str, figures: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return out


def machine() -> dict:
    """CPUs and load average: on a shared machine, other work inflates wall-clock figures."""
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def machine_line() -> str:
    figures = machine()
    return (f"machine: {figures['cpus']} CPUs, load average "
            f"{' '.join(str(x) for x in figures['load_average'])} (1, 5, 15 min) at the start")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def summary(durations: list[float]) -> dict:
    ordered = sorted(durations)
    return {"runs": len(ordered), "median_s": statistics.median(ordered),
            "p90_s": percentile(ordered, 0.9), "min_s": ordered[0]}


def sqlite_url(folder: Path, name: str = "bench") -> str:
    return f"sqlite:///{folder / f'{name}.sqlite3'}"


@contextlib.contextmanager
def postgres_schema(server_url: str, name: str) -> Iterator[str]:
    """A URL on `server_url` whose tables live in a schema of their own (riskassess_bench_NAME),
    dropped afterwards: nothing else in that database is read or changed."""
    schema = f"{BENCH_SCHEMA}_{name}"
    url = make_url(server_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def databases(folder: Path) -> list[tuple[str, Callable[[str], AbstractContextManager[str]]]]:
    """(label, factory): the factory gives a context holding the URL of a fresh, empty
    database named after its argument. SQLite always; PostgreSQL when configured."""
    choices: list[tuple[str, Callable[[str], AbstractContextManager[str]]]] = [
        ("sqlite", lambda name: contextlib.nullcontext(sqlite_url(folder, name)))]
    if os.environ.get(POSTGRES_ENV):
        choices.append(("postgresql", lambda name: postgres_schema(os.environ[POSTGRES_ENV],
                                                                   name)))
    return choices


def audit_keyring(folder: Path) -> Path:
    """A keyring for the audit chain in `folder` (made once): production refuses to start
    without one (RISKASSESS_AUDIT_KEY_FILE), and the setup seals its events with it too."""
    from riskassess.audit_key_tool import rotate

    keyring = folder / "audit_keys"
    if not keyring.exists():
        rotate(keyring)
    return keyring


def migrated_app(url: str, **config) -> Flask:
    """The application on `url`, its schema built by the migrations (as `init-db` does)."""
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, **config})
    log = io.StringIO()  # Alembic's progress lines, shown only if the migrations fail
    try:
        with app.app_context(), contextlib.redirect_stderr(log):
            upgrade()
    except BaseException:
        print(log.getvalue(), file=sys.stderr)
        raise
    return app
