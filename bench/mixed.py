"""The mixed run of bench_pages: visitors and members read while members write, all at once,
against one gunicorn.

- Visitors: one wrk process, each request to a path drawn at random from the readers' paths
  (the most recently active questions, home, the busiest tag, the tag index), counting the
  X-Kept-Page header of the responses: the share served kept is the visitor page cache's hit
  rate while the writes retire what it keeps.
- Members: a second wrk process on the same paths, signed in as one member.
- Writers: a thread in this process posting votes, answers and accepts in turn
  (bench.writes.write_plan) on those questions at a steady rate, each as another synthetic
  member, over HTTP like a browser (session and CSRF cookies, X-CSRFToken, Referer).
"""

import http.client
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import CommandError

from apps.questions.models import Question
from apps.tags.models import ConceptTag
from bench.writes import ACCEPT, ANSWER, VOTE, HttpMember, Write, http_member, http_send
from bench.wrk import PROXY_HEADER, kept_pages_read, paths_script, wrk_command, wrk_read


@dataclass
class Readers:
    audience: str
    connections: int
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    errors: str = ""
    kept_hit: int = 0
    kept_miss: int = 0
    kept_hit_rate: float | None = None  # of the responses marked hit or miss


@dataclass
class Writes:
    write: str
    done: int = 0
    statuses: dict[str, int] = field(default_factory=dict)  # "200", "302", "no response"…
    p50_ms: float = 0.0
    max_ms: float = 0.0


@dataclass
class MixedResult:
    seconds: int
    paths: int
    readers: list[Readers]
    writes: list[Writes]
    writes_per_second: float = 0.0
    # Each path's first visit before the run, in ms (as a visitor, then as the member): what
    # a page costs with nothing kept yet (its thread, its related questions).
    first_visits: dict[str, list[float]] = field(default_factory=dict)


def reader_paths(questions: list[Question]) -> list[str]:
    """What the readers load: each of `questions`, home, the busiest tag and the tag index."""
    top_tag = ConceptTag.objects.order_by("-question_count", "slug").first()
    return [
        *(question.get_absolute_url() for question in questions),
        "/",
        top_tag.get_absolute_url(),
        "/tags/",
    ]


def mixed_run(
    *,
    wrk: str,
    port: int,
    paths: list[str],
    member_cookie: str,
    writes: list[Write],
    writes_per_second: float,
    seconds: int,
    warmup: int,
    threads: int,
    visitor_connections: int,
    member_connections: int,
    log: Callable[[str], None],
) -> MixedResult:
    """Readers and writers at once for `seconds`, after `warmup` seconds of the readers alone."""
    users = {write.user.pk: write.user for write in writes}
    log(f"mixed run: signing in {len(users)} writers")
    signed_in = {pk: http_member(user, port) for pk, user in users.items()}
    connections = {"visitor": visitor_connections, "member": member_connections}
    readers = [Readers(audience, n) for audience, n in connections.items() if n]
    cookies = {"visitor": "", "member": member_cookie}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-paths-") as script:
        script.write(paths_script(paths))
        script.flush()

        def start(seconds: int) -> list[subprocess.Popen]:
            return [
                _wrk_start(wrk, port, script.name, r, threads, seconds, cookies[r.audience])
                for r in readers
            ]

        log(f"mixed run: each of {len(paths)} paths visited once, as after a while online")
        first_visits = {
            audience: [_visit(port, path, cookies[audience]) for path in paths]
            for audience in connections
        }
        if warmup:
            log(f"mixed run: {warmup} s of readers alone (not reported)")
            _wrk_wait(start(warmup))
        log(f"mixed run: {seconds} s of readers and {writes_per_second:g} writes/s")
        running = start(seconds)
        writer = _Writer(writes, signed_in, port, writes_per_second)
        writer.start()
        try:
            outputs = _wrk_wait(running)
        finally:
            writer.stop.set()
            writer.join()
    for r, output in zip(readers, outputs, strict=True):
        figures = wrk_read(output)
        r.rps, r.p50_ms, r.p99_ms = figures.rps, figures.p50_ms, figures.p99_ms
        r.non_2xx, r.errors = figures.non_2xx, figures.errors
        kept = kept_pages_read(output)
        if kept is not None:
            r.kept_hit, r.kept_miss, r.kept_hit_rate = kept.hit, kept.miss, kept.hit_rate
    return MixedResult(
        seconds=seconds,
        paths=len(paths),
        readers=readers,
        writes=writer.figures(),
        first_visits=first_visits,
        writes_per_second=len(writer.done) / writer.elapsed if writer.elapsed else 0.0,
    )


