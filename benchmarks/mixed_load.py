"""Benchmark: a mixed load that looks like an organisation at work.

50 people on 200 assessments, reading, autosaving, commenting, listing and downloading at once,
per database (SQLite in a temporary folder; PostgreSQL too, in a schema of its own, when
RISKASSESS_BENCH_DATABASE_URL is set). After the migrations and the demo, the app's services
add people of the demo's organisation (at --users 50: 44 owners, 3 DPOs, 1 decider, 2
auditors, the demo's among them) and assessments up to --assessments, owned in turn by the
owners, with the demo's answers, through the real workflow: 1/3 drafts, 1/3 approved (DPO's
adjustment and opinion, decider's approval, PDF reports laid out), 2/9 submitted, 1/9 sent
back. gunicorn serves riskassess.wsgi:app with scripts/serve.sh's options (production, JSON
request log to a file) and benchmarks/bare_app.py in the same configuration. Each person logs
in once, then works (benchmarks/mixed_actions.py), thinking between actions drawn with these
shares (MIX; what a role cannot do, or has nothing to do it on, is left out):

    assessment  25 %  GET /assessments/<id>: owners their own; DPOs and the decider any
                      submitted or decided one; auditors approved ones
    wizard      20 %  GET /assessments/<id>/modules/<step> (owners: of their drafts)
    autosave    20 %  owners: a step of their drafts posted with X-Autosave (nobody else
                      writes them: a 409 would be a real conflict, counted apart)
    list        15 %  /assessments filtered, sorted or searched; /approved
    queue        5 %  owners /notifications; DPOs and the decider /review; auditors /audit
    dashboard    5 %  /dashboard; owners, who have none, /actions
    comment      5 %  POST /assessments/<id>/comments (owners on their open ones, DPOs and
                      the decider on those in review), then the page it redirects to
    download     5 %  GET /assessments/<id>/report.pdf of an approved assessment
    (bell)            /notifications/unread.json, fetched by every HTML page

Measured for --duration s after --warmup s; then the bare endpoint (GET /ok) under as many
connections, no think time. Prints per action: share of the requests (the pages an action
leads to count in their rows), requests/s, client p50/p95/p99, server p99 (request log: the
rest is time queued for a worker), 409s, errors by status, "meets"/"below" for the goal
p99 < 100 ms at 50 users on 2 cores; the total against the bare endpoint; CPU of server,
generator and whole machine; the paths slowest on the server; its 5xx and exceptions; the
load average at start and end. Writes benchmarks/results/mixed_load.json and the server logs
(mixed_load_<database>.log) there.

    .venv/bin/python benchmarks/mixed_load.py [--users 50] [--assessments 200] [--duration 30]
        [--warmup 5] [--think 1.25 (0: saturation)] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import common
import mixed_actions
from common import RESULTS, percentile
from gunicorn_server import Gunicorn, default_workers
from sqlalchemy import func, select
from throughput import combine, measure

from riskassess import jobs, unit_of_work
from riskassess.core.answers import visible_question_ids
from riskassess.core.question_types import MEASURE_STATUSES
from riskassess.extensions import db
from riskassess.models import Assessment, OutboxMessage, User
from riskassess.pagination import PAGE_SIZE
from riskassess.services import assessments, demo, review, users
from riskassess.services.catalogue import catalogue, default_questionnaire

MIX = {"assessment": 25, "wizard": 20, "autosave": 20, "list": 15, "queue": 5,
       "dashboard": 5, "comment": 5, "download": 5}  # % of a person's actions
GOAL_P99_MS = 100
STATUS_ROUND = ("draft", "approved", "submitted", "draft", "approved", "changes_requested",
                "draft", "approved", "submitted")  # the statuses, in turn
FLOW = {"approved": "bank_fraud", "submitted": "retail_recommendation",
        "changes_requested": "cv_screening"}  # the demo answers each status starts from
SITES = ("Lyon", "Nantes", "Lille", "Bordeaux", "Rennes", "Paris", "Marseille", "Toulouse")
READER_LISTS = ["/assessments?status=submitted", "/assessments", "/approved",
                "/assessments?sort=risk", "/assessments?q=fraude", "/assessments?page=2"]
PAGES = {  # role: (list, queue, dashboard)
    "owner": (["/assessments", "/assessments?status=draft", "/assessments?sort=risk",
               "/assessments?q=donn%C3%A9es"], "/notifications", "/actions"),
    "dpo": (READER_LISTS, "/review", "/dashboard"),
    "decider": (READER_LISTS, "/review", "/dashboard"),
    "auditor": (["/approved", "/approved?page=2", "/approved?q=fraude"], "/audit",
                "/dashboard")}


def team(size: int) -> dict[str, int]:
    """People by role: about 6 % DPOs, 4 % auditors, one decider, owners for the rest."""
    dpos, auditors = max(1, round(size * 0.06)), max(1, round(size * 0.04))
    return {"owner": max(1, size - dpos - auditors - 1), "dpo": dpos, "decider": 1,
            "auditor": auditors}


def _assessment(i: int, status: str, owner: User, dpo: User, decider: User) -> None:
    """One assessment taken to `status` as demo.seed takes the demo's."""
    specs = {spec[0]: spec for spec in demo.ASSESSMENTS}
    template_id = FLOW.get(status) or list(specs)[i % len(specs)]
    _template, title, description, answers, decision = specs[template_id]
    made = assessments.create(owner, f"{title} — {SITES[i % len(SITES)]} {i + 1}", description,
                              catalogue().templates[template_id].sector, template_id)
    assessments.import_answers(made, answers)
    if status != "draft":
        assessments.submit(owner, made)
    if status in ("draft", "submitted"):
        return
    for risk_id, severity, likelihood, why in demo.DPO_LEVELS.get(template_id, ()):
        review.adjust(dpo, made, risk_id, severity, likelihood, why)
    action, text, *opinion = decision
    review.advise(dpo, made, action, text, opinion=opinion[0] if opinion else "")
    if opinion:
        review.decide(decider, made, opinion[1], "")


