"""A synthetic community for benchmarks and load tests (`manage.py generate_community`).

People (about one per ten questions) with Zipf-like activity; questions in Korean or English
with math and code, under 1 to 5 concepts; 0 to 30 answers on a long-tailed distribution;
votes on questions and answers; accepted answers; revision 1 of every post; the asker and the
answerers following the question; the reputation ledger; the search index. Every stored
counter (scores, answer counts, concept question counts, reputation) is written equal to its
recount, and `manage.py recount` is run at the end to prove it.

Fast enough for a million questions because:
- text is built from pools of distinct titles, sentences, formulas and code blocks, each
  analyzed for search (Kiwi) and rendered to HTML once, in parallel processes; a post's index
  terms and HTML are the concatenation of its pieces' (pieces end in punctuation, so nothing
  joins across them: a sample of posts is checked against a full re-analysis at the end);
- rows are written as tuples, with PostgreSQL's COPY (executemany on SQLite), with ids
  reserved from the tables' own sequences, in one transaction per batch of questions;
- the reputation rules come from the services (`vote_events`, `accept_events`, `POINTS`),
  read once and applied to plain numbers.

It adds to the database it is given and refuses one that already has a synthetic community
(its people have addresses at `synthetic.invalid`). Nothing here sends mail or notifications.
"""

import bisect
import datetime as dt
import multiprocessing
import os
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import StringIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, connections, models, transaction
from django.utils import timezone
from tqdm import tqdm

from apps.accounts.models import User
from apps.answers.models import Answer, AnswerRevision
from apps.following.models import QuestionFollow
from apps.markup.rendering import render_markdown
from apps.posts.models import Post
from apps.questions.models import Question, QuestionRevision
from apps.reputation.models import ReputationEvent
from apps.reputation.services import POINTS
from apps.search.analyzer import analyze, kiwi
from apps.search.services import write_index
from apps.search.synonyms import concept_token, concepts_in_text
from apps.tags.models import ConceptTag
from apps.votes.models import Vote
from bench.synthetic import (
    CODE_BLOCKS,
    DISPLAY_MATH,
    EN_ANSWER_SENTENCES,
    EN_QUESTION_SENTENCES,
    EN_TITLES,
    KO_ANSWER_SENTENCES,
    KO_QUESTION_SENTENCES,
    KO_TITLES,
    Vocabulary,
)

SYNTHETIC_EMAIL_DOMAIN = "synthetic.invalid"
UNUSABLE_PASSWORD = "!synthetic"  # "!" marks a password nobody can log in with
MAX_ANSWERS = 30
SPAN = dt.timedelta(days=3 * 365)  # questions are spread over the three years before `now`
ENGLISH_SHARE = 0.2  # of the people, who write in English
TAG_COUNT_WEIGHTS = {1: 30, 2: 30, 3: 22, 4: 12, 5: 6}

KO_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
KO_GIVEN = "민서준지현우수연하은도윤예진태희성호유나경"
EN_FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Chris", "Dana", "Jamie", "Robin", "Casey", "Lee"]
USERNAME_STEMS = [
    "수학러",
    "행렬덕후",
    "확률공부",
    "딥러닝입문",
    "캠퍼",
    "통계초보",
    "연구생",
    "개발자",
    "gradient",
    "eigen",
    "bayes",
    "tensor",
    "learner",
    "kernel",
    "sigma",
]


class GenerationRefused(Exception):
    """The database is not one to generate into (see the message)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A distinct piece of text, analyzed and rendered once however many posts reuse it."""

    text: str
    html: str  # a sentence's inline HTML, a block's HTML; empty for titles and tag names
    terms: tuple[str, ...]
    concepts: frozenset[str]


@dataclass
class Report:
    questions: int = 0
    answers: int = 0
    votes: int = 0
    events: int = 0
    people: int = 0
    pieces: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    recount: str = ""
    checked: int = 0
    index_identical: int = 0
    terms_expected: int = 0
    terms_matched: int = 0
    html_identical: int = 0
    mismatches: list[str] = field(default_factory=list)


