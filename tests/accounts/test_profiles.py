import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.answers.services import answer_accept
from apps.following.services import concept_follow_toggle
from apps.reputation.history import reputation_chart, reputation_history
from apps.reputation.models import ReputationEvent
from apps.votes.services import vote_cast
from tests.conftest import PASSWORD, log_in, reload

pytestmark = pytest.mark.django_db


def _html(client, person, query: str = "") -> str:
    response = client.get(person.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def _polyline(html: str) -> str:
    return re.search(r'<polyline class="chart-line" fill="none" points="([^"]*)"', html)[1]


def _posts(html: str) -> str:
    """The questions/answers part of a profile page (titles also appear in the events list)."""
    return html.split('class="profile-card profile-posts"')[1]


def _upvote(post, times: int = 1, make_user=None) -> None:
    for _ in range(times):
        vote_cast(user=make_user(), post=post, value=1)


# --- Reputation: chart and events ---------------------------------------------------------------


def test_profile_draws_the_reputation_chart_from_the_ledger(client, make_user, make_question):
    person = make_user(date_joined=timezone.now() - dt.timedelta(days=12))
    question = make_question(author=person)
    _upvote(question, 2, make_user)
    ReputationEvent.objects.filter(user=person).update(
        created_at=timezone.now() - dt.timedelta(days=6)
    )
    _upvote(question, 1, make_user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, person)

    assert "<svg" in html
    assert '<title id="reputation-chart-title">' in html
    assert 'aria-labelledby="reputation-chart-title reputation-chart-desc"' in html
    chart = reputation_chart(reputation_history(person))
    assert _polyline(html) == chart.polyline
    # joined at 1, +20 six days ago, +10 today: a step at each change, flat in between.
    assert [p.reputation for p in chart.points] == [1, 1, 21, 21, 31]
    reload(person)
    assert chart.last.reputation == person.reputation == 31
    assert "From 1 on" in html
    assert "to 31 on" in html
    assert "lowest 1, highest 31." in html


def test_a_member_without_events_gets_a_flat_chart(client, make_user):
    person = make_user()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, person)
    points = _polyline(html).split()
    assert len(points) == 2
    assert len({point.split(",")[1] for point in points}) == 1  # one height: a flat line
    assert "No reputation changes yet." in html
    assert "lowest 1, highest 1." in html


@pytest.mark.usefixtures("anyone_downvotes")
def test_latest_events_say_why_how_much_and_link_the_post(
    client, make_user, make_question, make_answer
):
    person = make_user()
    question = make_question(author=person, title="베이즈 정리를 직관적으로")
    vote_cast(user=make_user(), post=question, value=1)
    answer = make_answer(author=person, question=make_question(title="KL 발산은 거리인가요"))
    vote_cast(user=make_user(), post=answer, value=-1)
    answer_accept(user=answer.question.author, answer=answer)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, person)

    events = html.split('<ol class="reputation-events">')[1].split("</ol>")[0]
    assert events.index("answer accepted") < events.index("post downvoted")
    assert events.index("post downvoted") < events.index("question upvoted")
    assert ">+15<" in events
    assert ">\u22122<" in events  # a true minus sign
    assert ">+10<" in events
    assert f'href="{question.get_absolute_url()}"' in events
    assert f'href="{answer.get_absolute_url()}"' in events
    assert "KL 발산은 거리인가요" in events
    assert "<time " in events


def test_the_events_list_stops_at_the_latest_thirty(client, make_user, make_question):
    person = make_user()
    question = make_question(author=person)
    _upvote(question, 32, make_user)
    html = _html(client, person)
    events = html.split('<ol class="reputation-events">')[1].split("</ol>")[0]
    assert events.count("<li>") == 30


# --- Top concepts ---------------------------------------------------------------------------------