def _typable(values: dict, questionnaire) -> dict[str, list[str]]:
    """By step, the text fields an autosave may change: a text question shown and not
    answered "I don't know", a measure's description once the measure has a status."""
    shown, fields = visible_question_ids(questionnaire, values), {}
    for module in questionnaire.modules:
        for q in (q for q in module.questions if q.id in shown):
            value = values.get(q.id)
            if q.is_measure and isinstance(value, dict) \
                    and value.get("status") in MEASURE_STATUSES:
                fields.setdefault(module.id, []).append(f"{q.id}__description")
            elif q.kind.free_text and not isinstance(value, dict):
                fields.setdefault(module.id, []).append(q.id)
    return fields


def populate(size: int, total: int) -> list[dict]:
    """The organisation (inside an app context); returns the plan of each person."""
    jobs.seed_demo()
    people: dict[str, list[User]] = {}
    for role, wanted in team(size).items():
        people[role] = [db.session.scalar(select(User).where(User.email == demo.USERS[role][0]))]
        people[role] += [users.create_user(f"{role}{k}@demo.riskassess.test", f"{role} {k}",
                                           role, demo.ORGANISATION, demo.PASSWORD)
                         for k in range(2, wanted + 1)]
    owners, dpos = people["owner"], people["dpo"]
    for i in range(max(0, total - db.session.scalar(select(func.count(Assessment.id))))):
        turn = i // len(owners) + i % len(owners)  # each owner's go round the statuses
        _assessment(i, STATUS_ROUND[turn % len(STATUS_ROUND)], owners[i % len(owners)],
                    dpos[i % len(dpos)], people["decider"][0])
    unit_of_work.commit()
    while jobs.build_reports(100):  # the worker's part: every approval's editions laid out
        pass
    db.session.execute(OutboxMessage.__table__.delete())  # no mail is sent here
    db.session.commit()
    rows = db.session.execute(select(Assessment.id, Assessment.owner_id, Assessment.status)
                              .order_by(Assessment.id)).all()
    status = {a: s for a, _o, s in rows}
    questionnaire = default_questionnaire()
    plans = []
    for role, members in people.items():
        for person in members:
            read = [a for a, owner, s in rows if owner == person.id] if role == "owner" else [
                a for a, _o, s in rows if s != "draft" and (role != "auditor" or s == "approved")]
            lists, queue, dashboard = PAGES[role]
            lists = [p for p in lists if "page=2" not in p or len(read) > PAGE_SIZE]
            edit = [a for a in read if role == "owner"
                    and status[a] in ("draft", "changes_requested")]
            plan = {"email": person.email, "role": role, "assessment": read,
                    "wizard": edit or read, "modules": [m.id for m in questionnaire.modules],
                    "autosave": {a: steps for a in edit if (steps := _typable(
                        db.session.get(Assessment, a).answer_values(), questionnaire))},
                    "comment": [a for a in read if role != "auditor"
                                and status[a] not in ("approved", "rejected", "archived")],
                    "download": [a for a in read if status[a] == "approved"],
                    "list": lists, "queue": [queue], "dashboard": [dashboard]}
            plan["weights"] = {a: w if plan[a] else 0 for a, w in MIX.items()}
            plans.append(plan)
    return plans


