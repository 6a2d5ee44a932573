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
    areas = response.context["grid"]["areas"]
    assert [a.slug for a in areas] == ["linear-algebra"] or "linear-algebra" in [
        a.slug for a in areas
    ]
    html = response.content.decode()
    assert "선형대수" in html and "랭크" in html and "https://ko.d2l.ai/x.html" in html
    filtered = client.get("/tags/", {"q": "랭"})
    assert [t.slug for a in filtered.context["grid"]["areas"] for t in a.listed_tags] == ["rank"]


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


def _listed(response) -> list[str]:
    return [tag.slug for area in response.context["grid"]["areas"] for tag in area.listed_tags]


def test_tag_index_sorts_by_localized_name_or_by_questions(client, make_tag, make_question):
    make_tag("b-vector", name_ko="벡터", name_en="Vector")
    make_tag("a-matrix", name_ko="행렬", name_en="Matrix")
    make_tag("c-gradient", name_ko="기울기", name_en="Gradient")
    for _ in range(2):
        make_question(tags=["a-matrix"])
    make_question(tags=["b-vector"])
    by_name = _listed(client.get("/tags/"))
    assert by_name == ["c-gradient", "b-vector", "a-matrix"]  # 기 벡 행
    client.cookies["django_language"] = "en"
    english = client.get("/tags/")
    assert _listed(english) == ["c-gradient", "a-matrix", "b-vector"]
    del client.cookies["django_language"]
    popular = client.get("/tags/", {"sort": "popular"})
    assert _listed(popular) == ["a-matrix", "b-vector", "c-gradient"]
    fallback = client.get("/tags/", {"sort": "bogus"})
    assert fallback.context["sort"] == "name"
    assert _listed(fallback) == by_name


def test_tag_index_filter_is_cut_and_counts_what_it_shows(client, make_tag):
    make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    make_tag("matrix", name_ko="행렬", name_en="Matrix")
    response = client.get("/tags/", {"q": "  엔트로" + "피" * 100})
    assert response.context["term"] == ("엔트로" + "피" * 100)[:60]
    found = client.get("/tags/", {"q": "엔트로피"})
    assert found.context["grid"]["total"] == 1 and _listed(found) == ["entropy"]
    assert client.get("/tags/", {"q": "없는"}).context["grid"]["total"] == 0


def test_a_concept_page_shows_what_to_learn_first_and_what_builds_on_it(client, make_tag):
    vector = make_tag("vector", name_ko="벡터", name_en="Vector")
    matrix = make_tag("matrix", name_ko="행렬", name_en="Matrix")
    eigen = make_tag("eigen", name_ko="고윳값", name_en="Eigenvalue")
    matrix.prerequisites.add(vector)
    eigen.prerequisites.add(matrix)
    html = client.get("/tags/matrix/").content.decode()
    learn_first = html[html.index("먼저 배울 개념") :]
    assert learn_first.index('href="/tags/vector/"') < learn_first.index('href="/tags/eigen/"')
    assert 'rel="tag"' in html
    alone = client.get("/tags/vector/").content.decode()
    assert "먼저 배울 개념" not in alone


def test_a_concept_page_lists_its_d2l_sections_in_both_languages(client, make_tag):
    tag = make_tag("rank")
    StudyLink.objects.create(
        tag=tag,
        section="22.1",
        title_en="Geometry and Linear Algebraic Operations",
        url_en="https://d2l.ai/geometry.html",
        title_ko="기하와 선형대수 연산",
        url_ko="https://ko.d2l.ai/geometry.html",
        closest=True,
    )
    html = client.get("/tags/rank/").content.decode()
    study = html[html.index('class="study-box"') :]
    assert "22.1" in study and "https://d2l.ai/geometry.html" in study
    assert "https://ko.d2l.ai/geometry.html" in study and "기하와 선형대수 연산" in study
    assert 'class="closest-note"' in study
    bare = client.get(f"/tags/{make_tag('bare').slug}/").content.decode()
    assert "아직 연결된 D2L 절이 없어요." in bare


def test_an_unknown_tab_on_a_concept_page_shows_the_newest(client, make_tag, make_question):
    make_tag("rank")
    make_question(tags=["rank"])
    response = client.get("/tags/rank/", {"tab": "<script>"})
    assert response.status_code == 200
    assert response.context["tab"] == "newest"
    assert "<script>" not in response.content.decode()


def test_suggest_leaves_out_names_already_chosen_and_stops_at_eight(client, make_tag):
    make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    make_tag("cross-entropy", name_ko="교차 엔트로피", name_en="Cross-entropy")
    html = client.get("/tags/suggest/", {"tags": "엔트로피, 엔트로"}).content.decode()
    assert 'data-tag-suggestion="교차 엔트로피"' in html
    assert 'data-tag-suggestion="엔트로피"' not in html
    for i in range(12):
        make_tag(f"loss-{i}", name_ko=f"손실 {i}", name_en=f"Loss {i}", question_count=i)
    many = client.get("/tags/suggest/", {"tags": "손실"}).content.decode()
    assert many.count("data-tag-suggestion=") == 8
    assert many.index("손실 11") < many.index("손실 10")  # the most asked about first


