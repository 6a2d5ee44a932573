"""Load-test the main pages under gunicorn with wrk, and count their SQL queries.

`make bench SIZE=10000` runs it with the right environment (see the Makefile): a scratch
PostgreSQL database `gachi_bench_<SIZE>` (created, migrated, seeded and filled with
`generate_community` when empty, reused otherwise), production settings (DEBUG off) through
`config.bench_settings`, and gunicorn with `--preload`. For each page it prints requests/s and
p50/p99 latency from `wrk --latency` at 16 connections, and the SQL queries one request makes
(Django's test client with CaptureQueriesContext, same database, warm: the second request),
with their time and the whole request's time in this process. Each page is loaded twice: as a
visitor (not signed in: the page kept whole in the cache, see apps.caching.pages) and as a
signed-in member (rendered for them on every request); for the two question pages (30 and 5
answers) it prints the member's req/s as a share of the visitor's (issue 13 aims at 25%).

It also makes each of the writes members make most (a vote, an answer, an accept: bench.writes)
a few times in this process, with their status, SQL queries and time. After the pages, the
mixed run (bench.mixed; `--mixed` runs it alone, `--no-mixed` skips it) has visitors and members
read the most active questions while members vote, answer and accept over HTTP: req/s and
latency of both, the share of visitors' pages served kept, and how the writes went.

`--explain-over MS` also prints EXPLAIN (ANALYZE, BUFFERS) for every SELECT that took longer
than MS milliseconds, to see why a page is slow.
"""

import json
import math
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F
from django.db.models.functions import Abs
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.questions.models import Question
from apps.tags.models import ConceptTag
from bench.mixed import MixedResult, mixed_report, mixed_run, reader_paths
from bench.synthetic_community import SYNTHETIC_EMAIL_DOMAIN
from bench.writes import (
    WriteCost,
    recent_questions,
    session_cookie,
    write_costs,
    write_plan,
    writers,
)
from bench.wrk import PROXY_HEADER, wrk_command, wrk_read

SCRATCH_PREFIX = "gachi_bench_"
SEARCH_TERM = "우도"
MINIMAL_PATH = "/bench/minimal/"
# Each write's cost is measured on this many targets; the mixed run reads this many questions
# and rotates its writes over this many members (so that none reaches a rate limit).
WRITE_REPEATS = 5
MIXED_QUESTIONS = 50
WRITERS = 100
# What issue 13 aims at: a member's question page at ≥ 25% of a visitor's req/s.
MEMBER_SHARE_GOAL = 25


VISITOR, MEMBER = "visitor", "member"


@dataclass
class Result:
    page: str
    path: str
    audience: str = VISITOR  # a visitor (not signed in) or a signed-in member
    status: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    errors: str = ""
    # CPU used during the measured run, in % of one core (the machine has os.cpu_count()):
    gunicorn_cpu: float = 0.0  # the master and its workers
    postgres_cpu: float = 0.0  # the backends connected to this database
    wrk_cpu: float = 0.0
    other_cpu: float = 0.0  # the rest: parallel query workers, other people's jobs
    queries: int = 0
    queries_cold: int = 0
    sql_ms: float = 0.0
    server_ms: float = 0.0


