"""Search benchmark: builds a synthetic community of N questions, then times queries.

Run it against a scratch database (it adds rows), with the bench settings that install this
app (`make bench-manage` sets them): e.g., after createdb gachi_bench_search, migrate and seed,
    make bench-manage SIZE=search ARGS="bench_search --questions 100000"
It reports indexing throughput, and p50/p95 latency of the search page's work (matching,
ranking, the first page of 30 and the count) over Korean, English and mixed queries.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from tqdm import tqdm

from apps.accounts.models import User
from apps.questions.models import Question
from apps.search.analyzer import analyze, kiwi
from apps.search.query import search_questions
from apps.search.services import write_index
from apps.search.synonyms import concepts_in_text
from apps.tags.models import ConceptTag
from bench.synthetic import KO_NOUNS, Vocabulary

BENCH_USERNAME = "bench-author"
QUERIES = [
    "수학을 공부",
    "추천 시스템",
    "추천시스템 행렬 분해",
    "논문 구현",
    "우도",
    "경사하강법 학습률",
    "교차 엔트로피",
    "고유값",
    "베이즈 사후분포",
    "과적합 정규화",
    "cross entropy",
    "likelihood",
    "gradient descent",
    "matrix factorization",
    "softmax regression",
    "attention transformer",
    "우도 likelihood 차이",
    "softmax 함수 미분",
    "np.log 손실",
    "[probability] 기댓값",
    "isaccepted:no 행렬",
    "확률 분포 샘플링 방법",
    "bandit 추천",
    "강화학습 policy",
]


def _memory_mb() -> str:
    """RSS, proportional share (PSS) and private memory of this process, from Linux."""
    fields = {}
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if parts[0] in {"Rss:", "Pss:", "Private_Clean:", "Private_Dirty:"}:
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return f"RSS {fields['Rss']:.0f} MB, PSS {fields['Pss']:.0f} MB, private {private:.0f} MB"


class Command(BaseCommand):
    help = "Benchmark search: synthetic questions, indexing throughput, query latency."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--memory",
            action="store_true",
            help="Only measure the analyzer's memory: loaded once, shared by forked workers.",
        )

    def handle(self, *args, questions: int, seed: int, repeat: int, memory: bool, **options):
        if memory:
            self._memory()
            return
        author, _created = User.objects.get_or_create(username=BENCH_USERNAME)
        existing = Question.objects.count()
        if existing < questions:
            self._generate(author, questions - existing, random.Random(seed + existing))
        self._measure(repeat)

    def _generate(self, author, count: int, rng: random.Random) -> None:
        tags = list(ConceptTag.objects.all())
        vocabulary = Vocabulary(rng)
        through = Question.tags.through
        started = time.perf_counter()
        analysis_seconds = 0.0
        batch_size = 1000
        with tqdm(total=count, unit="question") as bar:
            for offset in range(0, count, batch_size):
                size = min(batch_size, count - offset)
                now = timezone.now()
                rows = []
                for _ in range(size):
                    title = vocabulary.sentence(rng.randint(2, 5))[:140]
                    body = vocabulary.body()
                    rows.append(
                        Question(
                            author=author,
                            title=title,
                            body=body,
                            body_html=f"<p>{escape(body)}</p>",
                            score=rng.randint(-2, 40),
                            answer_count=rng.choice([0, 0, 1, 1, 2, 3, 5]),
                            view_count=rng.randint(0, 500),
                            created_at=now,
                            last_activity_at=now,
                        )
                    )
                with transaction.atomic():
                    created = Question.objects.bulk_create(rows)
                    if connection.vendor != "postgresql":  # SQLite returns no ids on bulk_create
                        created = list(Question.objects.order_by("-id")[:size])[::-1]
                    links, terms = [], []
                    for question in created:
                        chosen = rng.sample(tags, rng.randint(1, 3)) if tags else []
                        links += [through(question=question, concepttag=tag) for tag in chosen]
                        tick = time.perf_counter()
                        title_terms = analyze(question.title)
                        body_terms = analyze(question.body)
                        concepts = concepts_in_text(f"{question.title}\n{question.body}")
                        analysis_seconds += time.perf_counter() - tick
                        body_terms += sorted(concepts)
                        terms.append((question.pk, title_terms, body_terms))
                    through.objects.bulk_create(links)
                    for pk, title_terms, body_terms in terms:
                        write_index(pk, title_terms, body_terms)
                bar.update(size)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"generated {count} questions in {elapsed:.1f} s; analysis "
            f"{count / analysis_seconds:.0f} docs/s, "
            f"whole indexing {count / elapsed:.0f} questions/s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics for the timings

    def _memory(self, workers: int = 2) -> None:
        """Load Kiwi as gunicorn --preload would, fork workers, and read their memory."""
        import os

        kiwi()
        self.stdout.write(f"master after loading Kiwi: {_memory_mb()}")
        texts = [f"{rng_text} 추천 시스템을 공부합니다" for rng_text in KO_NOUNS * 8]
        children = []
        for _ in range(workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # a worker: analyze like a request would, then report
                os.close(read)
                for text in texts:
                    analyze(text)
                os.write(write, _memory_mb().encode())
                os._exit(0)
            os.close(write)
            children.append((pid, read))
        for number, (pid, read) in enumerate(children, start=1):
            report = os.read(read, 4096).decode()
            os.waitpid(pid, 0)
            self.stdout.write(f"worker {number} after analyzing {len(texts)} texts: {report}")

    def _measure(self, repeat: int) -> None:
        total = Question.objects.count()
        timings: list[float] = []
        per_query: dict[str, float] = {}
        query_counts: set[int] = set()
        for raw in QUERIES:  # warm up: Kiwi loaded (as gunicorn --preload does), caches filled
            search_questions(raw)
        for _round in range(repeat):
            for raw in QUERIES:
                tick = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    result = search_questions(raw)  # what the search page does
                    first_page = result.questions(result.ids[:30])
                    count = len(result.ids)
                elapsed = (time.perf_counter() - tick) * 1000
                timings.append(elapsed)
                per_query[raw] = min(per_query.get(raw, elapsed), elapsed)
                query_counts.add(len(captured))
                _ = first_page, count
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        self.stdout.write(
            f"{connection.vendor}: {total} questions, {len(timings)} searches: "
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
            f"max {timings[-1]:.1f} ms; SQL queries per search: {sorted(query_counts)}"
        )
        for raw, best in sorted(per_query.items(), key=lambda item: -item[1])[:5]:
            self.stdout.write(f"  slowest: {raw!r} {best:.1f} ms (best of {repeat})")
