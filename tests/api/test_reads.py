"""The API's reads: their shapes, no deleted content, and a fixed number of queries."""

import pytest

from apps.accounts.models import User
from apps.answers.services import answer_accept
from apps.moderation.services import post_delete
from apps.papers.metrics import metric_parse
from apps.papers.services import PaperClaim
from apps.questions.services import question_create
from apps.tags.models import StudyLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user) -> User:
    return make_user(is_staff=True, is_superuser=True)


def test_question_list_rows(client, make_question):
    question = make_question(title="우도 함수가 확률이 아닌 이유는?")
    response = client.get("/api/v1/questions/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["page"] == 1 and data["page_size"] == 20 and data["next"] is None
    (row,) = data["results"]
    assert row["id"] == question.pk
    assert row["title"] == "우도 함수가 확률이 아닌 이유는?"
    assert row["author"] == {
        "id": question.author.pk,
        "username": question.author.username,
        "display_name": question.author.display_name,
        "reputation": question.author.reputation,
    }
    assert [tag["slug"] for tag in row["tags"]] == ["likelihood"]
    assert row["url"].endswith(question.get_absolute_url())
    assert row["answer_count"] == 0 and row["accepted_answer_id"] is None


def test_question_list_pages_link_the_next_one(client, make_question):
    ids = [make_question().pk for _ in range(5)]
    data = client.get("/api/v1/questions/?page_size=2&tab=newest").json()
    assert [row["id"] for row in data["results"]] == ids[::-1][:2]
    assert "page=2" in data["next"] and "page_size=2" in data["next"]
    second = client.get(data["next"]).json()
    assert [row["id"] for row in second["results"]] == ids[::-1][2:4]
    last = client.get("/api/v1/questions/?page_size=2&page=3").json()
    assert [row["id"] for row in last["results"]] == ids[:1] and last["next"] is None
    assert client.get("/api/v1/questions/?page=9").json()["results"] == []


def test_unanswered_under_every_concept_asked(client, make_question, make_answer, make_tag):
    make_tag("likelihood")
    make_tag("gradient")
    both = make_question(tags=["likelihood", "gradient"])
    only_one = make_question(tags=["likelihood"])
    answered = make_question(tags=["likelihood", "gradient"])
    make_answer(answered)
    data = client.get(
        "/api/v1/questions/?tab=unanswered&concept=likelihood&concept=gradient"
    ).json()
    assert [row["id"] for row in data["results"]] == [both.pk]
    data = client.get("/api/v1/questions/?tab=unanswered&concept=likelihood").json()
    assert {row["id"] for row in data["results"]} == {both.pk, only_one.pk}


@pytest.mark.parametrize("tab", ["newest", "active", "top", "unanswered", "featured"])
def test_every_tab_answers(client, make_question, tab):
    make_question()
    assert client.get(f"/api/v1/questions/?tab={tab}").status_code == 200


def test_question_with_answers_and_comments(client, make_question, make_answer, make_comment):
    question = make_question(body="우도 $L(\\theta)$ 는?")
    first = make_answer(question, body="확률 밀도의 곱입니다. $\\prod_i p(x_i)$")
    second = make_answer(question)
    answer_accept(user=question.author, answer=second)
    make_comment(question)
    make_comment(first, body="곱이 아니라 합 아닌가요? 로그를 취하면요.")
    data = client.get(f"/api/v1/questions/{question.pk}/").json()
    assert data["id"] == question.pk and data["body"] == "우도 $L(\\theta)$ 는?"
    assert "<math" in data["body_html"] or "math" in data["body_html"]
    assert data["accepted_answer_id"] == second.pk
    assert [answer["id"] for answer in data["answers"]] == [second.pk, first.pk]
    assert data["answers"][0]["accepted"] and not data["answers"][1]["accepted"]
    assert data["answers"][1]["body"].startswith("확률 밀도의 곱")
    assert data["answers"][1]["comments"][0]["body"].startswith("곱이 아니라")
    assert len(data["comments"]) == 1 and data["answers"][0]["comments"] == []
    assert data["answers"][1]["author"]["username"] == first.author.username
    assert data["tags"][0]["slug"] == "likelihood" and data["closed"] is False


def test_deleted_content_does_not_leak(client, make_question, make_answer, make_comment, moderator):
    gone = make_question(title="지워질 질문입니다 여기")
    kept = make_question()
    deleted_answer = make_answer(kept)
    live_answer = make_answer(kept)
    deleted_comment = make_comment(kept)
    for row in (gone, deleted_answer, deleted_comment):
        post_delete(user=moderator, post=row)

    listed = client.get("/api/v1/questions/").json()
    assert [row["id"] for row in listed["results"]] == [kept.pk]
    assert client.get(f"/api/v1/questions/{gone.pk}/").status_code == 404
    data = client.get(f"/api/v1/questions/{kept.pk}/").json()
    assert [answer["id"] for answer in data["answers"]] == [live_answer.pk]
    assert data["comments"] == []
    assert client.get("/api/v1/search/?q=지워질").json()["results"] == []


def test_moderators_signed_in_do_not_get_deleted_content_either(
    client, make_question, make_answer, make_comment, moderator
):
    question = make_question()
    post_delete(user=moderator, post=question)
    thread = make_question()
    answer = make_answer(thread)
    for row in (answer, make_comment(thread)):
        post_delete(user=moderator, post=row)
    client.force_login(moderator)
    assert client.get(f"/api/v1/questions/{question.pk}/").status_code == 404
    data = client.get(f"/api/v1/questions/{thread.pk}/").json()
    assert data["answers"] == [] and data["comments"] == []
    client.force_login(answer.author)  # the site shows authors their deleted answers
    assert client.get(f"/api/v1/questions/{thread.pk}/").json()["answers"] == []


def test_concepts(client, make_tag):
    basics = make_tag("probability", name_ko="확률", name_en="Probability")
    tag = make_tag("likelihood", name_ko="가능도", name_en="Likelihood", description_ko="설명")
    tag.prerequisites.add(basics)
    StudyLink.objects.create(
        tag=tag, section="22.7", title_en="Maximum Likelihood", url_en="https://d2l.ai/x.html"
    )
    listed = client.get("/api/v1/concepts/").json()
    assert {concept["slug"] for concept in listed} == {"probability", "likelihood"}
    data = client.get("/api/v1/concepts/likelihood/").json()
    assert data["name_ko"] == "가능도" and data["name_en"] == "Likelihood"
    assert data["description_ko"] == "설명"
    assert data["area"]["slug"] == "test-area"
    assert data["prerequisites"] == [
        {"slug": "probability", "name_ko": "확률", "name_en": "Probability"}
    ]
    assert data["links"][0]["section"] == "22.7"
    assert data["links"][0]["url_en"] == "https://d2l.ai/x.html"


def test_search_uses_the_sites_operators(client, make_question, make_answer, make_tag):
    make_tag("likelihood")
    make_tag("gradient")
    wanted = make_question(title="경사 하강법의 학습률은 어떻게 정하나요?", tags=["gradient"])
    make_question(title="우도 함수는 무엇인가요 정말로?", tags=["likelihood"])
    answered = make_question(title="경사 하강법이 발산하는 이유는 무엇인가요?", tags=["gradient"])
    make_answer(answered)
    data = client.get("/api/v1/search/", {"q": "[gradient] answers:0"}).json()
    assert [row["id"] for row in data["results"]] == [wanted.pk]
    assert data["count"] == 1 and data["next"] is None


def test_public_profile(client, make_question, make_user):
    person = make_user(display_name="가우스", bio="정규분포를 좋아합니다")
    make_question(author=person)
    data = client.get(f"/api/v1/users/{person.pk}/").json()
    assert data["username"] == person.username and data["display_name"] == "가우스"
    assert data["question_count"] == 1 and data["answer_count"] == 0
    assert "email" not in data


def test_inactive_members_have_no_profile(client, make_user):
    person = make_user(is_active=False)
    assert client.get(f"/api/v1/users/{person.pk}/").status_code == 404


# Query counts, each with several rows so that one query per row would show.


@pytest.fixture
def community(make_question, make_answer, make_comment, make_tag):
    make_tag("likelihood")
    make_tag("gradient")
    questions = [make_question(tags=["likelihood", "gradient"]) for _ in range(4)]
    for question in questions[:2]:
        for _ in range(3):
            answer = make_answer(question)
            make_comment(answer)
        make_comment(question)
    return questions


def test_list_queries_are_fixed(client, community, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/v1/questions/?tab=top")
    with django_assert_max_num_queries(3):
        client.get("/api/v1/questions/?concept=likelihood&concept=gradient")


def test_detail_queries_are_fixed(client, community, django_assert_max_num_queries):
    # The thread (question, answers, concepts, D2L links), its comments, its bounties, the
    # view count: as the question page reads them (apps.questions.pages); then each post's
    # latest revision number.
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/questions/{community[0].pk}/")


def test_concepts_queries_are_fixed(client, community, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/concepts/")
    with django_assert_max_num_queries(3):
        client.get("/api/v1/concepts/likelihood/")


def test_profile_queries_are_fixed(client, community, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get(f"/api/v1/users/{community[0].author_id}/")


def test_search_queries_are_fixed(client, community, django_assert_max_num_queries):
    # The concept named, the matching ids, the rows and their concepts.
    with django_assert_max_num_queries(4):
        client.get("/api/v1/search/?q=[likelihood]")


def test_a_question_shows_the_section_it_was_read_with_and_the_paper_it_implements(
    client, make_user, make_tag
):
    make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    claim = PaperClaim(
        paper_url="https://arxiv.org/abs/1512.03385",
        code_url="https://github.com/example/resnet",
        reported=metric_parse("76.1 % top-1"),
        reproduced=metric_parse("75.3 % top-1"),
    )
    question = question_create(
        author=make_user(),
        title="ResNet 재현이 논문보다 낮아요",
        body="top-1 정확도가 0.8 낮습니다.",
        tags=["likelihood"],
        section="22.7",
        paper=claim,
    )
    data = client.get(f"/api/v1/questions/{question.pk}/").json()
    assert data["section"]["number"] == "22.7"
    assert data["section"]["title_en"] == "Maximum Likelihood"
    assert data["section"]["url"].endswith("/read/22.7/")
    paper = data["paper"]
    assert (paper["reported"], paper["reproduced"]) == ("76.1 % top-1", "75.3 % top-1")
    assert paper["gap"] == pytest.approx(-0.8)
    plain = question_create(
        author=make_user(), title="평범한 질문입니다", body="본문입니다 본문", tags=["likelihood"]
    )
    data = client.get(f"/api/v1/questions/{plain.pk}/").json()
    assert data["section"] is None and data["paper"] is None
