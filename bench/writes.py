"""The writes members make most (a vote, an answer, an accept), planned so that each one is a
real write, and sent the way the site's pages send them: what one costs in this process
(`write_costs`, for bench_pages), or over HTTP to gunicorn while others read (bench.mixed).

Votes and accepts go as the site's JS sends them (htmx: `HX-Request: true`, answered with a
partial); an answer is a plain form post, answered with a redirect to it.
"""

import http.client
import itertools
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question
from apps.votes.models import Vote
from bench.synthetic_community import SYNTHETIC_EMAIL_DOMAIN
from bench.wrk import PROXY_HEADER

VOTE, ANSWER, ACCEPT = "vote", "answer", "accept"
HTMX_HEADER = ("HX-Request", "true")


@dataclass(frozen=True)
class Write:
    kind: str  # VOTE, ANSWER or ACCEPT
    user: User
    path: str
    data: dict[str, str]
    htmx: bool


@dataclass
class WriteCost:
    """One kind of write, made a few times in this process (a different target each time)."""

    write: str
    statuses: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.ms) if self.ms else 0.0


def writers(count: int) -> list[User]:
    """The synthetic members with the most reputation: established members, whose rate limits
    (settings.RATE_LIMITS) are the higher ones, and who have every voting privilege."""
    return list(
        User.objects.filter(email__endswith="@" + SYNTHETIC_EMAIL_DOMAIN).order_by(
            "-reputation", "id"
        )[:count]
    )


def recent_questions(count: int, *, answered_without_accept: bool = False) -> list[Question]:
    """The most recently active open questions: the ones the home page's "active" tab shows,
    and those readers and writers meet most. `answered_without_accept`: only those with
    answers and none accepted yet."""
    questions = Question.objects.filter(closed_at=None)
    if answered_without_accept:
        questions = questions.filter(answer_count__gt=0, accepted_answer=None)
    return list(
        questions.order_by("-last_activity_at", "-id").only(
            "id", "title", "author_id", "accepted_answer_id"
        )[:count]
    )


def write_plan(questions: list[Question], members: list[User], count: int) -> list[Write]:
    """Up to `count` writes on `questions`, vote, answer and accept in turn, each a real write
    when made in this order from the data as it is now.

    A vote is an upvote on an answer, by a member who has not voted on it and did not write it.
    An answer is by a member who did not ask. An accept is by the asker, of an answer someone
    else wrote that is not the one accepted: questions without an accepted answer come first.
    Members are taken in turn, so that each makes few of the writes."""
    if not questions or not members:
        return []
    answers = list(
        Answer.objects.filter(question__in=questions)
        .order_by("question_id", "id")
        .only("id", "post_id", "question_id", "author_id")
    )
    voted = set(
        Vote.objects.filter(post__in=[a.post_id for a in answers], user__in=members).values_list(
            "user_id", "post_id"
        )
    )
    askers = User.objects.in_bulk({question.author_id for question in questions})
    sources = [
        _votes(answers, members, voted),
        _answers(questions, members),
        _accepts(questions, answers, askers),
    ]
    plan = []
    while sources and len(plan) < count:
        for source in list(sources):
            write = next(source, None)
            if write is None:
                sources.remove(source)  # no more targets of this kind
            elif len(plan) < count:
                plan.append(write)
    return plan


def _votes(answers: list[Answer], members: list[User], voted: set) -> Iterator[Write]:
    # Each answer in turn; each round moves every answer on to the next member.
    for shift in range(len(members)):
        for i, answer in enumerate(answers):
            member = members[(i + shift) % len(members)]
            if member.pk == answer.author_id or (member.pk, answer.post_id) in voted:
                continue
            path = reverse("votes:answer", kwargs={"pk": answer.pk})
            yield Write(VOTE, member, path, {"value": "1"}, htmx=True)


def _answers(questions: list[Question], members: list[User]) -> Iterator[Write]:
    turns = itertools.cycle(members)
    for number in itertools.count(1):
        question = questions[(number - 1) % len(questions)]
        member = next(turns)
        if member.pk == question.author_id:
            member = next(turns)
        body = (
            f"벤치마크 답변 {number}: $f(x) = x^2$ 이면 $f'(x) = 2x$ 입니다. "
            f"따라서 $$\\int_0^1 x^2 \\, dx = \\frac{{1}}{{3}}$$ 입니다."
        )
        path = reverse("answers:create", kwargs={"pk": question.pk})
        yield Write(ANSWER, member, path, {"body": body}, htmx=False)


