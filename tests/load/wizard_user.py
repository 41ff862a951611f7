"""A simulated project owner in the questionnaire wizard: it opens a module of its assessment
and saves answers in a loop, as the wizard's page does (background saves with X-Autosave, and
the Save button), recording for every save what the server acknowledged, refused as a
conflict, or left unanswered."""

from __future__ import annotations

import gettext
import html
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskassess.core.answers import parse_answer
from riskassess.core.questionnaire import Module
from tests.load.client import Browser, Response, ServerGone

TRANSLATIONS = Path(__file__).resolve().parents[2] / "riskassess" / "translations"
FORM_CONFLICT = ("Someone else saved this assessment since you opened it. Your answers are "
                 "shown below but were not saved: check them and save again.")


def conflict_message() -> str:
    """The conflict message of the form post, as the (French) page shows it."""
    french = gettext.translation("messages", localedir=TRANSLATIONS, languages=["fr"])
    return french.gettext(FORM_CONFLICT)


@dataclass
class Save:
    """One save attempt and what became of it."""

    user: int
    assessment: int
    module: str
    expected: int  # the version the form carried
    token: str  # unique, written into every text question of the module
    values: dict[str, Any]  # question id → the value stored if the save went through
    autosave: bool
    outcome: str = "pending"  # acked | conflict | unreported | error | unknown (no answer)
    version: int | None = None  # the version the acknowledged save wrote
    status: int | None = None
    detail: str = ""


@dataclass
class Ledger:
    """Everything the users saw, shared by their threads."""

    saves: list[Save] = field(default_factory=list)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)  # HTTP status → responses
    failures: list[str] = field(default_factory=list)  # not about a save (page loads)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, save: Save) -> None:
        with self.lock:
            self.saves.append(save)

    def count_request(self) -> None:
        with self.lock:
            self.requests += 1

    def count_response(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1

    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)

    def by_outcome(self, outcome: str) -> list[Save]:
        return [s for s in self.saves if s.outcome == outcome]


def answer_form(module: Module, token: str, rng: random.Random) -> tuple[dict, dict]:
    """Form fields answering the text, choice and multiple-choice questions of `module`
    (texts carry `token`), and the value each question of the module then stores."""
    form: dict[str, Any] = {}
    for question in module.questions:
        if question.kind.free_text:
            form[question.id] = f"{token}:{question.id}"
        elif question.is_multiple:
            picked = rng.sample(question.options, rng.randint(1, len(question.options)))
            form[question.id] = [o.value for o in picked]
        elif question.has_options:
            form[question.id] = rng.choice(question.options).value
    stored = {q.id: parse_answer(q, form.get(q.id)) for q in module.questions}
    return form, stored


class WizardUser:
    """One logged-in owner working on one assessment, one request at a time."""

    def __init__(self, number: int, browser: Browser, assessment: int, modules: list[Module],
                 ledger: Ledger, autosave_share: float = 0.7):
        self.number, self.browser, self.assessment = number, browser, assessment
        self.modules, self.ledger, self.autosave_share = modules, ledger, autosave_share
        self.rng = random.Random(number)  # noqa: S311 (not cryptography)
        self.conflict_text = conflict_message()
        self.saved = 0
        self.module = modules[0]
        self.csrf, self.version = "", 0
        self.gone: str | None = None  # why the server stopped answering, if it did

    def path(self) -> str:
        return f"/assessments/{self.assessment}/modules/{self.module.id}"

    def _request(self, method: str, path: str, form=None, headers=None) -> Response:
        self.ledger.count_request()
        answer = self.browser.request(method, path, form, headers)
        self.ledger.count_response(answer.status)
        return answer

    def open(self) -> None:
        """Load the module page (after a conflict, a redirect, or to switch modules)."""
        page = self._request("GET", self.path())
        if page.status != 200:
            self.ledger.fail(f"user {self.number}: GET {self.path()} gave HTTP {page.status}")
            raise ServerGone(f"GET {self.path()}: HTTP {page.status}")
        self.csrf, self.version = page.form_state()

    def run(self, stop_at: float, think: float = 0.01) -> None:
        """(Re)open the module, then save until `stop_at` (time.monotonic) or until the server
        stops answering (`gone` then says how)."""
        self.gone = None
        try:
            self.open()
            while time.monotonic() < stop_at:
                self.save_once()
                time.sleep(self.rng.uniform(0, think))
        except ServerGone as exc:
            self.gone = str(exc)

    def save_once(self) -> None:
        if len(self.modules) > 1 and self.rng.random() < 0.2:
            self.module = self.rng.choice(self.modules)
            self.open()
        self.saved += 1
        token = f"u{self.number}s{self.saved}"
        form, stored = answer_form(self.module, token, self.rng)
        autosave = self.rng.random() < self.autosave_share
        save = Save(self.number, self.assessment, self.module.id, self.version, token, stored,
                    autosave)
        self.ledger.add(save)
        form.update(csrf_token=self.csrf, version=str(self.version), go="stay")
        headers = {"X-Autosave": "1", "Accept": "application/json"} if autosave else None
        try:
            answer = self._request("POST", self.path(), form, headers)
        except ServerGone as exc:
            save.outcome, save.detail = "unknown", str(exc)
            raise
        save.status = answer.status
        self._judge(save, answer)
        if save.outcome == "acked" and autosave:
            self.version = save.version  # as the page's script does
        else:  # the redirect after the Save button, or a reload after a conflict (or error)
            self.open()

    def _judge(self, save: Save, answer: Response) -> None:
        if save.autosave and answer.status == 200:
            reply = answer.json()
            if reply.get("status") == "saved":
                save.outcome, save.version = "acked", int(reply["version"])
                return
        elif not save.autosave and answer.status == 302:
            location = answer.headers.get("Location", "")
            if location.endswith(self.path()):
                # the optimistic lock: a save written over `expected` wrote expected + 1
                save.outcome, save.version = "acked", save.expected + 1
                return
        elif answer.status == 409:
            if save.autosave:
                reply = answer.json()
                reported = reply.get("status") == "conflict" and bool(reply.get("message"))
            else:
                reported = self.conflict_text in html.unescape(answer.body)
            save.outcome = "conflict" if reported else "unreported"
            return
        save.outcome, save.detail = "error", answer.body[:300]
