"""Two app servers, one PostgreSQL, one Redis: concurrent votes, answers and accepts through
both over HTTP, then every count and every reputation must equal its recount, no vote lost or
doubled, and no response a 5xx.

Runs against scratch resources it owns: a database created and dropped here, and Redis
database 15 (flushed). Runs in the PostgreSQL pass of the suite (skipped on SQLite); without
Redis it is skipped, unless GACHI_REQUIRE_SERVICES=1 (CI), where that is a failure. Local
addresses only; bounded in count and time.
"""

import contextlib
import http.cookiejar
import json
import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.system.servers import (
    gunicorn,
    manage,
    postgres_url,
    production_env,
    python,
    redis_ok,
    scratch_database,
    unavailable,
)

REDIS_URL = "redis://127.0.0.1:6379/15"
PEOPLE = 6
SECONDS = 12
PASSWORD = "two-servers-pw-1"

pytestmark = pytest.mark.system


def _env(database_url: str) -> dict:
    return production_env(
        database_url,
        REDIS_URL=REDIS_URL,
        # The load is the point here, not the limits (they have their own tests).
        RATE_LIMIT_VOTE="100000/h,100000/h",
        RATE_LIMIT_ANSWER="100000/h,100000/h",
    )


SETUP = """
import django, json
django.setup()
from django.core.management import call_command
from apps.accounts.models import User
from apps.questions.services import question_create
from apps.answers.services import answer_create
from apps.tags.models import Area, ConceptTag
area = Area.objects.create(slug="two-area", name_ko="분야", name_en="Area")
ConceptTag.objects.create(slug="two-tag", name_ko="개념", name_en="Concept", area=area)
people = [User.objects.create_user(f"two{i}", password=%(password)r) for i in range(%(people)d)]
questions = []
for i, asker in enumerate(people[:3]):
    q = question_create(author=asker, title=f"두 서버 질문 {i}", body="본문", tags=["two-tag"])
    for helper in people[3:]:
        answer_create(author=helper, question=q, body=f"답변 {helper.username}")
    questions.append(q.pk)
print(json.dumps({"questions": questions}))
"""

VERIFY = """
import django, json
django.setup()
from apps.questions.models import Question
from apps.answers.models import Answer
from apps.questions.services import answer_counts_recount
from apps.reputation.models import ReputationEvent, Reason
from apps.reputation.services import reputation_recount
from apps.tags.services import tag_counts_recount
from apps.votes.models import Vote
from apps.votes.services import scores_recount
accepts_ok = all(
    e.post.answer.question.accepted_answer_id == e.post.answer.pk
    for e in ReputationEvent.objects.filter(
        reason__in=[Reason.ANSWER_ACCEPTED, Reason.ACCEPTED_ANSWER]
    ).select_related("post__answer__question")
)
votes = sorted(
    [v.user.username, v.post.kind[0], v.post.row.pk, v.value]
    for v in Vote.objects.select_related("user", "post__question", "post__answer")
)
print(json.dumps({
    "fixed": [
        scores_recount(), answer_counts_recount(), tag_counts_recount(), reputation_recount()
    ],
    "accepts_ok": accepts_ok,
    "votes": votes,
    "answers": {q.pk: [q.answer_count, Answer.objects.filter(question=q).count()]
                for q in Question.objects.all()},
}))
"""


class Member:
    """One person's browser: cookies, CSRF token, and which server each request goes to."""

    def __init__(self, username: str, servers: list[str]):
        self.username = username
        self.servers = servers
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, method: str, path: str, data: dict | None = None) -> int:
        server = random.choice(self.servers)
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        request = urllib.request.Request(server + path, data=body, method=method)
        if method == "POST":
            request.add_header("X-CSRFToken", self.csrf())
        try:
            with self.opener.open(request, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code

    def log_in(self) -> None:
        assert self.request("GET", "/accounts/login/") == 200
        status = self.request(
            "POST", "/accounts/login/", {"username": self.username, "password": PASSWORD}
        )
        assert status == 302, status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_two_servers_keep_every_count_exact(tmp_path):
    database = postgres_url("two-server test")
    if not redis_ok():
        unavailable("Redis is not running at 127.0.0.1:6379")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(scratch_database(database, f"gachi_two_servers_{os.getpid()}"))
        stack.callback(
            subprocess.run, ["redis-cli", "-n", "15", "FLUSHDB"], capture_output=True, timeout=30
        )
        env = {**_env(url), "STATIC_ROOT": str(tmp_path / "static")}
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        made = python(env, SETUP % {"password": PASSWORD, "people": PEOPLE})
        question_ids = json.loads(made)["questions"]
        subprocess.run(["redis-cli", "-n", "15", "FLUSHDB"], capture_output=True, timeout=30)
        bases = [
            stack.enter_context(gunicorn(env, tmp_path / f"server-{number}.log"))
            for number in range(2)
        ]
        _drive_and_check(env, bases, question_ids)


def _drive_and_check(env: dict, bases: list[str], question_ids: list[int]) -> None:
    members = [Member(f"two{i}", bases) for i in range(PEOPLE)]
    for member in members:
        member.log_in()
    answers = _answer_ids(bases[0], question_ids)

    statuses: list[int] = []
    expected: dict[tuple[str, str, int], int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def drive(index: int, member: Member) -> None:
        rng = random.Random(index)
        mine: dict[tuple[str, str, int], int] = {}
        seen = []
        while time.monotonic() < stop_at:
            roll = rng.random()
            if roll < 0.7:  # vote on a question or an answer
                kind, pk = rng.choice(
                    [("q", q) for q in question_ids] + [("a", a) for a in answers]
                )
                value = rng.choice([1, 1, 0, -1])
                path = f"/{'questions' if kind == 'q' else 'answers'}/{pk}/vote/"
                status = member.request("POST", path, {"value": value})
                if status == 302:  # accepted by the server: the toggle rules apply
                    old = mine.get((member.username, kind, pk), 0)
                    mine[(member.username, kind, pk)] = 0 if value in (0, old) else value
            elif roll < 0.85:
                question = rng.choice(question_ids)
                status = member.request(
                    "POST", f"/questions/{question}/answer/", {"body": f"추가 답변 {index}"}
                )
            else:
                status = member.request("POST", f"/answers/{rng.choice(answers)}/accept/")
            seen.append(status)
        with lock:
            statuses.extend(seen)
            expected.update(mine)

    threads = [threading.Thread(target=drive, args=(i, m)) for i, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)

    assert statuses and not [s for s in statuses if s >= 500], sorted(set(statuses))
    report = json.loads(python(env, VERIFY))
    assert report["fixed"] == [0, 0, 0, 0], report["fixed"]
    assert report["accepts_ok"]
    for count, live in report["answers"].values():
        assert count == live
    stored = {(u, k, pk): v for u, k, pk, v in report["votes"]}
    wanted = {key: value for key, value in expected.items() if value != 0}
    assert stored == wanted  # no vote lost or doubled
    print(f"two servers: {len(statuses)} requests, {len(stored)} votes standing")


def _answer_ids(base: str, question_ids: list[int]) -> list[int]:
    ids = []
    for question in question_ids:
        with urllib.request.urlopen(f"{base}/questions/{question}/", timeout=30) as response:
            html = response.read().decode()
        ids += [int(pk) for pk in re.findall(r'id="answer-(\d+)"', html)]
    return sorted(set(ids))