# --- Text ---------------------------------------------------------------------------------------


def _prepare(item: tuple[str, str]) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """Analyze (and render) one piece: runs in worker processes."""
    text, kind = item
    html = ""
    if kind == "sentence":
        rendered = render_markdown(text)
        if not (rendered.startswith("<p>") and rendered.endswith("</p>\n")):
            raise ValueError(f"a sentence rendered as more than a paragraph: {text!r}")
        html = rendered[3:-5]
    elif kind == "block":
        html = render_markdown(text)
    concepts = frozenset() if kind == "tags" else frozenset(concepts_in_text(text))
    return html, tuple(analyze(text)), concepts


class TextBank:
    """Pools of titles and sentences (by language, question or answer, and concept),
    display formulas and code blocks, every one analyzed and rendered once."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, tags: list[ConceptTag]):
        self.rng = rng
        self.vocabulary = vocabulary
        self.tags = tags
        self._raw_titles: dict[str, list[tuple[str, int | None]]] = {"ko": [], "en": []}
        self._raw_sentences: dict[tuple, list[str]] = defaultdict(list)

    def _topic(self, tag: ConceptTag, language: str) -> str:
        if language == "en":
            return tag.name_en
        aliases = [a.strip() for a in tag.aliases.split(",") if re.search("[가-힣]", a)]
        if aliases and self.rng.random() < 0.25:
            return self.rng.choice(aliases)
        return re.sub(r"\s*\(.*\)$", "", tag.name_ko)  # "랭크 (계수)" is written 랭크

    def draft(self, *, titles: int, sentences: int, pick_tag: Callable[[], int]) -> None:
        """Write the pools' texts (fast; analysis comes in `prepare`)."""
        rng, vocabulary = self.rng, self.vocabulary
        for _ in range(titles):
            language = "en" if rng.random() < ENGLISH_SHARE else "ko"
            tag = pick_tag() if rng.random() < 0.7 else None
            topic = self._topic(self.tags[tag], language) if tag is not None else None
            template = rng.choice(EN_TITLES if language == "en" else KO_TITLES)
            title = vocabulary.from_template(template, english=language == "en", topic=topic)
            self._raw_titles[language].append((title[:150], tag))
        templates = {
            ("question", "ko"): KO_QUESTION_SENTENCES,
            ("question", "en"): EN_QUESTION_SENTENCES,
            ("answer", "ko"): KO_ANSWER_SENTENCES,
            ("answer", "en"): EN_ANSWER_SENTENCES,
        }
        for _ in range(sentences):
            role = rng.choice(("question", "answer"))
            language = "en" if rng.random() < ENGLISH_SHARE else "ko"
            tag = pick_tag() if rng.random() < 0.3 else None
            topic = self._topic(self.tags[tag], language) if tag is not None else None
            text = vocabulary.from_template(
                rng.choice(templates[role, language]), english=language == "en", topic=topic
            )
            self._raw_sentences[role, language, tag].append(text)

    def prepare(self, *, jobs: int, progress: bool) -> int:
        """Analyze and render every distinct piece once; returns how many there were."""
        items: dict[str, str] = {}
        for pool in self._raw_titles.values():
            items.update((title, "title") for title, _tag in pool)
        for pool in self._raw_sentences.values():
            items.update((text, "sentence") for text in pool)
        items.update((text, "block") for text in [*DISPLAY_MATH, *CODE_BLOCKS])
        for tag in self.tags:
            items[_tag_names(tag)] = "tags"
        work = list(items.items())
        kiwi()
        concepts_in_text("")  # load the concept names before forking
        bar = tqdm(total=len(work), unit="piece", desc="analyzing text", disable=not progress)
        if jobs > 1 and not connection.in_atomic_block:
            connections.close_all()  # each worker opens its own connection if it needs one
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = []
                for result in pool.imap(_prepare, work, chunksize=256):
                    results.append(result)
                    bar.update()
        else:
            results = []
            for item in work:
                results.append(_prepare(item))
                bar.update()
        bar.close()
        pieces = {
            text: Piece(text, html, terms, concepts)
            for (text, _kind), (html, terms, concepts) in zip(work, results, strict=True)
        }
        self.titles = {
            language: [(pieces[title], tag) for title, tag in pool]
            for language, pool in self._raw_titles.items()
        }
        self.sentences = {
            key: [pieces[text] for text in pool] for key, pool in self._raw_sentences.items()
        }
        self.math = [pieces[text] for text in DISPLAY_MATH]
        self.code = [pieces[text] for text in CODE_BLOCKS]
        self.tag_names = [pieces[_tag_names(tag)] for tag in self.tags]
        return len(work)

    def sentence(self, role: str, language: str, tag: int | None = None) -> Piece:
        if tag is not None and (pool := self.sentences.get((role, language, tag))):
            return self.rng.choice(pool)
        return self.rng.choice(self.sentences[role, language, None])

    def post(self, role: str, language: str, topic_tags: Sequence[int]) -> list:
        """A post's blocks: paragraphs (lists of sentences) and formula or code pieces."""
        rng = self.rng
        paragraphs = rng.choices((1, 2, 3, 4), (40, 35, 18, 7))[0]
        blocks: list = []
        for number in range(paragraphs):
            count = rng.choices((1, 2, 3), (35, 45, 20))[0]
            topic = rng.choice(topic_tags) if topic_tags and rng.random() < 0.6 else None
            sentences = [
                self.sentence(role, language, topic if i == 0 else None) for i in range(count)
            ]
            blocks.append(sentences)
            if number == 0 and rng.random() < (0.2 if role == "question" else 0.3):
                blocks.append(rng.choice(self.math))
        if rng.random() < (0.15 if role == "question" else 0.25):
            blocks.append(rng.choice(self.code))
        return blocks


