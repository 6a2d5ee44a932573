"""Starter content: the master-class notes become the first threads.

Every `###` section of the notes is a question (the heading, unchanged, as its title; a
short body in the asker's voice saying the same, from seed_data/questions.json) answered by
the master class (the notes below it, Markdown kept), dated from the notes' front matter,
accepted, and filed under the concepts it talks about (apps/tags/data/masterclass_tags.json).
The two accounts say on their profiles what they are and joined on the day of the class.
Running it again changes nothing: threads are found by their exact title.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import profile_update
from apps.answers.models import Answer
from apps.answers.services import answer_accept, answer_create
from apps.questions.models import Question
from apps.questions.services import question_create, question_edit
from apps.reputation.models import ReputationEvent
from apps.tags.seeding import DATA_DIR as TAGS_DATA_DIR

NOTES_PATH = Path(__file__).resolve().parent / "seed_data" / "masterclass-notes.md"
THREAD_TAGS_PATH = TAGS_DATA_DIR / "masterclass_tags.json"
QUESTIONS_PATH = Path(__file__).resolve().parent / "seed_data" / "questions.json"
SPEAKER_USERNAME = "masterclass"
SPEAKER_DISPLAY_NAME = "마스터클래스 · 임성빈"
ASKER_USERNAME = "boostcamp"
ASKER_DISPLAY_NAME = "부스트캠프 캠퍼"
MASTERCLASS_CONTEXT = "네이버 부스트캠프 마스터클래스 (임성빈)에서 나온 질문이에요."
# What the first seeding wrote as the whole body; seeding again brings such a thread up to date.
EARLIER_CONTEXT = "네이버 부스트캠프 마스터클래스 (임성빈)에서 나온 질문입니다."
SPEAKER_BIO = (
    "{date} 네이버 부스트캠프 마스터클래스에서 임성빈 님이 한 답을 옮긴 계정이에요. "
    "답은 [강의 노트](/about/masterclass/)의 말 그대로예요."
)
ASKER_BIO = (
    "{date} 네이버 부스트캠프 마스터클래스에서 부스트캠프 캠퍼들이 한 질문을 옮긴 계정이에요. "
    "제목은 [강의 노트](/about/masterclass/)의 소제목 그대로예요."
)

_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\(\./image/[^)]*\)\s*$")


@dataclass(frozen=True)
class Thread:
    title: str
    notes: str


@dataclass(frozen=True)
class NotesInfo:
    heading: str  # the notes' `##` heading: which master class, and who spoke
    date: dt.date
    thread_count: int


@lru_cache(maxsize=1)
def notes_info() -> NotesInfo:
    """What the "about this master class" page says, read from the project's copy of the notes."""
    text = NOTES_PATH.read_text(encoding="utf-8")
    date, threads = parse_notes(text)
    heading = next(line[3:].strip() for line in text.splitlines() if line.startswith("## "))
    return NotesInfo(heading=heading, date=date, thread_count=len(threads))


def parse_notes(text: str) -> tuple[dt.date, list[Thread]]:
    """Split the notes into their date and their `###` sections."""
    front, _, body = text.partition("\n---\n")
    date_match = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})", front, re.MULTILINE)
    if not date_match:
        raise ValueError("the master-class notes have no date in their front matter")
    threads: list[Thread] = []
    title: str | None = None
    lines: list[str] = []
    for line in body.splitlines():
        if line.startswith("### "):
            if title is not None:
                threads.append(Thread(title, _clean(lines)))
            title, lines = line[4:].strip(), []
        elif title is not None and not line.startswith("## "):
            lines.append(line)
    if title is not None:
        threads.append(Thread(title, _clean(lines)))
    return dt.date.fromisoformat(date_match.group(1)), threads


def _clean(lines: list[str]) -> str:
    # The images the notes point at were never published with them: leave them out entirely.
    kept = [line.rstrip() for line in lines if not _IMAGE_LINE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"


def _account(username: str, display_name: str, bio: str, joined: dt.datetime) -> User:
    """The seed account, made once; one the seeding made earlier (no password) gets its
    profile and the day of the class as its join date, an account someone else holds under
    that name is used as it is."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name}
    )
    if created:
        user.set_unusable_password()
    if created or not user.has_usable_password():
        if not user.bio:
            profile_update(
                user=user,
                display_name=user.display_name,
                bio=bio,
                language=user.language,
                email_digest=user.email_digest,
            )
        user.date_joined = min(user.date_joined, joined)
        user.save(update_fields=["password", "date_joined"])
    return user


def _question_body(asked: str, date: dt.date) -> str:
    return f"{asked}\n\n> {MASTERCLASS_CONTEXT} ({date.isoformat()})\n"


@transaction.atomic
def seed_masterclass() -> int:
    """Create the master-class threads that do not exist yet. Returns how many were created."""
    date, threads = parse_notes(NOTES_PATH.read_text(encoding="utf-8"))
    thread_tags = json.loads(THREAD_TAGS_PATH.read_text(encoding="utf-8"))
    asked = json.loads(QUESTIONS_PATH.read_text(encoding="utf-8"))
    when = timezone.make_aware(dt.datetime.combine(date, dt.time(20, 0)))
    day = f"{date.year}년 {date.month}월 {date.day}일"
    joined = when - dt.timedelta(hours=1)
    speaker = _account(SPEAKER_USERNAME, SPEAKER_DISPLAY_NAME, SPEAKER_BIO.format(date=day), joined)
    asker = _account(ASKER_USERNAME, ASKER_DISPLAY_NAME, ASKER_BIO.format(date=day), joined)
    created = 0
    for position, thread in enumerate(threads):
        # The notes' first section is the newest thread, so the home page reads in their order.
        posted = when - dt.timedelta(minutes=position)
        body = _question_body(asked.get(thread.title, thread.title), date)
        # A thread moderators deleted counts as there: seeding again must not bring it back.
        existing = Question.all_objects.filter(title=thread.title, author=asker).first()
        if existing is not None:
            if existing.body == f"> {EARLIER_CONTEXT} ({date.isoformat()})\n":
                _bring_up_to_date(existing, body=body, asker=asker, posted=posted)
            continue
        question = question_create(
            author=asker, title=thread.title, body=body, tags=thread_tags[thread.title]
        )
        answer = answer_create(author=speaker, question=question, body=thread.notes)
        answer_accept(user=asker, answer=answer)
        Question.objects.filter(pk=question.pk).update(created_at=posted, last_activity_at=posted)
        Answer.objects.filter(pk=answer.pk).update(created_at=posted)
        # The accept happened at the class too: the profiles' reputation charts start there.
        ReputationEvent.objects.filter(post_id=answer.post_id).update(created_at=posted)
        created += 1
    return created


def _bring_up_to_date(question: Question, *, body: str, asker: User, posted: dt.datetime) -> None:
    """A thread the first seeding made with a one-line body gets the asker's question, as an
    edit (its history says so), without looking active again."""
    if question.deleted_at is not None:
        return
    question_edit(
        user=asker,
        question=question,
        title=question.title,
        body=body,
        tags=[tag.slug for tag in question.tags.all()],
        summary="마스터클래스 질문의 본문",
    )
    Question.objects.filter(pk=question.pk).update(last_activity_at=posted)