def mixed_report(result: MixedResult) -> list[str]:
    lines = [
        f"\nmixed run: {result.seconds} s, {result.paths} paths at random",
        "| readers | connections | req/s | p50 ms | p99 ms | kept pages (hit / miss) |",
        "|---|---|---|---|---|---|",
    ]
    for r in result.readers:
        kept = (
            f"{100 * r.kept_hit_rate:.1f}% ({r.kept_hit} / {r.kept_miss})"
            if r.kept_hit_rate is not None
            else "–"
        )
        flag = f" ({r.non_2xx} non-2xx)" if r.non_2xx else ""
        lines.append(
            f"| {r.audience}s | {r.connections} | {r.rps:.0f}{flag} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {kept} |"
        )
    lines += [
        f"\nwrites: {result.writes_per_second:.2f}/s",
        "| write | done | statuses | p50 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for w in result.writes:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(w.statuses.items()))
        lines.append(f"| {w.write} | {w.done} | {statuses} | {w.p50_ms:.1f} | {w.max_ms:.1f} |")
    lines += [f"{r.audience}s: {r.errors}" for r in result.readers if r.errors]
    for audience, times in result.first_visits.items():
        if times:
            lines.append(
                f"first visits before the run, as a {audience}: median "
                f"{statistics.median(times):.1f} ms, slowest {max(times):.1f} ms"
            )
    return lines


def _visit(port: int, path: str, cookie: str) -> float:
    """One GET of `path`, in ms."""
    tick = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {PROXY_HEADER[0]: PROXY_HEADER[1], **({"Cookie": cookie} if cookie else {})}
        conn.request("GET", path, headers=headers)
        conn.getresponse().read()
    finally:
        conn.close()
    return (time.perf_counter() - tick) * 1000


class _Writer(threading.Thread):
    """Sends the planned writes one after another, started at `per_second` (a write that
    takes longer delays the next), until the plan ends or `stop` is set."""

    def __init__(
        self, writes: list[Write], signed_in: dict[int, HttpMember], port: int, per_second: float
    ):
        super().__init__(name="bench-writer")
        self.writes, self.signed_in, self.port = writes, signed_in, port
        self.interval = 1 / per_second
        self.stop = threading.Event()
        self.done: list[tuple[str, str, float]] = []  # kind, status, ms
        self.elapsed = 0.0

    def run(self) -> None:
        start = time.monotonic()
        for number, write in enumerate(self.writes):
            due = start + number * self.interval
            if self.stop.wait(max(0.0, due - time.monotonic())):
                break
            tick = time.perf_counter()
            try:
                status = http_send(write, self.signed_in[write.user.pk], self.port)
            except (OSError, http.client.HTTPException) as error:
                status = f"no response ({type(error).__name__})"
            self.done.append((write.kind, status, (time.perf_counter() - tick) * 1000))
        self.stop.wait()  # the readers are still running: count the rate over their time
        self.elapsed = time.monotonic() - start

    def figures(self) -> list[Writes]:
        figures = []
        for kind in (VOTE, ANSWER, ACCEPT):
            made = [(status, ms) for k, status, ms in self.done if k == kind]
            times = [ms for _, ms in made]
            figures.append(
                Writes(
                    write=kind,
                    done=len(made),
                    statuses=dict(Counter(status for status, _ in made)),
                    p50_ms=statistics.median(times) if times else 0.0,
                    max_ms=max(times, default=0.0),
                )
            )
        return figures


def _wrk_start(
    wrk: str, port: int, script: str, readers: Readers, threads: int, seconds: int, cookie: str
) -> subprocess.Popen:
    headers = [f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    command = wrk_command(
        wrk,
        f"http://127.0.0.1:{port}",
        threads=min(threads, readers.connections),  # wrk wants a connection per thread
        connections=readers.connections,
        seconds=seconds,
        headers=headers,
        script=script,
    )
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wrk_wait(processes: list[subprocess.Popen]) -> list[str]:
    outputs = []
    try:
        for process in processes:
            stdout, stderr = process.communicate()
            if process.returncode:
                raise CommandError(f"wrk exited with status {process.returncode}: {stderr}")
            outputs.append(stdout)
    finally:
        for process in processes:  # the others, when one failed
            if process.poll() is None:
                process.kill()
                process.wait()
    return outputs