def test_top_concepts_rank_concepts_by_the_score_of_the_persons_answers(
    client, make_user, make_tag, make_question, make_answer
):
    person = make_user()
    gradient = make_tag("gradient", name_ko="경사")
    entropy = make_tag("entropy", name_ko="엔트로피")
    matrix = make_tag("matrix", name_ko="행렬")
    make_tag("unused", name_ko="안쓰임")
    best = make_answer(author=person, question=make_question(tags=["gradient", "entropy"]))
    _upvote(best, 3, make_user)
    second = make_answer(author=person, question=make_question(tags=["entropy"]))
    _upvote(second, 1, make_user)
    make_answer(author=person, question=make_question(tags=["matrix"]))
    # Someone else's high score under "matrix" counts for them, not for this person.
    _upvote(make_answer(question=make_question(tags=["matrix"])), 5, make_user)

    response = client.get(person.get_absolute_url())

    tops = response.context["top_concepts"]
    assert [(t.slug, t.answer_score, t.answer_count) for t in tops] == [
        (entropy.slug, 4, 2),
        (gradient.slug, 3, 1),
        (matrix.slug, 0, 1),
    ]
    html = response.content.decode()
    section = html.split('id="profile-concepts-heading"')[1].split("</ol>")[0]
    assert section.index("엔트로피") < section.index("경사") < section.index("행렬")
    assert "안쓰임" not in section


def test_top_concepts_stop_at_five(client, make_user, make_tag, make_question, make_answer):
    person = make_user()
    for number in range(7):
        tag = make_tag(f"concept-top-{number}")
        make_answer(author=person, question=make_question(tags=[tag.slug]))
    assert len(client.get(person.get_absolute_url()).context["top_concepts"]) == 5


# --- Questions and answers tabs -------------------------------------------------------------------


def test_tabs_show_questions_or_answers_sorted_by_votes_or_newest(
    client, make_user, make_question, make_answer
):
    person = make_user()
    old_question = make_question(author=person, title="오래된 질문 하나")
    new_question = make_question(author=person, title="새로운 질문 하나")
    _upvote(old_question, 2, make_user)
    low_answer = make_answer(author=person, question=make_question(title="답한 질문 낮음"))
    high_answer = make_answer(author=person, question=make_question(title="답한 질문 높음"))
    _upvote(high_answer, 1, make_user)

    by_votes = _posts(_html(client, person))
    assert by_votes.index("오래된 질문 하나") < by_votes.index("새로운 질문 하나")
    assert "답한 질문" not in by_votes

    newest = _posts(_html(client, person, "?tab=questions&sort=newest"))
    assert newest.index("새로운 질문 하나") < newest.index("오래된 질문 하나")

    answers = _posts(_html(client, person, "?tab=answers"))
    assert answers.index("답한 질문 높음") < answers.index("답한 질문 낮음")
    assert f'href="{high_answer.get_absolute_url()}"' in answers
    assert "오래된 질문 하나" not in answers
    answers_newest = _posts(_html(client, person, "?tab=answers&sort=newest"))
    assert answers_newest.index("답한 질문 높음") < answers_newest.index("답한 질문 낮음")
    assert low_answer.pk < high_answer.pk
    assert new_question.pk > old_question.pk

    # Unknown values fall back to the defaults instead of failing.
    assert client.get(person.get_absolute_url() + "?tab=nope&sort=nope").status_code == 200


def test_an_accepted_answer_is_marked_in_the_answers_tab(client, make_user, make_answer):
    person = make_user()
    answer = make_answer(author=person)
    answer_accept(user=answer.question.author, answer=answer)
    assert 'score-badge is-accepted"' in _html(client, person, "?tab=answers")


def test_posts_are_paginated_twenty_a_page_keeping_tab_and_sort(client, make_user, make_question):
    person = make_user()
    for number in range(23):
        make_question(author=person, title=f"페이지 질문 {number:02d}")
    first = client.get(person.get_absolute_url() + "?tab=questions&sort=newest")
    assert len(first.context["page"].object_list) == 20
    assert first.context["page"].paginator.count == 23
    html = first.content.decode()
    assert "?tab=questions&amp;sort=newest&amp;page=2" in html
    second = client.get(person.get_absolute_url() + "?tab=questions&sort=newest&page=2")
    titles = [q.title for q in second.context["page"].object_list]
    assert titles == ["페이지 질문 02", "페이지 질문 01", "페이지 질문 00"]


def test_tab_labels_count_all_posts(client, make_user, make_question, make_answer):
    person = make_user()
    for _ in range(3):
        make_question(author=person)
    make_answer(author=person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, person)
    assert "3 questions" in html
    assert "1 answer<" in html


# --- Query counts ---------------------------------------------------------------------------------


