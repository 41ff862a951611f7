"""Benchmark: scoring a complete assessment (the risk profile computed on every page view).

Loads the demo into a temporary SQLite database and takes its most complete assessment (the
most answers). Measures, per call, over --runs calls after a warm-up:
  * empty      core.risk_profile.build_profile on no answers at all (the baseline: the fixed cost of
               walking the catalogue);
  * core       build_profile on the complete assessment's answers and measurements;
  * service    services.assessments.profile(assessment), as the pages call it (catalogue and
               questionnaire of the assessment's version, its answers, then build_profile);
  * to_dict    the profile's JSON form (the API, `score --json`), for information.
The calls take turns, so background load falls on all alike. Prints the median, p90 and
minimum wall time, the median CPU time, the ratio to the baseline, and writes
benchmarks/results/scoring.json.

    .venv/bin/python benchmarks/scoring.py [--runs 300]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, machine_line, migrated_app, sqlite_url, summary, write_results
from sqlalchemy import func, select

from riskassess.core.risk_profile import build_profile, to_dict
from riskassess.extensions import db
from riskassess.jobs import seed_demo as seed
from riskassess.models import Answer, Assessment
from riskassess.services import assessments
from riskassess.services.catalogue import catalogue_for, questionnaire_for


def timed(functions: dict, runs: int, warmup: int) -> dict:
    """Wall and CPU time of each call, the functions taking turns (so that background load on
    the machine falls on all of them alike)."""
    wall: dict[str, list[float]] = {name: [] for name in functions}
    cpu: dict[str, list[float]] = {name: [] for name in functions}
    for i in range(warmup + runs):
        for name, function in functions.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            if i >= warmup:
                wall[name].append(elapsed)
                cpu[name].append(elapsed_cpu)
    return {name: {**summary(wall[name]), "cpu_median_s": statistics.median(cpu[name])}
            for name in functions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    start_machine = machine()
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="riskassess-scoring-") as folder:
        app = migrated_app(sqlite_url(Path(folder)), LOG_LEVEL="WARNING")
        with app.app_context():
            seed()
            answered = func.count(Answer.id)
            assessment_id, count = db.session.execute(
                select(Assessment.id, answered).join(Answer).group_by(Assessment.id)
                .order_by(answered.desc(), Assessment.id)).first()
            assessment = db.session.get(Assessment, assessment_id)
            catalogue, questionnaire = catalogue_for(assessment), questionnaire_for(assessment)
            answers, measurements = assessment.answer_values(), assessment.latest_measurements()
            profile = assessments.profile(assessment)
            rows = timed({
                "empty": lambda: build_profile(catalogue, questionnaire, {}, {}),
                "core": lambda: build_profile(catalogue, questionnaire, answers, measurements),
                "service": lambda: assessments.profile(assessment),
                "to_dict": lambda: to_dict(profile, "fr"),
            }, args.runs, args.warmup)
            facts = {"assessment_id": assessment_id, "title": assessment.title,
                     "status": assessment.status, "answers": count,
                     "questions": len(questionnaire.questions),
                     "risks": len(profile.risks.risks),
                     "reasons": sum(len(r.reasons) for r in profile.risks.risks)}
            db.session.remove()
            db.engine.dispose()
    baseline = rows["empty"]["median_s"]
    print(f"most complete demo assessment: #{facts['assessment_id']} « {facts['title']} » "
          f"({facts['status']}), {facts['answers']} answers of {facts['questions']} questions, "
          f"{facts['risks']} risks, {facts['reasons']} reasons; {args.runs} runs each")
    print(f"{'call':<9} {'median ms':>10} {'p90 ms':>8} {'min ms':>8} {'CPU ms':>8} "
          f"{'x empty':>8}")
    for name, row in rows.items():
        row["ratio_to_empty"] = row["median_s"] / baseline
        print(f"{name:<9} {1000 * row['median_s']:>10.3f} {1000 * row['p90_s']:>8.3f} "
              f"{1000 * row['min_s']:>8.3f} {1000 * row['cpu_median_s']:>8.3f} "
              f"{row['ratio_to_empty']:>8.2f}")
    out = write_results("scoring", {"assessment": facts, "runs": args.runs,
                                        "machine": start_machine, "calls": rows})
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
