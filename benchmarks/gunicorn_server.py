"""gunicorn on a free loopback port with the options of scripts/serve.sh (sync workers, CPUs + 1
of them by default, one thread each, the same timeouts and max-requests), for the
benchmarks. Its log goes to a file; it runs in a session of its own and is stopped by its id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent


def default_workers() -> int:
    """scripts/serve.sh's default (WEB_CONCURRENCY): CPUs + 1."""
    return (os.cpu_count() or 1) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _control_socket_option() -> list[str]:
    """gunicorn ≥ 25 opens a control socket in the home directory unless told not to."""
    usage = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True,
                           text=True, check=True).stdout
    return ["--no-control-socket"] if "--no-control-socket" in usage else []


class Gunicorn:
    def __init__(self, app: str, log_path: Path, env: dict[str, str], workers: int,
                 threads: int = 1, ready_path: str = "/healthz"):
        self.app, self.log_path, self.env = app, log_path, env
        self.workers, self.threads, self.ready_path = workers, threads, ready_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--threads", str(self.threads),
                "--timeout", "60", "--graceful-timeout", "30",
                "--max-requests", "2000", "--max-requests-jitter", "200", "--preload",
                "--error-logfile", "-", "--pythonpath", str(BENCHMARKS),
                *_control_socket_option(), self.app]

    def __enter__(self) -> Gunicorn:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command(), cwd=REPO, env={**os.environ, **self.env},
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready_path}",
                                            timeout=5) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *_exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the session started above
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time of the master and every worker, alive or already replaced (max-requests):
        utime + stime of each live process, plus what the master collected from its exited
        children (cutime + cstime)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        master = self.process.pid
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(entry.name), int(fields[1])
            if pid == master:
                total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
            elif ppid == master:
                total += int(fields[11]) + int(fields[12])
        return total / tick