def test_suggest_says_what_finished_names_mean_as_you_type(client, make_user, make_tag):
    make_tag("mle", name_ko="최대우도 추정", name_en="Maximum likelihood estimation")
    log_in(client, make_user(reputation=1))
    ko = {"HTTP_ACCEPT_LANGUAGE": "ko"}
    html = client.get("/tags/suggest/", {"tags": "최대우도, "}, **ko).content.decode()
    assert "“최대우도”은(는) 최대우도 추정(으)로 받아들여요." in html
    # The refusal the form would give on submit, beside the field before submitting.
    html = client.get("/tags/suggest/", {"tags": "없는개념, 최대"}, **ko).content.decode()
    assert '<p class="field-error tag-refusal">없는 개념이에요: 없는개념.' in html
    assert 'data-tag-suggestion="최대우도 추정"' in html  # and still the suggestions
    client.cookies["django_language"] = "en"
    too_many = client.get("/tags/suggest/", {"tags": "a, b, c, d, e, f,"})
    assert "tag-refusal" in too_many.content.decode()


def test_asking_with_a_near_miss_files_the_question_under_its_concept(client, make_user, make_tag):
    make_tag("mle", name_ko="최대우도 추정", name_en="Maximum likelihood estimation")
    log_in(client, make_user())
    response = client.post(
        "/questions/ask/",
        {
            "title": "최대우도는 왜 로그를 취하나요",
            "body": "로그 우도를 쓰는 이유가 궁금해요",
            "tags": "최대우도",
        },
    )
    assert response.status_code == 302
    assert [tag.slug for tag in Question.objects.get().tags.all()] == ["mle"]


def test_suggest_says_when_nothing_matches(client):
    html = client.get("/tags/suggest/", {"tags": "없는개념"}).content.decode()
    assert "없는개념" in html and 'href="/tags/"' in html
    assert client.get("/tags/suggest/").content.decode().strip() == ""


# --- Narrowing a list to several concepts -------------------------------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_concept_page_offers_to_add_a_concept_to_the_filter(client, make_tag):
    make_tag("likelihood", name_ko="우도", name_en="Likelihood", aliases="가능도")
    make_tag("expectation", name_ko="기댓값", name_en="Expectation")
    html = client.get("/tags/likelihood/").content.decode()
    assert 'action="/tags/combine/"' in html
    assert '<input type="hidden" name="concept" value="likelihood">' in html
    # A name, an alias or a slug, in either language, adds the concept.
    for typed in ("기댓값", "expectation", "Expectation"):
        response = client.get("/tags/combine/", {"concept": "likelihood", "add": typed})
        assert response.status_code == 302
        assert response["Location"] == "/questions/tagged/likelihood+expectation/"
    response = client.get("/tags/combine/", {"concept": "expectation", "add": "가능도"})
    assert response["Location"] == "/questions/tagged/expectation+likelihood/"


def test_a_combined_list_can_drop_or_add_a_concept(client, make_tag, make_question):
    for slug in ("a-one", "b-two", "c-three"):
        make_tag(slug)
    make_question(tags=["a-one", "b-two", "c-three"])
    html = client.get("/questions/tagged/a-one+b-two/").content.decode()
    # Removing one concept leads to the other's page; removing from three leaves two.
    assert 'class="chip-remove" href="/tags/b-two/"' in html
    assert 'class="chip-remove" href="/tags/a-one/"' in html
    assert 'name="concept" value="a-one"' in html and 'name="concept" value="b-two"' in html
    three = client.get("/questions/tagged/c-three+a-one+b-two/").content.decode()
    assert 'class="chip-remove" href="/questions/tagged/a-one+b-two/"' in three
    response = client.get("/tags/combine/", {"concept": ["a-one", "b-two"], "add": "c-three"})
    assert response["Location"] == "/questions/tagged/a-one+b-two+c-three/"


def test_the_tag_index_lets_a_person_tick_concepts_to_combine(client, make_tag):
    make_tag("rank")
    make_tag("vector")
    html = client.get("/tags/").content.decode()
    assert '<form id="combine-concepts"' in html
    assert 'name="concept" value="rank" form="combine-concepts"' in html
    response = client.get("/tags/combine/", {"concept": ["rank", "vector"]})
    assert response["Location"] == "/questions/tagged/rank+vector/"
    assert client.get("/tags/combine/", {"concept": "rank"})["Location"] == "/tags/rank/"


def test_combining_refuses_unknown_names_and_too_many_concepts_clearly(client, make_tag):
    slugs = [make_tag(f"k{i}").slug for i in range(7)]
    client.cookies["django_language"] = "en"
    response = client.get("/tags/combine/", {"concept": "k0", "add": "없는개념"})
    assert response["Location"] == "/tags/k0/"
    page = client.get(response["Location"])
    del client.cookies["django_language"]
    assert "No concept is called “없는개념”: pick one from the list of concepts." in _messages(page)
    response = client.get("/tags/combine/", {"concept": slugs[:6]}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response["Location"] == "/tags/"
    page = client.get("/tags/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "질문 하나에는 개념이 5개까지라서, 더 많이 고를 수 없어요." in _messages(page)
    response = client.get("/tags/combine/", {"concept": slugs[:4], "add": "k5, k6"})
    assert response["Location"] == "/questions/tagged/k0+k1+k2+k3/"
    assert client.get("/tags/combine/").status_code == 302
    crafted = {"concept": "x" * 5000, "add": "," * 3000}
    assert client.get("/tags/combine/", crafted).status_code == 302


def test_no_concept_can_be_named_combine_as_its_page_would_be_hidden(make_user):
    from django.utils import translation

    from apps.core.errors import InvalidAction
    from apps.tags.services import tags_check

    with translation.override("en"), pytest.raises(InvalidAction, match="is reserved"):
        tags_check(user=make_user(is_staff=True), names=["Combine"])
