"""The people of benchmarks/mixed_load.py at work, on the standard library.

Each person is a thread with a keep-alive http.client connection and its own cookies (every
Set-Cookie applied, as in a browser), logged in beforehand. Until the window ends it draws an
action with its plan's weights, does it, then thinks (uniform 0.4-1.6x the mean think time;
none with --think 0). People are spread over processes, so that the generator is not held back
by one interpreter lock; each process reports its CPU time. What the browser does besides is
timed on its own row: after every HTML page the bell's count (/notifications/unread.json,
static/bell.js) as "bell"; after a comment's post, the page it redirects to, as "assessment";
before the first autosave on a step, the step's page, as "wizard". Autosaves go on in one
step (SWITCH_STEP of them on average), each posting the step's whole form as
static/questionnaire.js does (FormData of form.questionnaire, X-Autosave, the `version` the
last save answered), one text answer changed. Each request's X-Request-ID names its action:
server_log() reads the server's own durations by action. Only requests completed inside the
window count: 200 (302 for a comment's post) as successes, 409 as conflicts, others as errors.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from loadgen import _cpu, _sleep_until
from throughput import CSRF, _cookies, _get, login

PAGES = ("assessment", "wizard", "list", "queue", "dashboard")  # HTML: the bell follows
SWITCH_STEP = 5  # autosaves on one step, on average, before the person moves to another


class StepForm(HTMLParser):
    """The pairs FormData(form.questionnaire) sends: checked boxes, other inputs, textareas;
    not the remark controls, which belong to other forms by their `form` attribute."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.fields: list[list[str]] = []
        self._inside, self._area = False, None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = "questionnaire" in (attrs.get("class") or "").split()
        if not self._inside or "form" in attrs or "disabled" in attrs or not attrs.get("name"):
            return
        if tag == "input" and (attrs.get("type") not in ("checkbox", "radio")
                               or "checked" in attrs):
            self.fields.append([attrs["name"], attrs.get("value") or ""])
        elif tag == "textarea":
            self._area = [attrs["name"], ""]
            self.fields.append(self._area)

    def handle_data(self, data):
        if self._area is not None:
            self._area[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._area = None
        elif tag == "form":
            self._inside = False


class Tally:
    """What one process saw in the window, by action: latencies (s) of the successes, and the
    other answers by status (409: conflicts; 0: no answer; -1: an exception in the client)."""

    def __init__(self, window: tuple[float, float]):
        self.window, self.lock = window, threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.failed: dict[str, Counter] = {}
        self.samples: list[str] = []

    def add(self, action: str, ok: bool, status: int, start: float, done: float,
            detail: str = "") -> None:
        if not self.window[0] <= done <= self.window[1]:
            return
        with self.lock:
            if ok:
                self.latencies.setdefault(action, []).append(done - start)
                return
            self.failed.setdefault(action, Counter())[status] += 1
            if status != 409 and len(self.samples) < 20:
                self.samples.append(f"{action} HTTP {status} {detail}"[:300])


class Person:
    """One logged-in person working through their plan (mixed_load.plans)."""

    def __init__(self, plan: dict, port: int, tally: Tally, think: float, seed: int):
        self.plan, self.tally, self.think = plan, tally, think
        self.rng = random.Random(seed)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.jar = dict(plan["cookies"])
        self.ids, self.name = count(), plan["email"].split("@")[0]
        self.forms: dict[tuple[int, str], StepForm] = {}  # as this person last saved them
        self.versions: dict[int, int] = {}  # the version each assessment's last save wrote
        self.typing: tuple[int, str] | None = None  # the step being worked on
        self.actions = [a for a, w in plan["weights"].items() if w > 0]
        self.weights = [plan["weights"][a] for a in self.actions]

    def request(self, action: str, method: str, path: str, form: list | None = None,
                headers: dict | None = None):
        """(status, body, response, start, done); status 0 when no answer came."""
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items()),
                "X-Request-ID": f"mx.{action}.{self.name}.{next(self.ids)}", **(headers or {})}
        body = None
        if form is not None:
            body = urlencode([tuple(pair) for pair in form]).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0, b"", None, start, time.perf_counter()
        done = time.perf_counter()
        _cookies(response, self.jar)
        return response.status, data, response, start, done

    def get(self, action: str, path: str) -> bytes | None:
        status, data, _response, start, done = self.request(action, "GET", path)
        self.tally.add(action, status == 200, status, start, done, path)
        if action in PAGES and status == 200:
            self.get("bell", "/notifications/unread.json")
        return data if status == 200 else None

    def pick(self, key: str):
        return self.rng.choice(self.plan[key])

    def step(self, assessment: int, module: str) -> StepForm | None:
        form = self.forms.get((assessment, module))
        if form is None:
            page = self.get("wizard", f"/assessments/{assessment}/modules/{module}")
            if page is None:
                return None
            form = self.forms[assessment, module] = StepForm(page.decode())
            self.versions.setdefault(assessment, int(dict(form.fields)["version"]))
        return form

    def autosave(self) -> None:
        """A text changed on the step being worked on; another step one time in SWITCH_STEP."""
        steps = self.plan["autosave"]  # {assessment: {step: [names of its text fields]}}
        if self.typing is None or self.rng.random() < 1 / SWITCH_STEP:
            assessment = self.rng.choice(list(steps))
            self.typing = assessment, self.rng.choice(list(steps[assessment]))
        assessment, module = self.typing
        form = self.step(assessment, module)
        if form is None:
            return
        name = self.rng.choice(steps[assessment][module])
        field = next(f for f in form.fields if f[0] == name)
        field[1] = (f"{field[1].split(' [')[0][:400]} [{self.name} "
                    f"{time.strftime('%H:%M:%S')} #{next(self.ids)}]")
        fields = [[n, str(self.versions[assessment]) if n == "version" else v]
                  for n, v in form.fields]
        status, data, _response, start, done = self.request(
            "autosave", "POST", f"/assessments/{assessment}/modules/{module}", fields,
            {"X-Autosave": "1", "Accept": "application/json"})
        try:
            reply = json.loads(data)
        except ValueError:
            reply = {"body": data[:200].decode(errors="replace")}
        saved = status == 200 and reply.get("status") == "saved"
        self.tally.add("autosave", saved, status, start, done, str(reply)[:200])
        if saved:
            self.versions[assessment] = reply["version"]
        elif status == 409:  # the person reloads the step
            self.forms = {k: f for k, f in self.forms.items() if k[0] != assessment}
            self.versions.pop(assessment, None)

    def comment(self) -> None:
        assessment = self.pick("comment")
        status, _data, response, start, done = self.request(
            "comment", "POST", f"/assessments/{assessment}/comments",
            [["csrf_token", self.plan["csrf"]], ["target", "assessment:"],
             ["body", f"Point à revoir avant la suite ({self.name}, "
                      f"{time.strftime('%H:%M:%S')})."]])
        self.tally.add("comment", status == 302, status, start, done)
        if status == 302:
            self.get("assessment", urlsplit(response.getheader("Location")).path)

    def act(self, action: str) -> None:
        if action in ("autosave", "comment"):
            getattr(self, action)()
        elif action == "assessment":
            self.get(action, f"/assessments/{self.pick(action)}")
        elif action == "wizard":
            self.get(action, f"/assessments/{self.pick(action)}/modules/{self.pick('modules')}")
        elif action == "download":
            self.get(action, f"/assessments/{self.pick(action)}/report.pdf")
        else:  # list, queue, dashboard
            self.get(action, self.pick(action))

    def work(self, end: float) -> None:
        time.sleep(self.rng.uniform(0, max(self.think, 0.05)))  # not everyone at once
        while time.perf_counter() < end:
            action = self.rng.choices(self.actions, self.weights)[0]
            start = time.perf_counter()
            try:
                self.act(action)
            except Exception as exc:  # counted; the person goes on
                self.tally.add(action, False, -1, start, time.perf_counter(), repr(exc))
            if self.think:
                time.sleep(self.rng.uniform(0.4, 1.6) * self.think)
        self.connection.close()


