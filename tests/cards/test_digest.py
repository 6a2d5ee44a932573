"""The daily digest says how many definition cards wait, pluralized, in the member's language."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from apps.cards.models import DeckCard
from apps.cards.services import deck_toggle
from apps.notifications.digest import digest_send_all


def _member_with_news(make_user, make_question, make_answer, **extra):
    member = make_user(email="learner@example.com", email_digest=True, **extra)
    make_answer(question=make_question(author=member, title="다이제스트 질문입니다"))
    return member


def test_the_digest_counts_due_cards(make_user, make_question, make_answer, make_card, settings):
    settings.SITE_URL = "https://gachi.example"
    member = _member_with_news(make_user, make_question, make_answer)
    for _ in range(5):
        deck_toggle(user=member, tag=make_card().concept)
    deck_toggle(user=member, tag=make_card().concept)  # added today: not due
    due = DeckCard.objects.filter(user=member).order_by("pk").values_list("pk", flat=True)[:5]
    DeckCard.objects.filter(pk__in=list(due)).update(due=timezone.now() - dt.timedelta(hours=1))
    digest_send_all()
    assert len(mail.outbox) == 1
    assert "복습할 정의 카드 5장: https://gachi.example/review/" in mail.outbox[0].body


def test_the_digest_line_in_english_singular_and_absent_when_nothing_is_due(
    make_user, make_question, make_answer, make_card
):
    member = _member_with_news(make_user, make_question, make_answer, language="en")
    deck_toggle(user=member, tag=make_card().concept)
    digest_send_all()
    assert "definition card" not in mail.outbox[0].body  # added today: due tomorrow

    make_answer(question=make_question(author=member))
    DeckCard.objects.filter(user=member).update(due=timezone.now() - dt.timedelta(hours=1))
    digest_send_all()
    assert "1 definition card due for review:" in mail.outbox[1].body
