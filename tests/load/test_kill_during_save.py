"""Killing the app server during saves loses nothing that was acknowledged, and leaves no
save half-written.

Eight owners (three pairs of co-authors and two alone) save the "context" module of their
assessments in a loop; gunicorn's master and workers are SIGKILLed together mid-stream, then
started again on the same database, three times. Every save writes a token unique to it into
each text question of the module, so that a save stored in part would show as a mix of tokens.
A save whose request got no answer may or may not be stored, but only as a whole.
"""

from __future__ import annotations

import random
import time

import pytest

from tests.load.checks import problems
from tests.load.crowd import log_in_all, save_until, users_for
from tests.load.server import Gunicorn, server_errors
from tests.load.store import Store, Stored, backend, database
from tests.load.wizard_user import Ledger, WizardUser

pytestmark = pytest.mark.load

WRITERS = [2, 2, 2, 1, 1]
KILLS = 3
LONGEST_ROUND = 60  # seconds; rounds end with the kill, long before


def torn_saves(after: dict[int, Stored], text_questions: list[str]) -> list[str]:
    """Assessments whose module texts come from more than one save, or are partly missing."""
    torn = []
    for assessment, state in sorted(after.items()):
        tokens = {str(state.answers.get(q, "")).split(":")[0] for q in text_questions}
        if len(tokens) > 1:
            torn.append(f"assessment {assessment}: texts from saves {sorted(tokens)}")
    return torn


def kill_rounds(server: Gunicorn, users: list[WizardUser], ledger: Ledger) -> list[int]:
    """Users save while the server is SIGKILLed under them, KILLS times, restarting it on
    the same database after each kill; returns how many saves each kill left unanswered."""
    rng = random.Random(8)  # noqa: S311 (not cryptography)
    unanswered = []
    for _ in range(KILLS):
        before = len(ledger.by_outcome("unknown"))

        def kill_soon() -> None:
            time.sleep(rng.uniform(1.5, 3.0))
            server.kill()

        save_until(users, LONGEST_ROUND, meanwhile=kill_soon)
        unanswered.append(len(ledger.by_outcome("unknown")) - before)
        server.start()
    return unanswered


def test_killing_the_server_mid_save_loses_nothing_acknowledged(tmp_path):
    ledger = Ledger()
    with database(tmp_path, "kill") as url:
        store = Store(url)
        try:
            seeded = store.seed(WRITERS, ["context"])
            before = store.read()
            server = Gunicorn(url, tmp_path / "gunicorn.log", workers=2, threads=4)
            browsers, users = [], []
            try:
                server.start()
                browsers = log_in_all(server.port, seeded, ledger)
                users = users_for(browsers, seeded, ledger, autosave_share=0.6)
                unanswered = kill_rounds(server, users, ledger)
                # after the last restart, everybody reloads the page and saves once more
                save_until(users, 0)
                cut_off = [user.gone for user in users if user.gone]
                for user in users:
                    user.save_once()
            finally:
                for browser in browsers:
                    browser.close()
                server.stop()
            after = store.read()
            chain_break = store.audit_chain_break()
        finally:
            store.close()

    texts = [q.id for q in seeded.modules[0].questions if q.type in ("text", "textarea")]
    acked = ledger.by_outcome("acked")
    committed = sum(after[a].version - before[a].version for a in after)
    print(f"\nkill test on {backend()}: {len(users)} users, {KILLS} SIGKILLs of gunicorn\n"
          f"  saves {len(ledger.saves)}: acknowledged {len(acked)}, conflicts "
          f"{len(ledger.by_outcome('conflict'))}, unanswered at each kill {unanswered}\n"
          f"  committed {committed} = acknowledged {len(acked)} + unanswered but committed "
          f"{committed - len(acked)}")

    assert ledger.server_errors() == 0
    assert ledger.failures == []
    assert cut_off == []
    assert [(s.token, s.status, s.detail) for s in ledger.by_outcome("error")] == []
    assert [(s.token, s.status) for s in ledger.by_outcome("unreported")] == []
    assert torn_saves(after, texts) == []
    assert problems(ledger.saves, before, after) == []
    assert chain_break is None
    assert server_errors(server.log()) == []
    assert acked and sum(unanswered) > 0, "no save was in flight at the kills"
