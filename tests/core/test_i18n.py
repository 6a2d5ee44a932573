import datetime as dt
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOG = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def test_korean_is_the_default_language(client):
    html = client.get("/").content.decode()
    assert '<html lang="ko">' in html
    assert "질문하기" in html


def test_english_is_one_switch_away(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Ask a question" in html
    assert "질문하기" not in html


def test_every_message_has_a_korean_translation():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert catalog.percent_translated() == 100, untranslated
    assert not fuzzy


def test_form_errors_come_in_the_visitors_language(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user()
    client.login(username=user.username, password=PASSWORD)
    korean = client.post("/questions/ask/", {"title": "짧다", "body": ""}).content.decode()
    assert "필수 항목입니다" in korean
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.post("/questions/ask/", {"title": "짧다", "body": ""}).content.decode()
    assert "This field is required." in english


def test_korean_labels_say_what_they_mean(client):
    from django.utils import translation

    html = client.get("/").content.decode()
    assert "최근 활동" in html  # the Active tab, not "활동"
    assert "개념 지도" in html  # the Map link
    with translation.override("ko"):
        # Admin column labels for dates read as times, not as verbs.
        assert translation.gettext("answered") == "답변 시각"
        assert translation.gettext("created") == "만든 시각"
        assert translation.gettext("downvoted an answer") == "답변에 비추천함"


@pytest.mark.parametrize(
    ("ago", "korean", "english"),
    [
        (dt.timedelta(seconds=16), "16초 전", "16\xa0seconds ago"),
        (dt.timedelta(minutes=5), "5분 전", "5\xa0minutes ago"),
        (dt.timedelta(hours=3), "3시간 전", "3\xa0hours ago"),
        (dt.timedelta(days=5 * 365 + 100), "5년 3개월 전", "5\xa0years, 3\xa0months ago"),
    ],
)
def test_relative_times_read_as_each_language_writes_them(ago, korean, english):
    from django.utils import timezone, translation

    from apps.core.templatetags.gachi import timeago

    when = timezone.now() - ago
    with translation.override("ko"):
        html = str(timeago(when))
    assert f">{korean}</time>" in html
    with translation.override("en"):
        assert f">{english}</time>" in str(timeago(when))
    # The machine-readable time has no fraction of a second (the HTML checker refuses one).
    assert f'datetime="{timezone.localtime(when).replace(microsecond=0).isoformat()}"' in html


def test_an_english_browser_gets_korean_and_a_one_line_offer_of_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ko">' in html and "질문하기" in html
    offer = html[html.index('class="language-offer"') :]
    offer = offer[: offer.index("</div>")]
    assert 'lang="en"' in offer
    assert "Gachi speaks Korean first. Would you rather read it in English?" in offer
    assert 'name="language" value="en"' in offer and "Read in English" in offer
    assert 'name="language" value="ko"' in offer and "한국어로 볼게요" in offer
    # A Korean browser is offered nothing.
    korean = client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9").content.decode()
    assert "language-offer" not in korean


def test_the_choice_is_the_persons_and_then_nothing_is_offered(client, make_user):
    from tests.conftest import log_in

    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **english)
    html = client.get("/", **english).content.decode()
    assert '<html lang="en">' in html and "language-offer" not in html
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"}, **english)
    html = client.get("/", **english).content.decode()
    assert '<html lang="ko">' in html and "language-offer" not in html  # kept Korean
    # A member's saved preference wins and is not second-guessed.
    member = make_user(language="ko")
    other = type(client)()
    log_in(other, member)
    html = other.get("/", **english).content.decode()
    assert '<html lang="ko">' in html and "language-offer" not in html


def test_kept_pages_keep_the_offer_apart(client, make_question):
    from django.test import Client

    make_question()
    assert "language-offer" not in Client().get("/").content.decode()  # kept, no offer
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "language-offer" in english
    assert "language-offer" not in Client().get("/").content.decode()