def _tag_names(tag: ConceptTag) -> str:
    # What the index adds for a concept a question is filed under (apps.search.services).
    return f"{tag.name_ko} {tag.name_en}"


def _markdown(blocks: list) -> str:
    return "\n\n".join(
        " ".join(piece.text for piece in block) if isinstance(block, list) else block.text
        for block in blocks
    )


def _html(blocks: list) -> str:
    return "".join(
        "<p>" + " ".join(piece.html for piece in block) + "</p>\n"
        if isinstance(block, list)
        else block.html
        for block in blocks
    )


def _pieces(blocks: list):
    for block in blocks:
        if isinstance(block, list):
            yield from block
        else:
            yield block


# --- Rows ---------------------------------------------------------------------------------------


class _Table:
    """Rows for one table as tuples, written with COPY (PostgreSQL) or executemany (SQLite).

    Columns not given are filled with their field's default, so a field added to a model
    later needs no change here unless it has no default.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        meta = model._meta
        concrete = {f.attname: f for f in meta.concrete_fields}
        unknown = set(fields) - set(concrete)
        if unknown:
            raise ImproperlyConfigured(f"{model.__name__} has no fields {sorted(unknown)}")
        rest = [
            f
            for f in meta.concrete_fields
            if f.attname not in fields and not isinstance(f, models.AutoField)
        ]
        defaults = []
        for f in rest:
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.empty_strings_allowed and not isinstance(f, models.DateTimeField):
                value = ""
            else:
                raise ImproperlyConfigured(
                    f"{model.__name__}.{f.name} has no default: generate_community must set it"
                )
            defaults.append(f.get_db_prep_save(value, connection))
        self.table = meta.db_table
        self.columns = [concrete[name].column for name in fields] + [f.column for f in rest]
        self.defaults = tuple(defaults)
        self.datetimes = [
            i for i, name in enumerate(fields) if isinstance(concrete[name], models.DateTimeField)
        ]
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(values)

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.defaults)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                converted = []
                for row in rows:
                    row = list(row)
                    for i in self.datetimes:
                        row[i] = adapt(row[i])
                    converted.append(tuple(row) + self.defaults)
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})", converted
                )
        return len(rows)


class _Ids:
    """Primary keys reserved ahead of the insert, so rows can point at each other."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def reserve(self, model: type[models.Model], count: int) -> list[int]:
        if count == 0:
            return []
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            if table not in self._next:  # SQLite: after the largest id ever used
                quote = connection.ops.quote_name
                cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
                largest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                self._next[table] = max(largest, row[0] if row else 0) + 1
        start = self._next[table]
        self._next[table] = start + count
        return list(range(start, start + count))