def log_in(port: int, plans: list[dict]) -> None:
    """Each person logs in and keeps the cookies and a CSRF token of their next page."""
    def one(plan: dict) -> None:
        jar = dict(pair.split("=", 1) for pair in login(port, plan["email"]).split("; "))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        _status, page = _get(connection, "/assessments", jar)
        connection.close()
        plan["cookies"], plan["csrf"] = jar, CSRF.search(page).group(1)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, plans))


def _process(plans: list[dict], port: int, think: float, window: tuple[float, float],
             seed: int, queue) -> None:
    """One generator process: a thread per person, and the CPU time it used in the window."""
    tally = Tally(window)
    threads = [threading.Thread(target=Person(plan, port, tally, think, seed + n).work,
                                args=(window[1],)) for n, plan in enumerate(plans)]
    for person in threads:
        person.start()
    used = []
    for edge in window:
        _sleep_until(edge)
        used.append(_cpu())
    for person in threads:
        person.join()
    queue.put((tally.latencies, tally.failed, tally.samples, used[1] - used[0]))


def run(plans: list[dict], port: int, think: float, warmup: float, duration: float,
        processes: int = 2, on_window=None) -> dict:
    """Everyone at work for warmup + duration seconds; `on_window(begin, end)` runs here
    meanwhile. Returns by action the sorted latencies, the conflicts and the errors."""
    forking = multiprocessing.get_context("fork")
    queue = forking.Queue()
    opens = time.perf_counter() + 0.5 + warmup  # once every generator has started
    window = (opens, opens + duration)
    shares = [plans[i::processes] for i in range(processes)]
    generators = [forking.Process(target=_process, args=(share, port, think, window,
                                                         1000 * n, queue))
                  for n, share in enumerate(shares, 1) if share]
    for generator in generators:
        generator.start()
    if on_window is not None:
        on_window(*window)
    parts = [queue.get() for _generator in generators]
    for generator in generators:
        generator.join()
    actions: dict[str, dict] = {}
    for latencies, failed, _samples, _cpu_s in parts:
        for name in {*latencies, *failed}:
            row = actions.setdefault(name, {"latencies": [], "errors": Counter()})
            row["latencies"] = sorted(row["latencies"] + latencies.get(name, []))
            row["errors"].update(failed.get(name, {}))
    for row in actions.values():
        row["conflicts"], row["errors"] = row["errors"].pop(409, 0), dict(row["errors"])
    return {"actions": actions, "generator_cpu_s": sum(p[3] for p in parts),
            "samples": [s for p in parts for s in p[2]]}