def _accepts(
    questions: list[Question], answers: list[Answer], askers: dict[int, User]
) -> Iterator[Write]:
    accepted = {question.pk: question.accepted_answer_id for question in questions}
    asker_of = {question.pk: question.author_id for question in questions}
    others = defaultdict(list)  # each question's answers by someone other than the asker
    for answer in answers:
        if answer.author_id != asker_of[answer.question_id]:
            others[answer.question_id].append(answer)
    # Without an accepted answer first (sorted() keeps the order within each group).
    questions = sorted(questions, key=lambda question: accepted[question.pk] is not None)
    for turn in itertools.count():
        made = False
        for question in questions:
            # Not the accepted one: accepting it again would withdraw it.
            choices = [a for a in others[question.pk] if a.pk != accepted[question.pk]]
            if not choices:
                continue
            answer = choices[turn % len(choices)]
            accepted[question.pk] = answer.pk
            made = True
            path = reverse("answers:accept", kwargs={"pk": answer.pk})
            yield Write(ACCEPT, askers[question.author_id], path, {}, htmx=True)
        if not made:
            return


def write_costs(questions: list[Question], members: list[User], repeats: int) -> list[WriteCost]:
    """Make each kind of write `repeats` times (fewer when it runs out of targets) through
    Django's test client (same database and cache as the site), each on another target:
    status, SQL queries and time of each."""
    costs = {kind: WriteCost(kind) for kind in (VOTE, ANSWER, ACCEPT)}
    client = Client(headers=dict([PROXY_HEADER]))
    client.get("/")  # a client's first request loads the middleware (whitenoise lists files)
    for write in write_plan(questions, members, 3 * repeats):
        if len(costs[write.kind].ms) == repeats:  # another kind ran out of targets
            continue
        client.force_login(write.user)
        headers = dict([HTMX_HEADER]) if write.htmx else {}
        tick = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(write.path, write.data, headers=headers)
        cost = costs[write.kind]
        cost.ms.append((time.perf_counter() - tick) * 1000)
        cost.statuses.append(response.status_code)
        cost.queries.append(len(queries))
    return list(costs.values())


def session_cookie(user: User) -> str:
    """A new session of `user`, as a Cookie header's `name=value`."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


@dataclass(frozen=True)
class HttpMember:
    """A member signed in for requests over HTTP: their Cookie header and CSRF secret."""

    cookie: str
    csrf: str


def http_member(user: User, port: int) -> HttpMember:
    """Sign `user` in, then GET the home page for the CSRF cookie it sets. Django accepts the
    cookie's (unmasked) secret itself as the X-CSRFToken header."""
    session = session_cookie(user)
    response = _request(port, "GET", "/", {"Cookie": session})
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    csrf = cookies[settings.CSRF_COOKIE_NAME].value
    return HttpMember(cookie=f"{session}; {settings.CSRF_COOKIE_NAME}={csrf}", csrf=csrf)


def http_send(write: Write, member: HttpMember, port: int) -> str:
    """POST `write` to gunicorn as a browser on the production site would: over HTTPS (the
    proxy's header), from one of its pages (Referer), with the CSRF token. Its status (a
    redirect is not followed), said to be to the login page when it is: the session was not
    accepted, and nothing was written."""
    headers = {
        "Cookie": member.cookie,
        "X-CSRFToken": member.csrf,
        "Referer": f"https://127.0.0.1:{port}/",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if write.htmx:
        headers[HTMX_HEADER[0]] = HTMX_HEADER[1]
    response = _request(port, "POST", write.path, headers, urlencode(write.data))
    location = urlsplit(response.headers.get("Location") or response.headers.get("HX-Redirect", ""))
    if location.path == resolve_url(settings.LOGIN_URL):
        return f"{response.status} to log in"
    return str(response.status)


def _request(
    port: int, method: str, path: str, headers: dict[str, str], body: str = ""
) -> http.client.HTTPResponse:
    # http.client rather than urllib.request: a redirect is the answer, not to be followed.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body.encode() or None, {**headers, **dict([PROXY_HEADER])})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()