def _cpu_ticks() -> list[int]:
    """All and idle (+ iowait) CPU ticks of the machine, every process included."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return [sum(ticks), ticks[3] + ticks[4]]


def _load(label: str, log_path: Path, env: dict, plans: list[dict], folder: Path, args):
    """The mixed load, then the bare endpoint at saturation in the same configuration; the
    server's CPU time and log size at the edges of the mixed window."""
    with Gunicorn("riskassess.wsgi:app", log_path, env, args.workers, args.threads) as app_srv, \
            Gunicorn("bare_app:app", folder / f"{label}-bare.log", env, args.workers,
                     args.threads, ready_path="/ok") as bare_srv:
        mixed_actions.log_in(app_srv.port, plans)
        edges: list[tuple[float, int, list[int]]] = []

        def sample(begin: float, end: float) -> None:
            for moment in (begin, end):
                time.sleep(max(0.0, moment - time.perf_counter()))
                edges.append((app_srv.cpu_seconds(), log_path.stat().st_size, _cpu_ticks()))

        mixed = mixed_actions.run(plans, app_srv.port, args.think, args.warmup, args.duration,
                                  args.processes, on_window=sample)
        bare = combine([measure(bare_srv, bare_srv.port, "/ok", {}, argparse.Namespace(
            connections=args.users, processes=args.processes, warmup=args.warmup,
            duration=args.duration))])
    return mixed, bare, edges


def run_database(label: str, url: str, folder: Path, args) -> dict:
    began = time.perf_counter()
    keyring = common.audit_keyring(folder)  # the audit chain's keys, setup and server
    app = common.migrated_app(url, LOG_LEVEL="WARNING", AUDIT_KEY_FILE=str(keyring))
    with app.app_context():
        plans = populate(args.users, args.assessments)
        statuses = dict(db.session.execute(select(Assessment.status, func.count())
                                           .group_by(Assessment.status)).all())
        db.session.remove()
        db.engine.dispose()
    setup_s = time.perf_counter() - began
    env = {"DATABASE_URL": url, "SECRET_KEY": common.SECRET_KEY, "RISKASSESS_ENV": "production",
           "RISKASSESS_AUDIT_KEY_FILE": str(keyring)}
    log_path = folder / f"{label}-app.log"
    try:
        mixed, bare, edges = _load(label, log_path, env, plans, folder, args)
    finally:  # kept to be read, also when gunicorn did not start
        if log_path.exists():
            shutil.copy(log_path, RESULTS / f"mixed_load_{label}.log")
    served, paths, problems = mixed_actions.server_log(log_path, edges[0][1], edges[1][1])
    found = {name: mixed["actions"].get(name, {"latencies": [], "conflicts": 0, "errors": {}})
             for name in [*MIX, "bell"]}
    done = {name: len(r["latencies"]) + r["conflicts"] + sum(r["errors"].values())
            for name, r in found.items()}
    rows = {name: {"requests": done[name], "requests_per_s": done[name] / args.duration,
                   "share": done[name] / max(1, sum(done[a] for a in MIX)),
                   **{f"p{q}_ms": 1000 * percentile(r["latencies"], q / 100) for q in (50, 95, 99)},
                   "server_p99_ms": percentile(served.get(name, []), 0.99),
                   "conflicts": r["conflicts"], "errors": dict(r["errors"])}
            for name, r in found.items()}
    for row in rows.values():
        row["goal"] = ("n/a" if row["requests"] == row["conflicts"] + sum(row["errors"].values())
                       else "meets" if row["p99_ms"] < GOAL_P99_MS else "below")
    slowest = sorted(((percentile(v, 0.99), percentile(v, 0.5), len(v), k)
                      for k, v in paths.items()), reverse=True)[:6]
    return {"setup_s": setup_s, "statuses": statuses, "rows": rows, "bare": bare,
            "requests_per_s": sum(done.values()) / args.duration,
            "server_cores": (edges[1][0] - edges[0][0]) / args.duration,
            "machine_busy": 1 - (edges[1][2][1] - edges[0][2][1]) / max(
                1, edges[1][2][0] - edges[0][2][0]),
            "generator_cores": mixed["generator_cpu_s"] / args.duration,
            "slowest_paths": [{"path": k, "server_p99_ms": p99, "server_p50_ms": p50,
                               "requests": n} for p99, p50, n, k in slowest],
            "error_samples": mixed["samples"], "server_problems": problems[:30]}