def _fill(person, count, make_user, make_tag, make_question, make_answer) -> None:
    for number in range(count):
        tag = make_tag(f"fill-{person.pk}-{number}")
        question = make_question(author=person, tags=[tag.slug])
        vote_cast(user=make_user(), post=question, value=1)
        answer = make_answer(author=person, question=make_question(tags=[tag.slug]))
        vote_cast(user=make_user(), post=answer, value=-1)
        concept_follow_toggle(user=person, tag=tag)


@pytest.mark.usefixtures("anyone_downvotes")
@pytest.mark.parametrize("count", [2, 25])
@pytest.mark.parametrize("tab", ["questions", "answers"])
def test_profile_costs_the_same_queries_with_few_or_many_posts(
    client,
    make_user,
    make_tag,
    make_question,
    make_answer,
    django_assert_max_num_queries,
    count,
    tab,
):
    person = make_user()
    _fill(person, count, make_user, make_tag, make_question, make_answer)
    # The person, the chart's daily sums, the events, the top concepts, the page of posts and
    # the badges.
    with django_assert_max_num_queries(6):
        assert client.get(person.get_absolute_url() + f"?tab={tab}").status_code == 200


@pytest.mark.usefixtures("anyone_downvotes")
@pytest.mark.parametrize("count", [2, 25])
def test_the_owners_profile_costs_the_same_queries_with_few_or_many_follows(
    client,
    make_user,
    make_tag,
    make_question,
    make_answer,
    django_assert_max_num_queries,
    django_assert_num_queries,
    count,
):
    person = make_user()
    _fill(person, count, make_user, make_tag, make_question, make_answer)
    log_in(client, person)
    client.get("/")  # the session exists
    with django_assert_max_num_queries(12) as captured:
        assert client.get(person.get_absolute_url()).status_code == 200
    baseline = len(captured)
    # Same count whatever the number of rows: pinned exactly, so an N+1 would show.
    with django_assert_num_queries(baseline):
        client.get(person.get_absolute_url())


# --- Bio ------------------------------------------------------------------------------------------


def _edit(client, **data):
    fields = {"display_name": "", "bio": "", "language": ""}
    fields.update(data)
    return client.post("/accounts/profile/", fields)


def test_the_bio_is_markdown_rendered_once_and_sanitized(client, make_user):
    person = make_user()
    log_in(client, person)
    bio = '**선형대수** 공부 중.\n\n<script>alert("x")</script>\n\n[link](javascript:alert(1))'
    assert _edit(client, bio=bio).status_code == 302
    reload(person)
    assert person.bio == bio
    assert "<strong>선형대수</strong>" in person.bio_html
    assert "<script" not in person.bio_html
    assert 'href="javascript' not in person.bio_html

    html = _html(Client(), person)
    assert "<strong>선형대수</strong>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_an_empty_bio_shows_no_bio_section(client, make_user):
    person = make_user()
    log_in(client, person)
    _edit(client, bio="   ")
    reload(person)
    assert person.bio_html == ""
    assert "profile-bio" not in _html(client, person)


def test_a_bio_with_invisible_controls_is_refused(client, make_user):
    person = make_user()
    log_in(client, person)
    response = _edit(client, bio="관리\u202e자 입니다")
    assert response.status_code == 200
    assert "bio" in response.context["form"].errors
    reload(person)
    assert person.bio == ""


def test_a_bio_longer_than_2000_characters_is_refused(client, make_user):
    person = make_user()
    log_in(client, person)
    response = _edit(client, bio="가" * 2001)
    assert "bio" in response.context["form"].errors


# --- Editing: login, CSRF, email digest -----------------------------------------------------------


def test_editing_the_profile_needs_a_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/profile/", {"display_name": "x"}).status_code == 302


