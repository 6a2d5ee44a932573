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


def test_due_cards_alone_send_a_digest_once_a_day(make_user, make_card):
    member = make_user(email="cards@example.com", email_digest=True, language="en")
    deck_toggle(user=member, tag=make_card().concept)
    deck_toggle(user=member, tag=make_card().concept)
    assert digest_send_all().sent == 0  # added today: due tomorrow, and no news
    DeckCard.objects.filter(user=member).update(due=timezone.now() - dt.timedelta(hours=1))
    report = digest_send_all()
    assert (report.sent, report.notifications, len(mail.outbox)) == (1, 0, 1)
    assert mail.outbox[0].subject == "Gachi: 2 definition cards to review"
    assert "2 definition cards due for review:" in mail.outbox[0].body
    assert "while you were away" not in mail.outbox[0].body
    assert digest_send_all().sent == 0  # the same day: not again
    member.refresh_from_db()
    member.digest_sent_on = timezone.localdate() - dt.timedelta(days=1)
    member.save(update_fields=["digest_sent_on"])
    assert digest_send_all().sent == 1  # the next day, still due: again
    silent = make_user(email="quiet@example.com", email_digest=False)
    deck_toggle(user=silent, tag=make_card().concept)
    DeckCard.objects.filter(user=silent).update(due=timezone.now() - dt.timedelta(hours=1))
    assert digest_send_all().sent == 0  # not opted in
    assert len(mail.outbox) == 2