def report(label: str, result: dict, args) -> None:
    print(f"\n== {label}: {args.users} people {team(args.users)} on "
          f"{sum(result['statuses'].values())} assessments {result['statuses']}; data built "
          f"in {result['setup_s']:.0f} s")
    print(f"{'action':<11} {'share':>6} {'n':>5} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'srv p99':>7} {'409':>4} {'errors':>8}  p99 < {GOAL_P99_MS} ms")
    for name, row in result["rows"].items():
        errors = ",".join(f"{n}×{s}" for s, n in row["errors"].items()) or "0"
        share = f"{row['share']:.1%}" if name in MIX else "-"
        print(f"{name:<11} {share:>6} {row['requests']:>5} {row['requests_per_s']:>6.1f} "
              f"{row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} "
              f"{row['server_p99_ms']:>7.1f} {row['conflicts']:>4} {errors:>8}  {row['goal']}")
    goal = {v: [n for n, row in result["rows"].items() if row["goal"] == v] for v in
            ("meets", "below")}
    print(f"goal p99 < {GOAL_P99_MS} ms: met by {len(goal['meets'])} of "
          f"{len(goal['meets'] + goal['below'])} actions; below: {', '.join(goal['below']) or '-'}")
    bare = result["bare"]
    print(f"all requests {result['requests_per_s']:.1f}/s = "
          f"{result['requests_per_s'] / bare['requests_per_s']:.3f} of the bare endpoint's "
          f"{bare['requests_per_s']:.0f}/s (p50 {bare['p50_ms']:.1f} ms, p99 "
          f"{bare['p99_ms']:.1f} ms; {args.users} connections, no think time); server "
          f"{result['server_cores']:.2f} cores, generator {result['generator_cores']:.2f}, "
          f"machine busy {result['machine_busy']:.0%} (every process, the database's too)")
    print("slowest on the server (p99/p50 ms, requests): " + "; ".join(
        f"{s['path']} {s['server_p99_ms']:.0f}/{s['server_p50_ms']:.0f} ({s['requests']})"
        for s in result["slowest_paths"]))
    for line in result["error_samples"][:5] + result["server_problems"][:8]:
        print(f"  ! {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag, default, text in (
            ("--users", 50, "people at work"), ("--assessments", 200, "in all"),
            ("--duration", 30.0, "seconds measured"), ("--warmup", 5.0, "seconds before"),
            ("--think", 1.25, "mean think time, s (uniform 0.4-1.6x); 0: saturation"),
            ("--workers", default_workers(), "gunicorn workers (scripts/serve.sh: CPUs + 1)"),
            ("--threads", 1, "threads per worker (1: sync)"),
            ("--processes", 2, "load generator processes")):
        parser.add_argument(flag, type=type(default), default=default, help=text)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    start = common.machine()
    print(common.machine_line())
    print(f"gunicorn: {args.workers} workers × {args.threads} thread(s); think "
          f"{0.4 * args.think:g}-{1.6 * args.think:g} s; {args.warmup:g} s warm-up, "
          f"{args.duration:g} s measured")
    RESULTS.mkdir(exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="riskassess-mixed-") as folder:
        for label, factory in common.databases(Path(folder)):
            if label in args.databases.split(","):
                with factory("mixed") as url:
                    results[label] = run_database(label, url, Path(folder), args)
                report(label, results[label], args)
    end = common.machine()
    print(f"\nload average {' '.join(map(str, start['load_average']))} at the start, "
          f"{' '.join(map(str, end['load_average']))} at the end (1, 5, 15 min; "
          f"{end['cpus']} CPUs)")
    out = common.write_results("mixed_load", {"config": {
        **vars(args), "mix": MIX, "team": team(args.users), "goal_p99_ms": GOAL_P99_MS,
        "machine_start": start, "machine_end": end}, "databases": results})
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
