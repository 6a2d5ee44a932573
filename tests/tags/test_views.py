import itertools
import random

import pytest

from apps.questions.models import Question
from apps.tags.models import Area, StudyLink
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_ask_with_tags_and_see_them_on_the_question(client, make_user, make_tag):
    make_tag("likelihood", name_ko="가능도", name_en="Likelihood", aliases="우도")
    log_in(client, make_user())
    response = client.post(
        "/questions/ask/",
        {"title": "우도가 뭔가요", "body": "우도와 확률의 차이가 궁금합니다", "tags": "우도"},
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert [t.slug for t in question.tags.all()] == ["likelihood"]
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'href="/tags/likelihood/"' in html


def test_ask_with_an_unknown_tag_shows_a_clear_error(client, make_user):
    log_in(client, make_user())
    response = client.post(
        "/questions/ask/",
        {"title": "새 개념 질문", "body": "본문이 충분히 깁니다", "tags": "새개념"},
    )
    assert response.status_code == 200
    assert "300" in " ".join(response.context["form"].errors["tags"])
    assert not Question.objects.exists()


def test_suggest_matches_korean_and_english_names(client, make_tag):
    make_tag(
        "cross-entropy", name_ko="교차 엔트로피", name_en="Cross-entropy", aliases="크로스 엔트로피"
    )
    make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    html = client.get("/tags/suggest/", {"tags": "likelihood, 엔트로"}).content.decode()
    assert 'data-tag-suggestion="교차 엔트로피"' in html
    assert 'data-tag-suggestion="엔트로피"' in html
    english = client.get("/tags/suggest/", {"tags": "cross"}).content.decode()
    assert "교차 엔트로피" in english
    assert (
        "data-tag-suggestion"
        not in client.get("/tags/suggest/", {"tags": "엔트로피, "}).content.decode()
    )


def test_tag_index_groups_by_area_with_counts_and_links(client, make_tag, make_question):
    algebra = Area.objects.create(
        slug="linear-algebra", name_ko="선형대수", name_en="Linear algebra"
    )
    rank = make_tag("rank", name_ko="랭크", name_en="Rank", area=algebra)
    StudyLink.objects.create(
        tag=rank,
        section="22.1",
        title_en="Geometry",
        url_en="https://d2l.ai/x.html",
        url_ko="https://ko.d2l.ai/x.html",
    )
    make_question(tags=["rank"])
    response = client.get("/tags/")
    areas = response.context["areas"]
    assert [a.slug for a in areas] == ["linear-algebra"] or "linear-algebra" in [
        a.slug for a in areas
    ]
    html = response.content.decode()
    assert "선형대수" in html and "랭크" in html and "https://ko.d2l.ai/x.html" in html
    filtered = client.get("/tags/", {"q": "랭"})
    assert [t.slug for a in filtered.context["areas"] for t in a.listed_tags] == ["rank"]


@pytest.mark.parametrize("count", [3, 30])
def test_tag_index_costs_a_fixed_number_of_queries(
    client, make_tag, django_assert_max_num_queries, count
):
    for _ in range(count):
        tag = make_tag()
        StudyLink.objects.create(
            tag=tag, section="2.1", title_en="x", url_en="https://d2l.ai/a.html"
        )
    with django_assert_max_num_queries(3):
        assert client.get("/tags/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_tag_page_costs_a_fixed_number_of_queries(
    client, make_tag, make_question, django_assert_max_num_queries, count
):
    tag = make_tag("gradient")
    for _ in range(count):
        make_question(tags=["gradient", make_tag().slug])
    with django_assert_max_num_queries(9):
        response = client.get("/tags/gradient/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 30)
    assert tag.name in response.content.decode()


def test_tagged_lists_exactly_the_questions_with_all_tags(client, make_tag, make_question):
    slugs = [make_tag(f"t{i}").slug for i in range(4)]
    rng = random.Random(7)
    questions = {}
    for _ in range(25):
        chosen = rng.sample(slugs, rng.randint(1, 4))
        questions[make_question(tags=chosen).pk] = set(chosen)
    for size in (2, 3, 4):
        for combo in itertools.combinations(slugs, size):
            response = client.get(f"/questions/tagged/{'+'.join(combo)}/")
            got = {q.pk for q in response.context["page"].object_list}
            expected = {pk for pk, tags in questions.items() if set(combo) <= tags}
            assert got == expected


@pytest.mark.parametrize("size", [2, 5])
def test_tagged_costs_the_same_queries_whatever_the_number_of_tags(
    client, make_tag, make_question, django_assert_max_num_queries, size
):
    slugs = [make_tag().slug for _ in range(5)]
    for _ in range(5):
        make_question(tags=slugs)
    # the concepts, the total, the page's ids, its rows, their tags
    with django_assert_max_num_queries(5):
        response = client.get(f"/questions/tagged/{'+'.join(slugs[:size])}/")
    assert len(response.context["page"].object_list) == 5


def test_tagged_with_an_unknown_tag_is_a_404(client, make_tag):
    make_tag("real")
    assert client.get("/questions/tagged/real+nope/").status_code == 404
    assert client.get("/questions/tagged/real/").status_code == 302


def test_feeds_are_atom_and_list_questions(client, make_tag, make_question):
    make_tag("rank")
    question = make_question(title="랭크 질문입니다", tags=["rank"])
    for url in ("/feeds/questions/", "/tags/rank/feed/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        assert question.title in response.content.decode()
    assert client.get("/tags/missing/feed/").status_code == 404


def test_unknown_tag_page_is_a_404(client):
    assert client.get("/tags/no-such-concept/").status_code == 404