class Command(BaseCommand):
    help = "Benchmark the main pages with wrk under gunicorn; count their SQL queries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", type=int, default=10_000, help="Questions to generate when empty."
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Unreported seconds per page.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--workers", type=int, default=min(4, 2 * (os.cpu_count() or 1)))
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--explain-over", type=float, default=None, metavar="MS")
        parser.add_argument(
            "--repeat",
            type=int,
            default=200,
            help="Warm requests timed in this process per page (their median is reported).",
        )
        parser.add_argument("--only", default="", help="Comma-separated page names.")
        parser.add_argument(
            "--audience",
            default=f"{VISITOR},{MEMBER}",
            help="Load each page as a visitor (pages kept whole in the cache), as a signed-in "
            "member (rendered for them), or both (the default).",
        )
        parser.add_argument(
            "--queries-only",
            action="store_true",
            help="Count (and with --explain-over, explain) the queries; no gunicorn, no wrk.",
        )
        mixed = parser.add_mutually_exclusive_group()
        mixed.add_argument(
            "--mixed",
            action="store_true",
            help="Only the mixed run: readers and writers at once (run after the pages by "
            "default).",
        )
        mixed.add_argument("--no-mixed", action="store_true", help="No mixed run.")
        parser.add_argument(
            "--mixed-seconds",
            type=int,
            default=None,
            help="The mixed run's duration (default: --seconds).",
        )
        parser.add_argument(
            "--mixed-members",
            type=int,
            default=4,
            help="Of the --connections, how many read as a member in the mixed run (the rest "
            "as visitors).",
        )
        parser.add_argument("--writes-per-second", type=float, default=2.0)
        parser.add_argument("--json", default="", help="Also write the results to this file.")
        parser.add_argument(
            "--any-database",
            action="store_true",
            help=f"Allow a database whose name does not start with {SCRATCH_PREFIX}.",
        )

    def handle(self, *args, **options):
        self._check_database(options["any_database"])
        self._check_cache()
        try:
            self._run(options)
        finally:
            _clear_bench_cache()

    def _run(self, options: dict) -> None:
        self.repeat = max(1, options["repeat"])
        self._prepare_data(options["size"], options["seed"])
        audiences = [a for a in (VISITOR, MEMBER) if a in options["audience"].split(",")]
        results = [] if options["mixed"] else self._results(options["only"], audiences)
        with_mixed = not (options["no_mixed"] or options["queries_only"])
        cookie = self._member_cookie() if MEMBER in audiences or with_mixed else ""
        for result in results:
            self._count_queries(result, options["explain_over"], cookie)
        costs = [] if options["mixed"] else self._write_costs()
        if options["queries_only"]:
            for r in results:
                self.stdout.write(
                    f"{r.page} ({r.audience}): {r.status}, "
                    f"{r.queries} queries ({r.queries_cold} cold), "
                    f"SQL {r.sql_ms:.1f} ms, whole request {r.server_ms:.1f} ms"
                )
            self._print_write_costs(costs)
            return
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed: apt-get install -y wrk (make bench does).")
        self.load_before = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        server = self._start_gunicorn(options["workers"], options["port"])
        try:
            for result in results:
                self._load(result, server, wrk, cookie, options)
            mixed = self._mixed(wrk, cookie, options) if with_mixed else None
        finally:
            _stop(server)
        self._print(results, options)
        self._print_write_costs(costs)
        if mixed is not None:
            self.stdout.write("\n".join(mixed_report(mixed)))
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump(
                    {"questions": Question.objects.count(), "options": _public(options)}
                    | {"results": [asdict(result) for result in results]}
                    | {"member_shares": _member_shares(results)}
                    | {"writes": [asdict(cost) | {"median_ms": cost.median_ms} for cost in costs]}
                    | {"mixed": asdict(mixed) if mixed else None},
                    out,
                    ensure_ascii=False,
                    indent=2,
                )

    def _results(self, only: str, audiences: list[str]) -> list[Result]:
        """The pages to load, each for each audience (the minimal view has no members' side)."""
        pages = self._pages()
        if only:  # names as printed, or their first word: "home", "question"
            wanted = set(only.split(","))
            pages = [
                (name, path) for name, path in pages if {name, name.split()[0].strip(",")} & wanted
            ]
        return [
            Result(page=name, path=path, audience=audience)
            for name, path in pages
            for audience in audiences
            if not (path == MINIMAL_PATH and audience == MEMBER)
        ]

    # The database ------------------------------------------------------------------------------

    def _check_database(self, any_database: bool) -> None:
        database = settings.DATABASES["default"]
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL (DATABASE_URL=postgres://…).")
        if not any_database and not database["NAME"].startswith(SCRATCH_PREFIX):
            raise CommandError(
                f"Refusing to benchmark {database['NAME']!r}: it adds rows, so it runs on a "
                f"scratch database named {SCRATCH_PREFIX}<size> (or pass --any-database)."
            )
        if settings.DEBUG:
            raise CommandError("Run with DEBUG=0 (production settings: config.bench_settings).")
        self._create_database(database)

    def _check_cache(self) -> None:
        backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.cache_name = f"{backend} {settings.REDIS_URL}".strip()
        try:
            cache.set("bench:ping", 1, 5)
        except Exception as error:
            raise CommandError(
                f"The cache ({self.cache_name}) cannot be reached: {error}. Start Redis, or "
                f"run with BENCH_REDIS_URL= for each process's own memory."
            ) from error

    def _create_database(self, database: dict) -> None:
        import psycopg

        params = {
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
            "dbname": "postgres",
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not exists:
                self.stderr.write(f"creating database {database['NAME']}")
                admin.execute(f'CREATE DATABASE "{database["NAME"]}"')

    def _prepare_data(self, size: int, seed: int) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # Production serves hashed static names from the manifest: collected first, as there.
        call_command("collectstatic", interactive=False, verbosity=0)
        if not ConceptTag.objects.exists():
            call_command("seed", stdout=self.stderr)
        if not User.objects.filter(email__endswith="@" + SYNTHETIC_EMAIL_DOMAIN).exists():
            self.stderr.write(f"generating a community of {size} questions (seed {seed})")
            call_command("generate_community", questions=size, seed=seed, stdout=self.stderr)

    def _pages(self) -> list[tuple[str, str]]:
        total = Question.objects.count()
        last_page = max(1, math.ceil(total / settings.QUESTIONS_PER_PAGE))
        busiest, smaller = _question_with_answers(30), _question_with_answers(5)
        top_tag = ConceptTag.objects.order_by("-question_count", "slug").first()
        return [
            ("minimal view", MINIMAL_PATH),
            ("home", "/"),
            (f"home ?page={last_page} (last)", f"/?page={last_page}"),
            (f"question, {busiest.answer_count} answers", busiest.get_absolute_url()),
            (f"question, {smaller.answer_count} answers", smaller.get_absolute_url()),
            (f"tag {top_tag.slug} ({top_tag.question_count} q)", top_tag.get_absolute_url()),
            ("tag index", "/tags/"),
            ("concept map", "/concepts/map/"),
            (f"search {SEARCH_TERM}", f"/search/?q={quote(SEARCH_TERM)}"),
            # The JSON API (docs/api.md): the same reads as data.
            ("api questions", "/api/v1/questions/"),
            (
                f"api unanswered under {top_tag.slug}",
                f"/api/v1/questions/?tab=unanswered&concept={top_tag.slug}",
            ),
            (f"api question, {busiest.answer_count} answers", f"/api/v1/questions/{busiest.pk}/"),
            (f"api search {SEARCH_TERM}", f"/api/v1/search/?q={quote(SEARCH_TERM)}"),
        ]

    # Queries, in this process --------------------------------------------------------------

    def _member_cookie(self) -> str:
        """A session of the synthetic member with the most reputation: the busiest pages (every
        button of every post), as wrk's Cookie header."""
        [self.member] = writers(1)
        return session_cookie(self.member)

    def _count_queries(self, result: Result, explain_over: float | None, cookie: str) -> None:
        headers = {PROXY_HEADER[0]: PROXY_HEADER[1]}
        if result.audience == MEMBER:
            headers["Cookie"] = cookie
        client = Client(headers=headers)
        with CaptureQueriesContext(connection) as cold:
            response = client.get(result.path)
        result.queries_cold = len(cold)
        with CaptureQueriesContext(connection) as warm:
            response = client.get(result.path)
        # Read now: the next request's start clears the connection's query log.
        captured = warm.captured_queries
        result.status = response.status_code
        result.queries = len(captured)
        result.sql_ms = sum(float(query["time"]) for query in captured) * 1000
        # Timed apart, without the query capture's own cost: the median of many, as one
        # request's time moves with what else the machine does.
        timings = []
        for _ in range(self.repeat):
            tick = time.perf_counter()
            client.get(result.path)
            timings.append((time.perf_counter() - tick) * 1000)
        result.server_ms = statistics.median(timings)
        if explain_over is not None:
            self._explain(result, captured, explain_over)

    def _explain(self, result: Result, queries: list[dict], over_ms: float) -> None:
        for query in queries:
            took = float(query["time"]) * 1000
            sql = query["sql"]
            # Reads only: EXPLAIN ANALYZE runs the statement.
            if took < over_ms or not re.match(r"\s*(SELECT|WITH)\b", sql, re.I):
                continue
            if re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql, re.I):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            self.stdout.write(f"\n### {result.page}: {took:.1f} ms\n\n```sql\n{sql}\n```\n")
            self.stdout.write(f"```\n{plan}\n```\n")

    def _write_costs(self) -> list[WriteCost]:
        """Each write a few times, on the most recently active questions that have answers but
        none accepted (so that each accept is a first one)."""
        questions = recent_questions(4 * WRITE_REPEATS, answered_without_accept=True)
        costs = write_costs(questions, writers(WRITERS), WRITE_REPEATS)
        for cost in costs:
            if len(cost.ms) < WRITE_REPEATS:
                self.stderr.write(f"only {len(cost.ms)} {cost.write} targets found")
        return costs

    # gunicorn and wrk ------------------------------------------------------------------------

    def _start_gunicorn(self, workers: int, port: int) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--preload",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            # Workers forked after Kiwi loaded hang when exiting (see docs/performance.md): the
            # master kills them after the graceful timeout, so keep it short.
            "--graceful-timeout",
            "3",
            "--log-level",
            "warning",
        ]
        self.stderr.write(" ".join(command))
        server = subprocess.Popen(command, env=os.environ.copy())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with status {server.returncode}")
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/bench/minimal/", headers=dict([PROXY_HEADER])
                )
                with urllib.request.urlopen(request, timeout=2):
                    return server
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        server.kill()
        raise CommandError("gunicorn did not answer within 120 s")

    def _load(
        self, result: Result, server: subprocess.Popen, wrk: str, cookie: str, options: dict
    ) -> None:
        """Load one page with wrk: its req/s and latency, and the CPU each part used."""
        url = f"http://127.0.0.1:{options['port']}{result.path}"
        self.stderr.write(f"wrk {result.page} as a {result.audience}: {url}")
        headers = [f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"]
        if result.audience == MEMBER:
            headers.append(f"Cookie: {cookie}")
        if options["warmup"]:
            self._wrk(wrk, url, options, headers, seconds=options["warmup"])
        pids = [server.pid, *_children(server.pid)]
        before = _cpu(pids), _cpu(_backends()), _wrk_ticks(), _machine()
        output = self._wrk(wrk, url, options, headers, seconds=options["seconds"])
        after = _cpu(pids), _cpu(_backends()), _wrk_ticks(), _machine()
        for name, value in asdict(wrk_read(output)).items():
            setattr(result, name, value)
        busy, elapsed = (after[3][i] - before[3][i] for i in (0, 1))
        used = [
            _used(before[0], after[0]),
            # The workers' connections; parallel query workers (short-lived) count
            # under "other", with everything else on the machine.
            _used(before[1], after[1]),
            after[2] - before[2],
        ]
        share = [100 * os.cpu_count() * ticks / elapsed for ticks in used]
        result.gunicorn_cpu, result.postgres_cpu, result.wrk_cpu = share
        result.other_cpu = 100 * os.cpu_count() * busy / elapsed - sum(share)

    def _wrk(self, wrk: str, url: str, options: dict, headers: list[str], *, seconds: int) -> str:
        command = wrk_command(
            wrk,
            url,
            threads=options["threads"],
            connections=options["connections"],
            seconds=seconds,
            headers=headers,
        )
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def _mixed(self, wrk: str, cookie: str, options: dict) -> MixedResult:
        seconds = options["mixed_seconds"] or options["seconds"]
        questions = recent_questions(MIXED_QUESTIONS)
        # Planned for a little longer than the run: the readers take a moment to start.
        count = math.ceil((seconds + 5) * options["writes_per_second"])
        members = min(options["mixed_members"], options["connections"])
        return mixed_run(
            wrk=wrk,
            port=options["port"],
            paths=reader_paths(questions),
            member_cookie=cookie,
            writes=write_plan(questions, writers(WRITERS), count),
            writes_per_second=options["writes_per_second"],
            seconds=seconds,
            warmup=options["warmup"],
            threads=options["threads"],
            visitor_connections=options["connections"] - members,
            member_connections=members,
            log=self.stderr.write,
        )

    def _print(self, results: list[Result], options: dict) -> None:
        questions = Question.objects.count()
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        self.stdout.write(f"\nload average before the run: {self.load_before}; after: {load}")
        self.stdout.write(
            f"{questions} questions; cache {self.cache_name}; "
            f"gunicorn --preload, {options['workers']} sync workers; "
            f"wrk {options['connections']} connections, {options['threads']} threads, "
            f"{options['seconds']} s per page\n"
        )
        if getattr(self, "member", None):
            self.stdout.write(
                f"member: {self.member.username} ({self.member.reputation} reputation)\n"
            )
        if not results:  # --mixed: the mixed run alone
            return
        self.stdout.write(
            "| page | as | status | req/s | p50 ms | p99 ms | queries (cold) | SQL ms "
            "| 1 request ms | CPU % gunicorn / postgres / wrk / other |"
        )
        self.stdout.write("|---|---|---|---|---|---|---|---|---|---|")
        for r in results:
            flag = f" ({r.non_2xx} non-2xx)" if r.non_2xx else ""
            self.stdout.write(
                f"| {r.page} | {r.audience} | {r.status}{flag} | {r.rps:.0f} | {r.p50_ms:.1f} "
                f"| {r.p99_ms:.1f} "
                f"| {r.queries} ({r.queries_cold}) | {r.sql_ms:.1f} | {r.server_ms:.1f} "
                f"| {r.gunicorn_cpu:.0f} / {r.postgres_cpu:.0f} / {r.wrk_cpu:.0f} "
                f"/ {r.other_cpu:.0f} |"
            )
        for r in results:
            if r.errors:
                self.stdout.write(f"{r.page} ({r.audience}): {r.errors}")
        for share in _member_shares(results):
            self.stdout.write(
                f"{share['page']}: a member's {share['member_rps']:.0f} req/s is "
                f"{share['percent']:.1f}% of a visitor's {share['visitor_rps']:.0f} "
                f"(goal ≥ {MEMBER_SHARE_GOAL}%)"
            )

    def _print_write_costs(self, costs: list[WriteCost]) -> None:
        if not costs:  # --mixed: the mixed run alone
            return
        self.stdout.write(
            f"\nwrites in this process (test client), {WRITE_REPEATS} each on different targets:"
        )
        self.stdout.write("| write | status | queries | ms (median) |\n|---|---|---|---|")
        for cost in costs:
            statuses = ", ".join(str(status) for status in sorted(set(cost.statuses)))
            low, high = min(cost.queries, default=0), max(cost.queries, default=0)
            queries = f"{low}" if low == high else f"{low}–{high}"
            self.stdout.write(f"| {cost.write} | {statuses} | {queries} | {cost.median_ms:.1f} |")


def _question_with_answers(count: int) -> Question:
    """The first question with `count` answers or, when there is none, with the nearest count."""
    return (
        Question.objects.filter(answer_count=count).order_by("id").first()
        or Question.objects.order_by(Abs(F("answer_count") - count), "id").first()
    )


def _member_shares(results: list[Result]) -> list[dict]:
    """For each question page loaded by both, a member's req/s as a share of a visitor's."""
    members = {r.page: r.rps for r in results if r.audience == MEMBER}
    return [
        {
            "page": r.page,
            "visitor_rps": r.rps,
            "member_rps": members[r.page],
            "percent": 100 * members[r.page] / r.rps,
        }
        for r in results
        if r.page.startswith("question,") and r.audience == VISITOR and r.page in members and r.rps
    ]


def _clear_bench_cache() -> None:
    """Remove this run's keys from Redis (config.bench_settings gives each run a prefix)."""
    prefix = getattr(settings, "BENCH_CACHE_PREFIX", "")
    if not settings.REDIS_URL or not prefix:
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def _stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and, should the master go first, the workers it forked."""
    workers = _children(server.pid)
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    for pid in workers:
        try:  # still the worker we saw (not a new process that took its id)?
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if b"gunicorn" not in cmdline.read():
                    continue
            os.kill(pid, signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError):
            pass


def _cpu(pids: list[int]) -> dict[int, int]:
    """CPU time used so far by each of `pids`, in clock ticks."""
    used = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            used[pid] = int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return used


def _used(before: dict[int, int], after: dict[int, int]) -> int:
    """Ticks used between two readings by the processes alive at the second (a connection
    that closed meanwhile is not counted: CONN_MAX_AGE recycles them every minute)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def _wrk_ticks() -> int:
    """CPU time of this process's finished children (wrk runs to completion), in ticks."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK"))


def _machine() -> tuple[int, int]:
    """Busy and total time of all the machine's cores, in clock ticks."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


def _backends() -> list[int]:
    """The PostgreSQL server processes serving this database (the workers' connections)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # pid (comm) state ppid ...: comm may hold spaces, so split after the ")".
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(entry))
    return found


def _public(options: dict) -> dict:
    keys = (
        "size",
        "seconds",
        "connections",
        "threads",
        "workers",
        "audience",
        "mixed_seconds",
        "mixed_members",
        "writes_per_second",
    )
    return {key: options[key] for key in keys}
