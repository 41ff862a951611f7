"""Benchmark: list pages with 1 000 and with 100 000 assessments.

For each size, a fresh database (SQLite in a temporary folder; also PostgreSQL, in a schema of
its own, when RISKASSESS_BENCH_DATABASE_URL is set) is built by the migrations and filled in
bulk (benchmarks/scale_data.py: statuses in realistic proportions, 200 owners, a report per
approved assessment, two audit events per assessment). Then, in-process through the Flask test
client (no network, request logging off), the median time of:
  * review     the DPO's queue, /review (pending and other assessments, a page of each);
  * approved   the auditor's list of approved assessments, /approved;
  * audit      the audit trail, /audit (with the list of actions for its filter);
  * index      the administrator's assessments, /assessments;
  * owner index  an owner's assessments, /assessments (the owner has 40 at both sizes);
  * dashboard  the DPO's dashboard, /dashboard (counts from the tally, short lists by index);
  * dashboard aud  the auditor's (approved and archived assessments only);
  * register   the register of processing activities (as many records as assessments), and
               its records that need a DPIA and have none;
and, for information, the 10th page of the lists, a list filtered by conclusion and AI Act
tier, one sorted by highest risk, and a full-text search (a word in a quarter of them: the
matches grow with the table, so this one cannot stay flat). Requests to the two sizes take turns, so
background load on the machine falls on both alike. Prints the medians (wall clock) at both
sizes, their ratio (target ≤ 1.5 for first pages: no query grows with the table) and the ratio
of the CPU time spent in this process (the database's too with SQLite), the SQL statements
per request, and the cost of the former unpaginated query (every visible row, as /review read
them before); writes benchmarks/results/scale.json.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 100000] [--runs 30] [--explain]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from common import databases, machine, machine_line, migrated_app, summary, write_results
from scale_data import populate
from sqlalchemy import event, text

from riskassess.extensions import db
from riskassess.models import User
from riskassess.services import lists
from riskassess.services.assessments import visible_to

TARGET_RATIO = 1.5
PAGES = {  # name: (persona, URL, counts for the target)
    "review": ("dpo", "/review", True),
    "approved": ("auditor", "/approved", True),
    "audit": ("auditor", "/audit", True),
    "index": ("admin", "/assessments", True),
    "review p10": ("dpo", "/review?others_page=10", False),
    "approved p10": ("auditor", "/approved?page=10", False),
    "audit p10": ("auditor", "/audit?page=10", False),
    "owner index": ("owner", "/assessments", True),
    "dashboard": ("dpo", "/dashboard", True),
    "dashboard aud": ("auditor", "/dashboard", True),
    "by outcome": ("admin", "/assessments?conclusion=to_improve&tier=high", False),
    "risk first": ("admin", "/assessments?sort=risk", False),
    "search": ("admin", "/assessments?q=biom%C3%A9trie", False),
    "register": ("dpo", "/register", True),
    "register p10": ("dpo", "/register?page=10", False),
    "needs DPIA": ("dpo", "/register?needs=dpia", True),
}


def client_for(app, user_id: int):
    """A test client logged in as the user (the session names the user and their session
    token, as a login would)."""
    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    return client


class StatementCounter:
    """SQL statements sent by one application's engine."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def time_page(built: dict, persona: str, url: str, runs: int, warmup: int = 3) -> dict:
    """Requests to `url` at every size in turn (so that both sizes meet the same background
    load): wall and CPU time of each, and the statements of the last one."""
    clients = {size: client_for(b["app"], b["people"][persona]) for size, b in built.items()}
    counters = {size: StatementCounter(b["app"]) for size, b in built.items()}
    wall: dict[int, list[float]] = {size: [] for size in built}
    cpu: dict[int, list[float]] = {size: [] for size in built}
    statements = {}
    try:
        for i in range(warmup + runs):
            for size, client in clients.items():
                counters[size].count = 0
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed, elapsed_cpu = (time.perf_counter() - start,
                                        time.process_time() - start_cpu)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} with {size} assessments: HTTP "
                                       f"{response.status_code}")
                statements[size] = counters[size].count
                if i >= warmup:
                    wall[size].append(elapsed)
                    cpu[size].append(elapsed_cpu)
    finally:
        for counter in counters.values():
            counter.close()
    return {size: {**summary(wall[size]), "cpu_median_s": statistics.median(cpu[size]),
                   "statements": statements[size], "url": url} for size in built}


