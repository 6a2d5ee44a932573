"""Marking answers as examples of a concept in use: who may, what each page shows, refusals."""

import pytest
from django.test import Client

from apps.examples.models import UsageExample
from apps.moderation.services import post_delete
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user, make_tag, make_question, make_answer):
    make_tag("gradient", name_ko="경사", name_en="Gradient")
    make_tag("chain-rule", name_ko="연쇄 법칙", name_en="Chain rule")
    make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    asker = make_user("asker", reputation=1)
    question = make_question(
        author=asker, title="역전파에서 경사가 어떻게 흐르나요", tags=["gradient", "chain-rule"]
    )
    answerer = make_user("answerer", reputation=1)
    answer = make_answer(
        question=question, author=answerer, body="신경망의 역전파가 연쇄 법칙을 씁니다 $dy/dx$"
    )
    marker = make_user("marker", reputation=50)
    return question, answer, marker


def _client(user, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        log_in(client, user)
    return client


def test_a_member_marks_without_javascript_and_both_pages_show_it(setup):
    question, answer, marker = setup
    client = _client(marker)
    response = client.post(f"/answers/{answer.pk}/example/", {"concept": "gradient"}, follow=True)
    assert response.redirect_chain[-1][0] == answer.get_absolute_url()
    page = response.content.decode()
    assert "Marked as a good example of Gradient in use." in page
    assert UsageExample.objects.get().marked_by == marker
    assert 'Example of <a href="/tags/gradient/">Gradient</a> in use' in page
    concept = Client()
    concept.cookies["django_language"] = "en"
    html = concept.get("/tags/gradient/").content.decode()
    assert "Where is it used?" in html
    assert question.title in html and "신경망의 역전파" in html
    # The other concept has none: it invites.
    other = concept.get("/tags/chain-rule/").content.decode()
    assert "Know where this is used? Answer one of these questions." in other


def test_korean_is_the_default(setup):
    _question, answer, marker = setup
    client = _client(marker, language="ko")
    client.post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    html = Client().get("/tags/gradient/").content.decode()
    assert "어디에 쓰이나요?" in html
    page = client.get(answer.get_absolute_url(), follow=True).content.decode()
    assert "쓰임 예: " in page


def test_htmx_gets_the_block_back_and_a_second_post_unmarks(setup):
    _question, answer, marker = setup
    client = _client(marker)
    url = f"/answers/{answer.pk}/example/"
    first = client.post(url, {"concept": "chain-rule"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    body = first.content.decode()
    assert f'id="examples-{answer.pk}"' in body and "Chain rule" in body and "Unmark" in body
    assert UsageExample.objects.count() == 1
    second = client.post(url, {"concept": "chain-rule"}, HTTP_HX_REQUEST="true")
    assert second.status_code == 200
    assert UsageExample.objects.count() == 0


def test_the_asker_and_a_moderator_unmark_and_others_may_not(setup, make_user):
    question, answer, marker = setup
    url = f"/answers/{answer.pk}/example/"
    _client(marker).post(url, {"concept": "gradient"})
    stranger = _client(make_user(reputation=500))
    refused = stranger.post(url, {"concept": "gradient"})
    assert refused.status_code == 403
    assert "Only the asker, a moderator or the member who marked it" in refused.content.decode()
    asker = _client(question.author)
    # The asker sees the unmark button (though below 50 reputation, no form to mark).
    page = asker.get(answer.get_absolute_url(), follow=True).content.decode()
    assert "Unmark" in page and "Mark as example" not in page
    asker.post(url, {"concept": "gradient"})
    assert not UsageExample.objects.exists()
    _client(marker).post(url, {"concept": "gradient"})
    _client(make_user(is_staff=True)).post(url, {"concept": "gradient"})
    assert not UsageExample.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_refusals_say_why_and_never_500(setup, make_user, make_answer, htmx):
    question, answer, marker = setup
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client = _client(marker)
    assert (
        client.post("/answers/999999/example/", {"concept": "gradient"}, **extra).status_code == 404
    )
    for concept in ("entropy", "", "nope", "x" * 500):
        bad = client.post(f"/answers/{answer.pk}/example/", {"concept": concept}, **extra)
        assert bad.status_code == 400, concept
        assert "Only the concepts of the question may be chosen" in bad.content.decode()
    nul = client.post(f"/answers/{answer.pk}/example/", {"concept": "gradient\x00"}, **extra)
    assert nul.status_code == 400  # refused before any view
    low = _client(make_user(reputation=49)).post(
        f"/answers/{answer.pk}/example/", {"concept": "gradient"}, **extra
    )
    assert low.status_code == 403
    assert "needs 50 reputation; you have 49." in low.content.decode()
    own = _client(answer.author).post(
        f"/answers/{answer.pk}/example/", {"concept": "gradient"}, **extra
    )
    assert own.status_code == 403 and "your own answer" in own.content.decode()
    assert client.get(f"/answers/{answer.pk}/example/").status_code == 405
    visitor = Client().post(f"/answers/{answer.pk}/example/", {"concept": "gradient"}, **extra)
    assert visitor.status_code in (302, 204)
    gone = make_answer(question=question, body="곧 지워질 답변입니다")
    post_delete(user=gone.author, post=gone)
    deleted = client.post(f"/answers/{gone.pk}/example/", {"concept": "gradient"}, **extra)
    assert deleted.status_code == 404
    assert not UsageExample.objects.exists()


def test_a_double_submit_keeps_one_row_or_none(setup):
    _question, answer, marker = setup
    client = _client(marker)
    for _ in range(2):
        client.post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    assert UsageExample.objects.count() == 0  # marked, then unmarked by the one who marked it
    client.post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    assert UsageExample.objects.filter(answer=answer).count() == 1


def test_the_privilege_is_listed(client):
    client.cookies["django_language"] = "en"
    html = client.get("/help/privileges/").content.decode()
    assert "Mark answers as good examples of a concept in use" in html


def test_marking_retires_the_kept_pages(setup, make_user):
    question, answer, marker = setup
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    for url in ("/tags/gradient/", question.get_absolute_url()):
        visitor.get(url)
        assert visitor.get(url).context is None  # kept
    member = _client(make_user(reputation=5))
    member.get(question.get_absolute_url())
    _client(marker).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    assert "Gradient</a> in use" in visitor.get(question.get_absolute_url()).content.decode()
    assert (
        question.title
        in visitor.get("/tags/gradient/").content.decode().split('id="where-used-heading"')[-1]
    )
    assert "Gradient</a> in use" in member.get(question.get_absolute_url()).content.decode()
    _client(question.author).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    assert "Gradient</a> in use" not in visitor.get(question.get_absolute_url()).content.decode()
    assert "Know where this is used?" in visitor.get("/tags/gradient/").content.decode()


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_concept_page_costs_the_same_queries_for_1_or_8_examples(
    setup, make_user, make_question, make_answer, django_assert_num_queries, who
):
    _question, answer, marker = setup
    client = _client(None if who == "visitor" else make_user(reputation=3))
    url = "/tags/gradient/"

    def warm_count() -> int:
        client.get(url)
        with django_assert_num_queries(0 if who == "visitor" else 3) as counted:
            response = client.get(url)
        assert response.status_code == 200
        return len(counted.captured_queries)

    _client(marker).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    one = warm_count()
    for n in range(7):
        other = make_answer(
            question=make_question(tags=["gradient"]), body=f"쓰이는 곳 {n} $x_{n}$"
        )
        _client(marker).post(f"/answers/{other.pk}/example/", {"concept": "gradient"})
    assert warm_count() == one
    html = client.get(url).content.decode()
    assert html.count('<p class="excerpt">') == 8


def test_the_members_question_page_stays_at_two_queries_with_marks(
    setup, make_user, django_assert_num_queries
):
    question, answer, marker = setup
    _client(marker).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    for member in (marker, question.author, make_user(reputation=200), make_user(reputation=2)):
        client = _client(member)
        client.get(question.get_absolute_url())
        with django_assert_num_queries(2):
            response = client.get(question.get_absolute_url())
        assert "Gradient</a> in use" in response.content.decode()


def test_the_cold_concept_page_stays_within_its_nine_queries_with_examples(
    setup, django_assert_max_num_queries
):
    _question, answer, marker = setup
    _client(marker).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    with django_assert_max_num_queries(9):  # the bound tests/tags pins
        assert Client().get("/tags/gradient/").status_code == 200


def test_the_author_hears_of_a_mark_and_an_unmark_takes_it_back(setup):
    from apps.notifications.models import Notification

    _question, answer, marker = setup
    url = f"/answers/{answer.pk}/example/"
    _client(marker).post(url, {"concept": "gradient"})
    note = Notification.objects.get(recipient=answer.author)
    assert (note.kind, note.tag.slug, note.actor) == ("usage_example", "gradient", marker)
    inbox = _client(answer.author).get("/notifications/").content.decode()
    assert "marked your answer to" in inbox and "as an example of Gradient in use" in inbox
    _client(marker).post(url, {"concept": "gradient"})
    assert not Notification.objects.filter(recipient=answer.author).exists()


def test_staff_see_the_marks_in_the_admin(setup, make_user):
    _question, answer, marker = setup
    _client(marker).post(f"/answers/{answer.pk}/example/", {"concept": "gradient"})
    staff = _client(make_user(is_staff=True, is_superuser=True))
    response = staff.get("/admin/examples/usageexample/")
    assert response.status_code == 200 and "marker" in response.content.decode()


def test_a_vote_on_an_answer_reorders_the_kept_section(setup, make_user, make_answer):
    from apps.votes.services import vote_cast

    question, answer, marker = setup
    later = make_answer(question=question, body="두 번째 예: 자동 미분 라이브러리")
    for marked in (answer, later):
        _client(marker).post(f"/answers/{marked.pk}/example/", {"concept": "gradient"})
    visitor = Client()

    def section() -> str:
        html = visitor.get("/tags/gradient/").content.decode()
        return html[html.index('id="where-used-heading"') :]

    first = section()
    assert first.index("두 번째 예") < first.index("신경망의 역전파")  # equal scores: newest first
    vote_cast(user=make_user(reputation=10), post=answer, value=1)
    after = section()
    assert after.index("신경망의 역전파") < after.index("두 번째 예")
