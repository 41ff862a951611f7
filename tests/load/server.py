"""gunicorn serving riskassess.wsgi:app on a free loopback port, as in production (several
workers × threads), for the load and fault tests. Its log goes to a file: a pipe nobody reads
would fill up and block the server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import TEST_AUDIT_KEYS

SECRET_KEY = "load-test-secret-key-" + "k" * 32
WORKERS = 3
THREADS = 8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn_options() -> list[str]:
    """--no-control-socket where gunicorn has it (≥ 25: no socket in the home directory)."""
    usage = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True,
                           text=True, check=True).stdout
    return ["--no-control-socket"] if "--no-control-socket" in usage else []


class Gunicorn:
    """One gunicorn master and its workers, in a process group of their own so that they can
    all be killed at once (`kill`), as a crash or an OOM kill would."""

    def __init__(self, database_url: str, log_path: Path, workers: int = WORKERS,
                 threads: int = THREADS):
        self.database_url, self.log_path = database_url, log_path
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._options = _gunicorn_options()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--threads", str(self.threads),
                   "--keep-alive", "75", "--timeout", "60", "--graceful-timeout", "10",
                   "--preload", "--error-logfile", "-", *self._options, "riskassess.wsgi:app"]
        keyring = self.log_path.parent / "audit_keys"  # the keys the in-process store uses
        keyring.write_text(TEST_AUDIT_KEYS, encoding="utf-8")
        env = {**os.environ, "SECRET_KEY": SECRET_KEY, "RISKASSESS_ENV": "production",
               "DATABASE_URL": self.database_url, "RISKASSESS_AUDIT_KEY_FILE": str(keyring)}
        with open(self.log_path, "a", encoding="utf-8") as log:
            self.process = subprocess.Popen(command, env=env, cwd=self.log_path.parent,
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            start_new_session=True)
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n"
                                   + self.log_path.read_text(encoding="utf-8")[-3000:])
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not become healthy in time")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no graceful shutdown, no cleanup."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """Graceful stop (SIGTERM to the master, which stops its workers); kill if stuck."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        # workers left behind by a master that died would still be in the group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def server_errors(log: str) -> list[str]:
    """Log lines telling of a failure: 5xx responses, tracebacks, gunicorn errors."""
    found = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if int(record.get("status") or 0) >= 500 or record.get("level") in ("ERROR",
                                                                                 "CRITICAL"):
                found.append(line)
        elif "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line:
            found.append(line)
    return found