def time_unpaginated(app, user_id: int, runs: int = 3) -> dict:
    """The former /review query: every assessment the DPO may see, as ORM objects."""
    durations, cpu, rows = [], [], 0
    for _ in range(runs):
        with app.app_context():
            user = db.session.get(User, user_id)
            start, start_cpu = time.perf_counter(), time.process_time()
            rows = len(visible_to(user))
            durations.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            db.session.remove()
    return {**summary(durations), "cpu_median_s": statistics.median(cpu), "rows": rows}


def explain(app, user_id: int, label: str) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, statuses in (("pending", lists.PENDING), ("others", lists.NOT_PENDING),
                               ("approved", ("approved",))):
            query = lists.visible_query(user, statuses).limit(26)
            sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
            prefix = "EXPLAIN QUERY PLAN " if db.engine.name == "sqlite" else "EXPLAIN "
            plan = db.session.execute(text(prefix + sql)).all()
            print(f"[{label}] {name}:", *(" ".join(str(c) for c in row) for row in plan),
                  sep="\n    ")
        db.session.remove()


def build(url: str, size: int) -> dict:
    app = migrated_app(url, LOG_LEVEL="WARNING")
    with app.app_context():
        start = time.perf_counter()
        people = populate(size)
        if db.engine.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # what autovacuum does after a bulk load
            db.session.commit()
        loaded = time.perf_counter() - start
        db.session.remove()
    return {"app": app, "people": people, "load_s": loaded}


def measure(built: dict, runs: int, show_plans: bool, label: str) -> dict:
    if show_plans:
        for size, b in built.items():
            explain(b["app"], b["people"]["dpo"], f"{label} {size}")
    pages = {name: time_page(built, persona, page_url, runs)
             for name, (persona, page_url, _target) in PAGES.items()}
    figures = {}
    for size, b in built.items():
        figures[size] = {"load_s": b["load_s"],
                         "pages": {name: pages[name][size] for name in PAGES}}
        figures[size]["pages"]["unpaginated"] = time_unpaginated(b["app"], b["people"]["dpo"])
    return figures


def report(label: str, sizes: list[int], figures: dict) -> dict:
    small, large = (figures[s]["pages"] for s in sizes)
    print(f"\n{label}: median per request, {sizes[0]} vs {sizes[1]} assessments (bulk load "
          f"{figures[sizes[0]]['load_s']:.1f} s and {figures[sizes[1]]['load_s']:.1f} s)")
    print(f"{'page':<13} {f'{sizes[0]} ms':>9} {f'{sizes[1]} ms':>10} {'ratio':>6} "
          f"{'cpu ratio':>9} {'queries':>8}  target ≤ {TARGET_RATIO}")
    ratios = {}
    for name in [*PAGES, "unpaginated"]:
        a, b = small[name], large[name]
        ratio = ratios[name] = b["median_s"] / a["median_s"]
        cpu_ratio = b["cpu_median_s"] / a["cpu_median_s"]
        target = PAGES.get(name, (None, None, False))[2]
        verdict = ("ok" if ratio <= TARGET_RATIO else "MISSED") if target else "(info)"
        queries = (f"{a['statements']}/{b['statements']}" if "statements" in a else
                   f"{a['rows']}/{b['rows']} rows")
        print(f"{name:<13} {1000 * a['median_s']:>9.2f} {1000 * b['median_s']:>10.2f} "
              f"{ratio:>6.2f} {cpu_ratio:>9.2f} {queries:>8}  {verdict}")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the list query plans")
    args = parser.parse_args()
    print(machine_line())
    results: dict = {"sizes": args.sizes, "target_ratio": TARGET_RATIO, "machine": machine(),
                     "databases": {}}
    with tempfile.TemporaryDirectory(prefix="riskassess-scale-") as folder:
        for label, database in databases(Path(folder)):
            with contextlib.ExitStack() as stack:
                built = {size: build(stack.enter_context(database(f"s{size}")), size)
                         for size in args.sizes}
                figures = measure(built, args.runs, args.explain, label)
                for b in built.values():
                    with b["app"].app_context():
                        db.engine.dispose()
            ratios = report(label, args.sizes, figures)
            results["databases"][label] = {"figures": figures, "ratios": ratios}
    out = write_results("scale", results)
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