def test_editing_the_profile_needs_the_csrf_token(make_user):
    person = make_user()
    client = Client(enforce_csrf_checks=True)
    log_in(client, person)
    response = client.post("/accounts/profile/", {"display_name": "위조"})
    assert response.status_code == 403
    reload(person)
    assert person.display_name == ""

    form_page = client.get("/accounts/profile/")
    # The token as the browser gets it: the form's hidden field.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.content.decode())
    response = client.post(
        "/accounts/profile/",
        {"display_name": "진짜", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    reload(person)
    assert person.display_name == "진짜"


def test_the_digest_is_opt_in_and_needs_an_email(client, make_user):
    person = make_user()
    assert person.email_digest is False
    log_in(client, person)
    response = _edit(client, email_digest="on")
    assert response.status_code == 200
    assert "email_digest" in response.context["form"].errors
    reload(person)
    assert person.email_digest is False

    # The address has its own page (/accounts/email/); the profile form only reads it.
    person.email = "me@example.com"
    person.save(update_fields=["email"])
    assert _edit(client, email="ignored@example.com", email_digest="on").status_code == 302
    reload(person)
    assert (person.email, person.email_digest) == ("me@example.com", True)

    assert _edit(client).status_code == 302  # unticked
    reload(person)
    assert person.email_digest is False


def test_the_edit_form_shows_every_setting(client, make_user):
    log_in(client, make_user())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/accounts/profile/").content.decode()
    for name in ("display_name", "bio", "language", "email_digest"):
        assert f'name="{name}"' in html
    assert 'name="email"' not in html  # changed on its own page, where it is verified
    assert 'href="/accounts/email/"' in html
    assert "Email me a daily digest of unread notifications" in html
    assert 'value="en"' in html and "한국어" in html


def test_a_failed_edit_leaves_the_header_name_alone(client, make_user):
    person = make_user(display_name="원래 이름")
    log_in(client, person)
    response = _edit(client, display_name="새 이름", email_digest="on")  # no email: refused
    assert response.status_code == 200
    assert response.context["user"].display_name == "원래 이름"


# --- Language preference --------------------------------------------------------------------------


def test_a_member_with_english_sees_english_pages(client, make_user):
    log_in(client, make_user(language="en"))
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Ask a question" in html


def test_the_preference_wins_over_the_browser_and_applies_from_login(make_user):
    person = make_user(language="en")
    client = Client(headers={"accept-language": "ko"})
    assert '<html lang="ko">' in client.get("/").content.decode()
    response = client.post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_saving_a_language_applies_it_on_the_next_request(client, make_user):
    person = make_user()
    log_in(client, person)
    assert '<html lang="ko">' in client.get("/").content.decode()
    response = _edit(client, language="en")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    reload(person)
    assert person.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in page
    assert "Your profile was saved." in page


def test_following_the_browser_leaves_the_language_to_it(client, make_user):
    person = make_user(language="en")
    log_in(client, person)
    _edit(client, language="")
    reload(person)
    assert person.language == ""
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_an_unknown_language_is_refused(client, make_user):
    log_in(client, make_user())
    response = _edit(client, language="fr")
    assert "language" in response.context["form"].errors


def test_the_header_switcher_moves_a_saved_preference(client, make_user):
    person = make_user(language="en")
    log_in(client, person)
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert response.status_code == 302
    reload(person)
    assert person.language == "ko"
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_the_header_switcher_leaves_an_empty_preference_empty(client, make_user):
    person = make_user()
    log_in(client, person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    reload(person)
    assert person.language == ""
    assert '<html lang="en">' in client.get("/").content.decode()  # the cookie does it


def test_the_header_switcher_still_works_for_visitors(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_the_header_switcher_needs_the_csrf_token(make_user):
    person = make_user(language="en")
    client = Client(enforce_csrf_checks=True)
    log_in(client, person)
    assert client.post("/i18n/setlang/", {"language": "ko"}).status_code == 403
    reload(person)
    assert person.language == "en"


# --- Following ------------------------------------------------------------------------------------


def test_only_the_owner_sees_what_they_follow(client, make_user, make_tag, make_question):
    person = make_user()
    tag = make_tag("eigen", name_ko="고윳값")
    concept_follow_toggle(user=person, tag=tag)
    question = make_question(author=person, title="내가 팔로우하는 질문")

    log_in(client, person)
    own = _html(client, person)
    following = own.split('id="profile-following-heading"')[1].split("</section>")[0]
    assert "고윳값" in following
    assert f'href="{question.get_absolute_url()}"' in following

    other = Client()
    log_in(other, make_user())
    assert 'id="profile-following-heading"' not in _html(other, person)
    assert 'id="profile-following-heading"' not in _html(Client(), person)


def test_an_inactive_members_profile_is_not_found(client, make_user):
    person = make_user(is_active=False)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert User.objects.filter(pk=person.pk).exists()
