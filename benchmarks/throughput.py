"""Benchmark: throughput and latency of riskassess pages served by gunicorn, against a bare Flask
endpoint served by the same gunicorn configuration in the same run.

A temporary SQLite database gets the demo data; gunicorn serves riskassess.wsgi:app with the
options of scripts/serve.sh (RISKASSESS_ENV=production: JSON request logs, to a file here) and,
beside it, benchmarks/bare_app.py (a Flask app answering "ok"). A load generator on the
standard library (benchmarks/loadgen.py) keeps 16 connections busy, logged in as the demo
owner, on:
  * bare        GET /ok of the bare app (the baseline);
  * assessment  GET /assessments/<id> of the demo's most complete assessment (the approved
                one: verdict, risk map, risk table with reasons);
  * wizard      GET /assessments/<id>/modules/<module> of the demo draft, on its largest module;
  * bell        GET /notifications/unread.json, the lightest logged-in request (session, user,
                one COUNT, 13 bytes of JSON, no template): the floor of any page of the
                application, measured so that the goals can be read against it.
Each page is rendered on every request (the risk profile comes from the per-process memo,
services/profile_memo.py, as it does between two changes of the assessment); the goals of
issue 20 are 0.15 of the bare endpoint's throughput for the assessment page and 0.25 for the
wizard step.
Each target is measured for --duration seconds after a --warmup, in --rounds interleaved rounds.
Prints requests per second, p50/p99 latency, the ratio to the bare endpoint, and the CPU used by
the server and by the generator itself (in cores: if the two add up to the machine's cores, the
machine, not the application, is the limit); writes benchmarks/results/throughput.json.

    .venv/bin/python benchmarks/throughput.py [--workers N] [--threads N] [--duration 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import loadgen
from common import (
    SECRET_KEY,
    audit_keyring,
    machine,
    machine_line,
    migrated_app,
    percentile,
    sqlite_url,
    write_results,
)
from gunicorn_server import Gunicorn, default_workers
from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.jobs import seed_demo as seed
from riskassess.models import Answer, Assessment
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.demo import PASSWORD, USERS

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TARGET_RATIOS = {"assessment": 0.15, "wizard": 0.25}  # issue 20, rendered pages


def prepare(url: str, keyring: Path) -> dict[str, str]:
    """Demo data; the paths of the assessment page and of the wizard step to load."""
    app = migrated_app(url, LOG_LEVEL="WARNING", AUDIT_KEY_FILE=str(keyring))
    with app.app_context():
        seed()
        answered = func.count(Answer.id)
        complete = db.session.execute(
            select(Assessment.id, answered).join(Answer).group_by(Assessment.id)
            .order_by(answered.desc(), Assessment.id)).first()
        draft = db.session.scalar(select(Assessment).where(Assessment.status == "draft"))
        module = max(questionnaire_for(draft).modules, key=lambda m: len(m.questions))
        paths = {"assessment": f"/assessments/{complete[0]}",
                 "wizard": f"/assessments/{draft.id}/modules/{module.id}",
                 "answers": str(complete[1]), "module_questions": str(len(module.questions))}
        db.session.remove()
        db.engine.dispose()
    return paths


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _get(connection, path: str, jar: dict[str, str]) -> tuple[int, str]:
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    _cookies(response, jar)
    return response.status, body


def login(port: int, email: str) -> str:
    """The Cookie header of a logged-in session (the welcome message already shown)."""
    jar: dict[str, str] = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _status, page = _get(connection, "/login", jar)
    token = CSRF.search(page).group(1)
    connection.request("POST", "/login", body=urlencode(
        {"csrf_token": token, "email": email, "password": PASSWORD}),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    response = connection.getresponse()
    response.read()
    _cookies(response, jar)
    if response.status != 302:
        raise RuntimeError(f"login failed: HTTP {response.status}")
    _get(connection, "/assessments", jar)  # consumes the flashed welcome
    connection.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def measure(server: Gunicorn | None, port: int, path: str, headers: dict, args) -> dict:
    cpu: list[float] = []

    def sample(begin: float, end: float) -> None:
        for moment in (begin, end):
            delay = moment - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            cpu.append(server.cpu_seconds())

    result = loadgen.run("127.0.0.1", port, path, headers, connections=args.connections,
                         processes=args.processes, warmup=args.warmup,
                         duration=args.duration, on_window=sample)
    return {"latencies": result.latencies, "errors": result.errors, "seconds": result.seconds,
            "generator_cpu_s": result.generator_cpu_s, "server_cpu_s": cpu[1] - cpu[0]}


def combine(parts: list[dict]) -> dict:
    latencies = sorted(x for p in parts for x in p["latencies"])
    seconds = sum(p["seconds"] for p in parts)
    return {
        "requests": len(latencies), "errors": sum(p["errors"] for p in parts),
        "seconds": seconds, "requests_per_s": len(latencies) / seconds,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "server_cores": sum(p["server_cpu_s"] for p in parts) / seconds,
        "generator_cores": sum(p["generator_cpu_s"] for p in parts) / seconds,
        "server_cpu_ms_per_request": 1000 * sum(p["server_cpu_s"] for p in parts)
        / max(1, len(latencies)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="gunicorn workers (default: scripts/serve.sh's CPUs + 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per round")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    start_machine = machine()
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as folder:
        url = sqlite_url(Path(folder))
        keyring = audit_keyring(Path(folder))
        paths = prepare(url, keyring)
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "RISKASSESS_ENV": "production",
               "RISKASSESS_AUDIT_KEY_FILE": str(keyring)}
        app_server = Gunicorn("riskassess.wsgi:app", Path(folder) / "app.log", env,
                              args.workers, args.threads)
        bare_server = Gunicorn("bare_app:app", Path(folder) / "bare.log", env, args.workers,
                               args.threads, ready_path="/ok")
        with app_server, bare_server:
            cookie = {"Cookie": login(app_server.port, USERS["owner"][0])}
            targets = {"bare": (bare_server, "/ok", {}),
                       "bell": (app_server, "/notifications/unread.json", cookie),
                       "assessment": (app_server, paths["assessment"], cookie),
                       "wizard": (app_server, paths["wizard"], cookie)}
            parts: dict[str, list[dict]] = {name: [] for name in targets}
            for _round in range(args.rounds):
                for name, (server, path, headers) in targets.items():
                    parts[name].append(measure(server, server.port, path, headers, args))
    rows = {name: combine(p) for name, p in parts.items()}
    bare = rows["bare"]["requests_per_s"]
    for name, row in rows.items():
        row["path"] = targets[name][1]
        row["ratio_to_bare"] = row["requests_per_s"] / bare
    print(f"gunicorn: {args.workers} workers × {args.threads} thread(s); {args.connections} "
          f"connections from {args.processes} generator processes; {os.cpu_count()} CPUs; "
          f"{args.rounds} round(s) × {args.duration:g} s per target after {args.warmup:g} s "
          f"warm-up")
    print(f"{'target':<19} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7} "
          f"{'srv CPU ms/req':>14} {'srv cores':>9} {'gen cores':>9} {'errors':>6}")
    for name, row in rows.items():
        print(f"{name:<19} {row['requests_per_s']:>8.1f} {row['p50_ms']:>8.1f} "
              f"{row['p99_ms']:>8.1f} {row['ratio_to_bare']:>7.3f} "
              f"{row['server_cpu_ms_per_request']:>14.2f} {row['server_cores']:>9.2f} "
              f"{row['generator_cores']:>9.2f} {row['errors']:>6}")
    for name, target in TARGET_RATIOS.items():
        ratio = rows[name]["ratio_to_bare"]
        verdict = "meets" if ratio >= target else "below"
        print(f"{name}: {ratio:.3f} of the bare endpoint's throughput ({verdict} the "
              f"{target} goal); {rows[name]['path']}")
    out = write_results("throughput", {
        "config": {**vars(args), "machine": start_machine, "target_ratios": TARGET_RATIOS,
                   "complete_assessment_answers": paths["answers"],
                   "wizard_module_questions": paths["module_questions"]},
        "targets": rows})
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
