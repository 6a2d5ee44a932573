"""The daily digest: opt-in, exactly once, and one bad address never stops the rest."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.notifications.digest import DigestReport, digest_send_all
from apps.notifications.models import Notification
from tests.conftest import in_parallel
from tests.notifications.mail_backends import REFUSED_DOMAIN


@pytest.fixture
def refusing_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.RefusingEmailBackend"


def asker_with_answers(make_user, make_question, make_answer, answers=2, **user):
    asker = make_user(**user)
    question = make_question(author=asker, title="다이제스트 질문입니다")
    for _ in range(answers):
        make_answer(question=question)
    return asker


def test_the_digest_mails_opted_in_people_once(make_user, make_question, make_answer, settings):
    settings.SITE_URL = "https://gachi.example"
    asker = asker_with_answers(
        make_user, make_question, make_answer, email="a@example.com", email_digest=True
    )
    asker_with_answers(make_user, make_question, make_answer, email="quiet@example.com")
    out = io.StringIO()
    call_command("send_notification_digest", stdout=out)
    assert "mailed 2 notifications to 1 people" in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.com"]
    assert "다이제스트 질문입니다" in message.body
    assert "https://gachi.example/questions/" in message.body and "#answer-" in message.body
    assert Notification.objects.filter(recipient=asker, emailed_at__isnull=False).count() == 2

    call_command("send_notification_digest", stdout=io.StringIO())  # run twice: nothing new
    assert len(mail.outbox) == 1


def test_only_new_unread_notifications_are_mailed(make_user, make_question, make_answer):
    asker = asker_with_answers(
        make_user, make_question, make_answer, email="a@example.com", email_digest=True
    )
    digest_send_all()
    question = Notification.objects.filter(recipient=asker).first().question
    make_answer(question=question)  # a new one
    make_answer(question=question)
    read = Notification.objects.filter(recipient=asker, emailed_at__isnull=True).first()
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)  # read on the site
    report = digest_send_all()
    assert (report.sent, report.notifications) == (1, 1)
    assert len(mail.outbox) == 2


def test_the_digest_is_in_the_persons_language(make_user, make_question, make_answer):
    asker_with_answers(
        make_user,
        make_question,
        make_answer,
        answers=1,
        email="en@example.com",
        email_digest=True,
        language="en",
    )
    asker_with_answers(
        make_user, make_question, make_answer, answers=1, email="ko@example.com", email_digest=True
    )
    digest_send_all()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "answered your question" in bodies["en@example.com"]
    assert "answered your question" not in bodies["ko@example.com"]


def test_no_email_and_bounced_addresses_do_not_stop_the_digest(
    make_user, make_question, make_answer, refusing_mail
):
    asker_with_answers(make_user, make_question, make_answer, email="", email_digest=True)
    bounced = asker_with_answers(
        make_user, make_question, make_answer, email=f"x{REFUSED_DOMAIN}", email_digest=True
    )
    fine = asker_with_answers(
        make_user, make_question, make_answer, email="ok@example.com", email_digest=True
    )
    report = digest_send_all()
    assert (report.sent, report.failed) == (1, 1)
    assert [message.to for message in mail.outbox] == [["ok@example.com"]]
    # The bounced person's notifications stay unmailed, to be tried again next run.
    assert not Notification.objects.filter(recipient=bounced, emailed_at__isnull=False).exists()
    assert Notification.objects.filter(recipient=fine, emailed_at__isnull=True).count() == 0


def test_a_refused_address_is_tried_again_and_then_mailed_once(
    make_user, make_question, make_answer, refusing_mail
):
    person = asker_with_answers(
        make_user, make_question, make_answer, email=f"typo{REFUSED_DOMAIN}", email_digest=True
    )
    assert digest_send_all().failed == 1
    assert digest_send_all().failed == 1  # still waiting, still refused: nothing marked
    person.email = "fixed@example.com"
    person.save(update_fields=["email"])
    report = digest_send_all()
    assert (report.sent, report.notifications, report.failed) == (1, 2, 0)
    assert digest_send_all().sent == 0
    assert [message.to for message in mail.outbox] == [["fixed@example.com"]]


def test_nobody_is_mailed_what_they_already_read_or_after_leaving(
    make_user, make_question, make_answer
):
    reader = asker_with_answers(
        make_user, make_question, make_answer, email="reader@example.com", email_digest=True
    )
    Notification.objects.filter(recipient=reader).update(read_at=timezone.now())
    asker_with_answers(
        make_user,
        make_question,
        make_answer,
        email="gone@example.com",
        email_digest=True,
        is_active=False,
    )
    assert digest_send_all() == DigestReport()
    assert mail.outbox == []


def test_the_mail_counts_its_notifications_and_says_how_to_stop(
    make_user, make_question, make_answer, settings
):
    settings.SITE_URL = "https://gachi.example"
    asker_with_answers(
        make_user,
        make_question,
        make_answer,
        answers=3,
        email="en@example.com",
        email_digest=True,
        language="en",
    )
    digest_send_all()
    [message] = mail.outbox
    assert message.subject == "Gachi: 3 unread notifications"
    assert "https://gachi.example/notifications/" in message.body
    assert "https://gachi.example/accounts/profile/\n" in message.body
    assert message.body.count("answered your question") == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
)
def test_two_runs_at_once_mail_each_notification_once(make_user, make_question, make_answer):
    people = [
        asker_with_answers(
            make_user, make_question, make_answer, email=f"p{i}@example.com", email_digest=True
        )
        for i in range(4)
    ]
    reports = []
    in_parallel([lambda: reports.append(digest_send_all())] * 2)
    assert sum(report.notifications for report in reports) == 2 * len(people)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert not Notification.objects.filter(recipient__in=people, emailed_at=None).exists()