# --- Reputation rules -----------------------------------------------------------------------


def _ledger_rules() -> tuple[dict, tuple]:
    """The services' reputation rules as (who, reason, points) for each kind of cause.

    `who` is "author" (of the post voted on or the answer accepted) or "actor" (the voter, the
    asker who accepts). Read from the services themselves, so generated ledgers follow them.
    """
    from apps.answers.services import accept_events
    from apps.votes.services import vote_events

    author, actor = 1, 2  # stand-in ids

    def shape(events) -> tuple:
        return tuple(
            (
                "author" if event.user_id == author else "actor",
                str(event.reason),
                POINTS[event.reason],
            )
            for event in events
        )

    votes = {
        (kind, value): shape(vote_events(Vote(user_id=actor, value=value), model(author_id=author)))
        for kind, model in (("question", Question), ("answer", Answer))
        for value in (Vote.UP, Vote.DOWN)
    }
    return votes, shape(accept_events(Answer(author_id=author), actor))


# --- The community ------------------------------------------------------------------------------


@dataclass
class _Post:
    id: int = 0
    post_id: int = 0  # its row in apps.posts
    author: int = 0  # index into the people
    created: dt.datetime | None = None
    blocks: list = field(default_factory=list)
    votes: list = field(default_factory=list)  # (voter index, value, when)
    score: int = 0


@dataclass
class _Question(_Post):
    title: Piece | None = None
    tags: list[int] = field(default_factory=list)
    answers: list[_Post] = field(default_factory=list)
    accepted: _Post | None = None
    accepted_at: dt.datetime | None = None
    views: int = 0


def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-exponent
        cumulative.append(total)
    return cumulative


