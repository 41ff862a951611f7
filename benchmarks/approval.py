"""Benchmark: server time of an approval (the decider's decision), at the demo's size and with
three times its words.

An approval freezes the version, keeps what each edition of the report says and seals it in the
audit chain (services/review.py `decide`); the background worker then lays out the French and
English PDFs (services/report_builds.py). A throw-away SQLite database gets the demo data; the
demo owner duplicates the demo's approved assessment (every module answered) --runs times per
level, submits each copy, the DPO gives a favourable opinion, then the decider's
`decide(..., "approve")` is timed, commit included: what the request spends beyond its routing
and templates. Then the worker's part is timed (`jobs.build_reports()`: both editions laid out
and stored), and, on other copies, the decision with the editions built in the request as
before (REPORTS_BUILT_IN_REQUEST). Level 3 repeats the users' texts until the report has three
times the words (report_sizes.py, calibrated as report_pdf.py does). Baselines measured in the
same run: the DPO's opinion on the same copy (a decision-sized write without editions) and one
French edition rendered alone (`render_pdf`). Goal (issue 20): the approval's request
<= 150 ms at the demo's size and <= 1 s at 3x.

    .venv/bin/python benchmarks/approval.py [--runs 7] [--levels 1 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, machine_line, migrated_app, sqlite_url, write_results
from report_sizes import ContentLevels, calibrate
from sqlalchemy import select

from riskassess import jobs, unit_of_work
from riskassess.extensions import db
from riskassess.jobs import seed_demo as seed
from riskassess.models import Assessment, User
from riskassess.services import review
from riskassess.services.assessments import submit
from riskassess.services.demo import USERS
from riskassess.services.duplicate import duplicate
from riskassess.services.reports import render_pdf

GOALS = {1: 0.150, 3: 1.0}


def user(role: str) -> User:
    return db.session.scalars(select(User).where(User.email == USERS[role][0])).one()


def prepared_copy(source: Assessment, repeats: int) -> Assessment:
    """A copy of the approved demo assessment, its texts at the level, submitted."""
    copy = duplicate(user("owner"), source)
    unit_of_work.commit()
    ContentLevels(copy).set(repeats)
    unit_of_work.commit()
    submit(user("owner"), copy)
    unit_of_work.commit()
    return copy


def committed(action) -> None:
    """A service's work and its commit, as the request does at its end."""
    action()
    unit_of_work.commit()


def timed(action) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    print(machine_line())
    results: dict = {"machine_start": machine(), "levels": {}}
    with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as folder:
        app = migrated_app(sqlite_url(Path(folder)), LOG_LEVEL="WARNING")
        with app.app_context():
            seed()
            source = db.session.scalars(
                select(Assessment).where(Assessment.status == "approved")).one()
            repeats = calibrate(ContentLevels(source), source, sorted(set(args.levels)))
            db.session.rollback()
            for level in sorted(set(args.levels)):
                runs: dict[str, list[float]] = {name: [] for name in (
                    "approval_s", "worker_s", "in_request_s", "opinion_s", "one_edition_s")}
                for run in range(args.runs + 1):  # the first is a warm-up
                    copy = prepared_copy(source, repeats[level])
                    opinion = timed(lambda c=copy: committed(lambda: review.advise(
                        user("dpo"), c, "give_opinion", "Avis favorable.",
                        justification="Benchmark.", opinion="favourable")))
                    edition = timed(lambda c=copy: render_pdf(c, "fr"))
                    app.config["REPORTS_BUILT_IN_REQUEST"] = False  # production's setting
                    approval = timed(lambda c=copy: committed(lambda: review.decide(
                        user("decider"), c, "approve", "")))
                    assert copy.status == "approved", copy.status
                    built = [0]
                    worker = timed(lambda b=built: b.__setitem__(0, jobs.build_reports()))
                    assert built[0] == 2 and len(copy.reports) == 2, built
                    other = prepared_copy(source, repeats[level])
                    committed(lambda o=other: review.advise(
                        user("dpo"), o, "give_opinion", "Avis favorable.",
                        justification="Benchmark.", opinion="favourable"))
                    app.config["REPORTS_BUILT_IN_REQUEST"] = True  # as before: both editions
                    in_request = timed(lambda c=other: committed(lambda: review.decide(
                        user("decider"), c, "approve", "")))
                    assert len(other.reports) == 2
                    if run:
                        for name, value in (("approval_s", approval), ("worker_s", worker),
                                            ("in_request_s", in_request),
                                            ("opinion_s", opinion), ("one_edition_s", edition)):
                            runs[name].append(value)
                figures = {name: statistics.median(values) for name, values in runs.items()}
                figures["approval_to_edition"] = figures["approval_s"] / figures["one_edition_s"]
                results["levels"][str(level)] = figures
                goal = GOALS.get(level)
                verdict = "" if goal is None else (
                    f" — goal {goal * 1000:.0f} ms: "
                    f"{'meets' if figures['approval_s'] <= goal else 'below'}")
                ms = {name: round(value * 1000) for name, value in figures.items()}
                print(f"level {level}x ({args.runs} runs, medians): approval's request "
                      f"{ms['approval_s']} ms{verdict}; then the worker lays out both editions "
                      f"in {ms['worker_s']} ms; editions built in the request instead: "
                      f"{ms['in_request_s']} ms; DPO's opinion {ms['opinion_s']} ms; one "
                      f"edition alone {ms['one_edition_s']} ms (request = "
                      f"{figures['approval_to_edition']:.2f} editions)")
            db.session.remove()
            db.engine.dispose()
    results["machine_end"] = machine()
    print(machine_line().replace("at the start", "at the end"))
    print(f"figures written to {write_results('approval', results)}")


if __name__ == "__main__":
    main()
