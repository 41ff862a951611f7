"""50 simulated owners answering and saving at once for RISKASSESS_LOAD_SECONDS (60 s) through
gunicorn (several workers × threads), on SQLite (WAL) or, in the PostgreSQL run, on
PostgreSQL: no server error, no lost save, every conflict reported to its user.

Ten assessments are shared by four writers (the owner and three co-authors), ten have one:
the optimistic lock must refuse, and say so, every save made over a stale version, and keep
every save it acknowledged. `pytest -s` shows the summary."""

from __future__ import annotations

import os

import pytest

from tests.load.checks import acknowledged_pairs, problems
from tests.load.crowd import log_in_all, save_until, users_for
from tests.load.server import THREADS, WORKERS, Gunicorn, server_errors
from tests.load.store import Store, backend, database
from tests.load.wizard_user import Ledger, WizardUser

pytestmark = pytest.mark.load

SECONDS = float(os.environ.get("RISKASSESS_LOAD_SECONDS", "60"))
WRITERS = [4] * 10 + [1] * 10  # writers per assessment: 50 users on 20 assessments
MODULES = ["context", "screening"]  # texts, choices and multiple choices


def summary(ledger: Ledger, users: list[WizardUser], elapsed: float, stored: int,
            pairs: int) -> str:
    acked = ledger.by_outcome("acked")
    autosaved = sum(1 for s in acked if s.autosave)
    count = {outcome: len(ledger.by_outcome(outcome))
             for outcome in ("conflict", "unreported", "error", "unknown")}
    return "\n".join([
        f"\nload test on {backend()}: {sum(WRITERS)} users on {len(WRITERS)} assessments, "
        f"{elapsed:.1f} s, gunicorn {WORKERS} workers × {THREADS} threads",
        f"  requests {ledger.requests} ({ledger.requests / elapsed:.1f}/s), "
        f"saves {len(ledger.saves)} ({len(ledger.saves) / elapsed:.1f}/s)",
        f"  acknowledged {len(acked)} ({autosaved} background saves, "
        f"{len(acked) - autosaved} form posts), conflicts {count['conflict']} reported, "
        f"{count['unreported']} unreported",
        f"  errors {count['error']}, 5xx responses {ledger.server_errors()}, unanswered "
        f"{count['unknown']}, users cut off {sum(1 for u in users if u.gone)}, other "
        f"failures {len(ledger.failures)}",
        f"  stored answers {stored}, distinct acknowledged (assessment, question) {pairs}",
    ])


def test_fifty_users_save_concurrently_without_loss(tmp_path):
    ledger = Ledger()
    with database(tmp_path, "load") as url:
        store = Store(url)
        try:
            seeded = store.seed(WRITERS, MODULES)
            before = store.read()
            server = Gunicorn(url, tmp_path / "gunicorn.log")
            browsers, users = [], []
            try:
                server.start()
                browsers = log_in_all(server.port, seeded, ledger)
                users = users_for(browsers, seeded, ledger)
                elapsed = save_until(users, SECONDS)
            finally:
                for browser in browsers:
                    browser.close()
                server.stop()
            after = store.read()
            chain_break = store.audit_chain_break()
            journal = store.journal_mode()
        finally:
            store.close()

    touched = {(s.assessment, q) for s in ledger.by_outcome("acked") for q in s.values}
    stored = {(a, q) for a, state in after.items() for q in state.answers if (a, q) in touched}
    pairs = acknowledged_pairs(ledger.saves)
    print(summary(ledger, users, elapsed, len(stored), len(pairs)))

    assert ledger.server_errors() == 0
    assert ledger.failures == []
    assert [user.gone for user in users if user.gone] == []
    assert [(s.token, s.status, s.detail) for s in ledger.by_outcome("error")] == []
    assert ledger.by_outcome("unknown") == []
    assert [(s.token, s.status) for s in ledger.by_outcome("unreported")] == []
    assert server_errors(server.log()) == []
    assert problems(ledger.saves, before, after) == []
    assert stored == pairs
    assert chain_break is None
    assert journal in (None, "wal")  # SQLite in WAL mode (riskassess/sqlite_setup.py)
    # the test did test something: many saves, and contention on the shared assessments
    assert len(ledger.by_outcome("acked")) >= len(WRITERS)
    assert ledger.by_outcome("conflict")
