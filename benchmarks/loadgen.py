"""A small HTTP load generator on the standard library.

`connections` concurrent clients, spread over `processes` processes (so that the generator is
not held back by one interpreter lock), each an http.client connection kept alive when the
server allows it (gunicorn's sync workers close it after every response: the client then
reconnects, as http.client does by itself), sending the same GET with the given headers (a
session cookie) in a closed loop for `warmup + duration` seconds. Only responses completed
inside the measured window count. Each process also reports its own CPU time over the window,
so one can tell whether the generator, rather than the server, was the limit.
"""

from __future__ import annotations

import http.client
import multiprocessing
import resource
import threading
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    latencies: list[float]  # seconds, sorted, successful responses in the window
    errors: int  # failed requests or non-200 responses in the window
    seconds: float  # length of the window
    generator_cpu_s: float  # CPU time used by the generator's processes in the window

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _client(host: str, port: int, path: str, headers: dict, window: tuple[float, float],
            latencies: list[float], errors: list[int]) -> None:
    begin, end = window
    connection = http.client.HTTPConnection(host, port, timeout=60)
    while True:
        start = time.perf_counter()
        if start >= end:
            break
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            ok = False
        done = time.perf_counter()
        if begin <= done <= end:
            if ok:
                latencies.append(done - start)
            else:
                errors.append(1)
    connection.close()


def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        time.sleep(delay)


def _process(host: str, port: int, path: str, headers: dict, clients: int,
             window: tuple[float, float], results) -> None:
    latencies: list[float] = []
    errors: list[int] = []
    threads = [threading.Thread(target=_client, args=(host, port, path, headers, window,
                                                      latencies, errors)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    _sleep_until(window[0])
    cpu_start = _cpu()
    _sleep_until(window[1])
    cpu = _cpu() - cpu_start
    for thread in threads:
        thread.join()
    results.put((latencies, len(errors), cpu))


def run(host: str, port: int, path: str, headers: dict, connections: int = 16,
        processes: int = 2, warmup: float = 2.0, duration: float = 10.0,
        on_window=None) -> LoadResult:
    """Load `path`; `on_window(begin, end)` runs in this process during the load (to sample the
    server's CPU at the window's edges). perf_counter is CLOCK_MONOTONIC on Linux, the same
    clock in every process."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    begin = time.perf_counter() + 0.3 + warmup  # after the processes have started
    window = (begin, begin + duration)
    shares = [connections // processes + (i < connections % processes) for i in range(processes)]
    workers = [context.Process(target=_process, args=(host, port, path, headers, share, window,
                                                       results)) for share in shares if share]
    for worker in workers:
        worker.start()
    if on_window is not None:
        on_window(*window)
    collected = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(x for part in collected for x in part[0])
    return LoadResult(latencies=latencies, errors=sum(part[1] for part in collected),
                      seconds=duration, generator_cpu_s=sum(part[2] for part in collected))