def server_log(path: Path, start: int, end: int) -> tuple[dict, dict, list[str]]:
    """From the log lines written in the window: durations (ms) by action and by path (ids as
    <id>) of our requests, and the server's errors (5xx, exceptions, worker timeouts)."""
    by_action: dict[str, list[float]] = {}
    by_path: dict[str, list[float]] = {}
    problems: list[str] = []
    with path.open("rb") as log:
        log.seek(start)
        for line in log.read(end - start).decode(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                if any(word in line for word in ("Traceback", "TIMEOUT", "Error", "rror:")):
                    problems.append(line[:300])
                continue
            if entry.get("exception") or entry.get("level") in ("ERROR", "CRITICAL") \
                    or int(entry.get("status") or 0) >= 500:
                problems.append(f"{entry.get('message')} "
                                f"{(entry.get('exception') or '').splitlines()[-4:]}")
            name = str(entry.get("request_id", ""))
            if name.startswith("mx.") and entry.get("duration_ms") is not None:
                by_action.setdefault(name.split(".")[1], []).append(entry["duration_ms"])
                route = f"{entry['method']} {re.sub(r'/[0-9]+', '/<id>', entry['path'])}"
                by_path.setdefault(route, []).append(entry["duration_ms"])
    return ({k: sorted(v) for k, v in by_action.items()},
            {k: sorted(v) for k, v in by_path.items()}, problems)