class CommunityGenerator:
    def __init__(
        self,
        *,
        questions: int,
        seed: int,
        now: dt.datetime | None = None,
        jobs: int = 1,
        batch_size: int = 1000,
        progress: bool = True,
        check: int = 100,
        log: Callable[[str], None] = print,
    ):
        self.total = questions
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.start = self.now - SPAN
        self.jobs = max(1, jobs)
        self.batch_size = batch_size
        self.progress = progress
        self.check = check
        self.log = log
        self.ids = _Ids()
        self.report = Report()

    # The distributions ------------------------------------------------------------------------

    def _pick(self, cumulative: list[float], order: list[int]) -> int:
        return order[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def _person(self, cumulative: list[float], exclude: int = -1) -> int:
        for _attempt in range(20):
            person = self._pick(cumulative, self.activity)
            if person != exclude:
                return person
        return (exclude + 1) % len(self.people)

    def _answer_count(self) -> int:
        if self.rng.random() < 0.18:
            return 0
        return min(MAX_ANSWERS, 1 + self._pick(self.answer_counts, self.answer_count_order))

    def _vote_count(self, popularity: float, factor: float) -> int:
        # Pareto: most posts get no vote or a few, a few get hundreds.
        count = int((self.rng.paretovariate(1.5) - 1) * factor * popularity)
        return min(count, len(self.people) - 1, 2000)

    def _voters(self, count: int, exclude: int) -> list[int]:
        everyone = len(self.people)
        if count <= 0:
            return []
        if count > 50 and count * 20 > everyone:  # many: drawn evenly from everyone else
            return self.rng.sample([p for p in range(everyone) if p != exclude], count)
        chosen, seen = [], {exclude}
        while len(chosen) < count:
            person = self._pick(self.vote_weights, self.activity)
            if person not in seen:
                seen.add(person)
                chosen.append(person)
        return chosen

    def _later(self, after: dt.datetime, mean_days: float, minimum_minutes: int = 2):
        delay = dt.timedelta(days=self.rng.expovariate(1 / mean_days), minutes=minimum_minutes)
        return min(after + delay, self.now)

    def _tags(self, primary: int | None) -> list[int]:
        rng = self.rng
        count = rng.choices(list(TAG_COUNT_WEIGHTS), list(TAG_COUNT_WEIGHTS.values()))[0]
        chosen = [primary if primary is not None else self._pick_tag()]
        for _attempt in range(count * 4):
            if len(chosen) == count:
                break
            related = self.related[chosen[0]]
            tag = rng.choice(related) if related and rng.random() < 0.5 else self._pick_tag()
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def _pick_tag(self) -> int:
        return self._pick(self.tag_weights, self.tag_order)

    # Set-up ------------------------------------------------------------------------------------

    def _check_database(self) -> None:
        existing = User.objects.filter(email__endswith="@" + SYNTHETIC_EMAIL_DOMAIN).count()
        if existing:
            raise GenerationRefused(
                f"This database already has a synthetic community ({existing} people at "
                f"{SYNTHETIC_EMAIL_DOMAIN}). Generate into a fresh scratch database instead "
                f"(createdb, migrate, seed), or drop this one."
            )
        if not ConceptTag.objects.exists():
            raise GenerationRefused("There are no concept tags yet: run `manage.py seed` first.")

    def _set_up(self) -> None:
        rng = self.rng
        self.tags = list(ConceptTag.objects.order_by("slug"))
        index = {tag.pk: i for i, tag in enumerate(self.tags)}
        self.related: list[list[int]] = [[] for _ in self.tags]
        for from_id, to_id in ConceptTag.prerequisites.through.objects.values_list(
            "from_concepttag_id", "to_concepttag_id"
        ):
            self.related[index[from_id]].append(index[to_id])
            self.related[index[to_id]].append(index[from_id])
        self.tag_order = list(range(len(self.tags)))
        rng.shuffle(self.tag_order)
        self.tag_weights = _zipf_cumulative(len(self.tags), 0.8)
        counts = list(range(MAX_ANSWERS))
        self.answer_count_order = counts
        self.answer_counts = _zipf_cumulative(MAX_ANSWERS, 2.0)

        self.vocabulary = Vocabulary(rng)
        self.bank = TextBank(rng, self.vocabulary, self.tags)
        self.bank.draft(
            titles=min(max(self.total, 500), 60_000),
            sentences=min(max(self.total // 2, 3_000), 60_000),
            pick_tag=self._pick_tag,
        )

        people = max(20, self.total // 10)
        self.people = list(range(people))
        self.activity = list(range(people))  # who is how active: shuffled Zipf ranks
        rng.shuffle(self.activity)
        self.ask_weights = _zipf_cumulative(people, 0.8)
        self.answer_weights = _zipf_cumulative(people, 1.0)
        self.vote_weights = _zipf_cumulative(people, 0.9)
        self.language = ["en" if rng.random() < ENGLISH_SHARE else "ko" for _ in self.people]
        self.reputation = [settings.REPUTATION_BASE] * people
        self.vote_rules, self.accept_rule = _ledger_rules()

    def _create_people(self) -> None:
        rng = self.rng
        ids = self.ids.reserve(User, len(self.people))
        self.person_ids = ids
        rows = []
        for i, user_id in enumerate(ids):
            stem = USERNAME_STEMS[i % len(USERNAME_STEMS)]
            if self.language[i] == "en":
                display = rng.choice(EN_FIRST) + " " + rng.choice("ABCDEFGHJKLMNPRSTW") + "."
            elif rng.random() < 0.7:
                display = rng.choice(KO_SURNAMES) + "".join(rng.choices(KO_GIVEN, k=2))
            else:
                display = ""
            joined = self.start - dt.timedelta(days=rng.uniform(0, 365))
            rows.append(
                (
                    user_id,
                    f"{stem}{i + 1}",
                    display,
                    f"member{i + 1}@{SYNTHETIC_EMAIL_DOMAIN}",
                    UNUSABLE_PASSWORD,
                    joined,
                    settings.REPUTATION_BASE,
                )
            )
        taken = set(
            User.objects.filter(username__in=[row[1] for row in rows]).values_list(
                "username", flat=True
            )
        )
        if taken:
            raise GenerationRefused(f"usernames already taken: {sorted(taken)[:5]}")
        table = _Table(
            User,
            ["id", "username", "display_name", "email", "password", "date_joined", "reputation"],
        )
        with transaction.atomic():
            for row in rows:
                table.add(*row)
            table.flush()

    # One question, in memory ---------------------------------------------------------------

    def _question(self, number: int) -> _Question:
        rng = self.rng
        asker = self._pick(self.ask_weights, self.activity)
        language = self.language[asker]
        title, title_tag = rng.choice(self.bank.titles[language])
        question = _Question(
            author=asker,
            created=self.start + SPAN * ((number + rng.random()) / self.total),
            title=title,
        )
        question.tags = self._tags(title_tag)
        question.blocks = self.bank.post("question", language, question.tags)
        popularity = rng.lognormvariate(0, 0.7)
        answers = MAX_ANSWERS if number == self.total // 2 else self._answer_count()
        for _ in range(answers):
            answerer = self._person(self.answer_weights, exclude=asker)
            answer = _Post(
                author=answerer,
                created=self._later(question.created, 2.0, 5),
                blocks=self.bank.post("answer", self.language[answerer], question.tags),
            )
            question.answers.append(answer)
        question.answers.sort(key=lambda answer: answer.created)
        for post, factor, up_share in [(question, 1.2, 0.88)] + [
            (answer, 1.0, 0.85) for answer in question.answers
        ]:
            count = self._vote_count(popularity, factor)
            for voter in self._voters(count, exclude=post.author):
                value = Vote.UP if rng.random() < up_share else Vote.DOWN
                post.votes.append((voter, value, self._later(post.created, 7.0)))
                post.score += value
        if question.answers and rng.random() < 0.55:
            if rng.random() < 0.7:
                accepted = max(question.answers, key=lambda answer: answer.score)
            else:
                accepted = rng.choice(question.answers)
            question.accepted = accepted
            question.accepted_at = self._later(accepted.created, 1.0)
        question.views = int(
            popularity * (15 + 12 * answers + 6 * len(question.votes)) * rng.uniform(0.5, 1.5)
        )
        return question

    # One batch, to the database -------------------------------------------------------------

    def _batch(self, first: int, count: int, tables: dict[str, _Table], checks: set[int]):
        batch = [self._question(number) for number in range(first, first + count)]
        answers = [answer for question in batch for answer in question.answers]
        posts = batch + answers
        question_ids = self.ids.reserve(Question, len(batch))
        answer_ids = self.ids.reserve(Answer, len(answers))
        post_ids = self.ids.reserve(Post, len(posts))
        vote_ids = iter(self.ids.reserve(Vote, sum(len(post.votes) for post in posts)))
        for question, pk in zip(batch, question_ids, strict=True):
            question.id = pk
        for answer, pk in zip(answers, answer_ids, strict=True):
            answer.id = pk
        for post, pk in zip(posts, post_ids, strict=True):
            post.post_id = pk
            tables["post"].add(pk, "question" if isinstance(post, _Question) else "answer")
        person = self.person_ids
        reputation = self.reputation
        index_documents = []
        for number, question in enumerate(batch, start=first):
            asker = question.author
            body = _markdown(question.blocks)
            last_activity = max([question.created] + [a.created for a in question.answers])
            tables["question"].add(
                question.id,
                question.post_id,
                person[asker],
                question.title.text,
                body,
                _html(question.blocks),
                question.score,
                len(question.answers),
                question.views,
                question.accepted.id if question.accepted else None,
                question.created,
                last_activity,
            )
            slugs = ",".join(sorted(self.tags[tag].slug for tag in question.tags))
            tables["question_revision"].add(
                question.id, 1, person[asker], question.created, question.title.text, body, slugs
            )
            for tag in question.tags:
                tables["question_tags"].add(question.id, self.tags[tag].pk)
                self.tag_counts[tag] += 1
            followers = {asker: question.created}
            for answer in question.answers:
                answer_body = _markdown(answer.blocks)
                tables["answer"].add(
                    answer.id,
                    answer.post_id,
                    question.id,
                    person[answer.author],
                    answer_body,
                    _html(answer.blocks),
                    answer.score,
                    answer.created,
                )
                tables["answer_revision"].add(
                    answer.id, 1, person[answer.author], answer.created, answer_body
                )
                followers.setdefault(answer.author, answer.created)
            for follower, since in followers.items():
                tables["follow"].add(person[follower], question.id, since)
            for post in [question, *question.answers]:
                kind = "question" if post is question else "answer"
                for voter, value, when in post.votes:
                    vote_id = next(vote_ids)
                    tables["vote"].add(vote_id, person[voter], post.post_id, value, when)
                    for who, reason, points in self.vote_rules[kind, value]:
                        user = post.author if who == "author" else voter
                        reputation[user] += points
                        tables["event"].add(person[user], points, reason, vote_id, None, when)
            if question.accepted is not None and question.accepted.author != asker:
                accepted = question.accepted
                for who, reason, points in self.accept_rule:
                    user = accepted.author if who == "author" else asker
                    reputation[user] += points
                    tables["event"].add(
                        person[user], points, reason, None, accepted.post_id, question.accepted_at
                    )
            title_terms, body_terms = self._index_terms(question)
            index_documents.append((question.id, title_terms, body_terms))
            if number in checks:
                self.checks.append((question.id, title_terms, body_terms))
        with transaction.atomic():
            for table in tables.values():
                written = table.flush()
                if table is tables["event"]:
                    self.report.events += written
            for pk, title_terms, body_terms in index_documents:
                write_index(pk, title_terms, body_terms)
        self.report.questions += len(batch)
        self.report.answers += len(answers)
        self.report.votes += sum(len(post.votes) for post in posts)

    def _index_terms(self, question: _Question) -> tuple[list[str], list[str]]:
        """What `apps.search.services` indexes for the question, from its pieces' terms."""
        title = question.title
        body_terms: list[str] = []
        concepts: set[str] = set()
        for blocks in [question.blocks] + [answer.blocks for answer in question.answers]:
            for piece in _pieces(blocks):
                body_terms.extend(piece.terms)
                concepts |= piece.concepts
        for tag in question.tags:
            body_terms.extend(self.bank.tag_names[tag].terms)
            concepts.add(concept_token(self.tags[tag].slug))
        return (
            [*title.terms, *sorted(title.concepts)],
            [*body_terms, *sorted(concepts - title.concepts)],
        )

    # The run -------------------------------------------------------------------------------

    def run(self) -> Report:
        clock = time.perf_counter()
        self._check_database()
        self._set_up()
        self.report.pieces = self.bank.prepare(jobs=self.jobs, progress=self.progress)
        self.report.seconds["text"] = time.perf_counter() - clock

        clock = time.perf_counter()
        self._create_people()
        self.report.people = len(self.people)
        self.tag_counts: Counter[int] = Counter()
        self.checks: list[tuple[int, list[str], list[str]]] = []
        checks = set(
            random.Random(self.seed + 1).sample(range(self.total), min(self.check, self.total))
        )
        tables = {
            "post": _Table(Post, ["id", "kind"]),
            "question": _Table(
                Question,
                [
                    "id",
                    "post_id",
                    "author_id",
                    "title",
                    "body",
                    "body_html",
                    "score",
                    "answer_count",
                    "view_count",
                    "accepted_answer_id",
                    "created_at",
                    "last_activity_at",
                ],
            ),
            "question_revision": _Table(
                QuestionRevision,
                ["question_id", "number", "author_id", "created_at", "title", "body", "tags"],
            ),
            "question_tags": _Table(Question.tags.through, ["question_id", "concepttag_id"]),
            "answer": _Table(
                Answer,
                [
                    "id",
                    "post_id",
                    "question_id",
                    "author_id",
                    "body",
                    "body_html",
                    "score",
                    "created_at",
                ],
            ),
            "answer_revision": _Table(
                AnswerRevision, ["answer_id", "number", "author_id", "created_at", "body"]
            ),
            "follow": _Table(QuestionFollow, ["user_id", "question_id", "created_at"]),
            "vote": _Table(Vote, ["id", "user_id", "post_id", "value", "created_at"]),
            "event": _Table(
                ReputationEvent,
                ["user_id", "amount", "reason", "vote_id", "post_id", "created_at"],
            ),
        }
        with tqdm(
            total=self.total, unit="question", desc="writing", disable=not self.progress
        ) as bar:
            for first in range(0, self.total, self.batch_size):
                count = min(self.batch_size, self.total - first)
                self._batch(first, count, tables, checks)
                bar.update(count)
        self._finish_counters()
        self.report.seconds["rows"] = time.perf_counter() - clock

        clock = time.perf_counter()
        self._tidy()
        self.report.seconds["vacuum"] = time.perf_counter() - clock
        clock = time.perf_counter()
        output = StringIO()
        call_command("recount", stdout=output)
        self.report.recount = output.getvalue().strip()
        self.report.seconds["recount"] = time.perf_counter() - clock
        self._compare_sample()
        return self.report

    def _finish_counters(self) -> None:
        """The people's reputation and the concepts' question counts, from what was written."""
        with transaction.atomic():
            changed = [
                User(pk=self.person_ids[i], reputation=total)
                for i, total in enumerate(self.reputation)
                if total != settings.REPUTATION_BASE
            ]
            User.objects.bulk_update(changed, ["reputation"], batch_size=1000)
            for tag, added in sorted(self.tag_counts.items()):
                ConceptTag.objects.filter(pk=self.tags[tag].pk).update(
                    question_count=models.F("question_count") + added
                )

    def _tidy(self) -> None:
        """Fresh planner statistics (and, on PostgreSQL, a vacuumed visibility map)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")

    def _compare_sample(self) -> None:
        """A sample of questions against the real write path's analysis and rendering."""
        from apps.search.services import _document_parts  # the indexing path itself

        report = self.report
        for pk, title_terms, body_terms in self.checks:
            question = Question.objects.prefetch_related("tags").get(pk=pk)
            expected = Counter(term for part in _document_parts(question) for term in part)
            written = Counter(title_terms) + Counter(body_terms)
            report.checked += 1
            report.terms_expected += expected.total()
            report.terms_matched += (expected & written).total()
            if expected == written:
                report.index_identical += 1
            else:
                report.mismatches.append(
                    f"question {pk}: index lacks {dict(expected - written)}, "
                    f"has extra {dict(written - expected)}"
                )
            posts = [question, *Answer.objects.filter(question=question)]
            if all(render_markdown(post.body) == post.body_html for post in posts):
                report.html_identical += 1
            else:
                report.mismatches.append(f"question {pk}: stored HTML differs from a render")


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
