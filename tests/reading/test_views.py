import pytest
from django.urls import reverse

from apps.moderation.services import post_delete
from apps.questions.models import Question
from apps.questions.services import question_create, question_edit
from apps.reading.sections import chapters, section_get
from apps.tags.models import StudyLink
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _ask(author, *, section="22.7", title="우도를 최대화하는 이유가 뭔가요?"):
    return question_create(
        author=author,
        title=title,
        body="로그 우도를 미분하는 부분을 모르겠어요.",
        tags=["likelihood"],
        section=section,
    )


@pytest.fixture
def likelihood(make_tag):
    tag = make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    StudyLink.objects.create(
        tag=tag,
        section="22.7",
        title_en="Maximum Likelihood",
        url_en="https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html",
        title_ko="최대 가능도",
    )
    return tag


def test_the_catalogue_holds_sections_only_in_the_books_order():
    section = section_get("22.7")
    assert section.title_en == "Maximum Likelihood"
    assert section.title_ko == "최대 가능도"  # ours, not the Korean edition's "최대화 가능성"
    assert section.ko_title == "최대화 가능성"
    assert section.ko_url.startswith("https://ko.d2l.ai/")
    numbers = [s.number for chapter in chapters() for s in chapter.sections]
    assert "22" not in numbers and "22.11" in numbers
    assert numbers.index("22.10") > numbers.index("22.9")  # numbers, not strings
    assert section_get("17.1").ko_url == ""  # no reinforcement learning in the Korean edition


@pytest.mark.parametrize("number", ["22", "99.9", "22.7x", "22.07", "%20", "22.7.1", "없음"])
def test_a_section_that_does_not_exist_is_not_found(client, number):
    assert client.get(f"/read/{number}/").status_code == 404


def test_a_section_page_shows_both_editions_its_concepts_and_its_questions(
    client, make_user, likelihood
):
    asked = _ask(make_user())
    _ask(make_user(), section="22.8", title="정규분포 질문입니다")
    html = _english(client).get("/read/22.7/").content.decode()
    assert "Maximum Likelihood" in html
    assert (
        "https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html"
        in html
    )
    assert (
        "https://ko.d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html"
        in html
    )
    assert "Korean edition (0.17): 18.7" in html
    assert likelihood.get_absolute_url() in html
    assert asked.title in html and "정규분포 질문입니다" not in html
    assert "/questions/ask/?section=22.7" in html


def test_concepts_it_is_only_the_closest_reading_for_are_listed_apart(client, make_tag, likelihood):
    flow = make_tag("normalizing-flow", name_ko="정규화 흐름", name_en="Normalizing flow")
    StudyLink.objects.create(
        tag=flow,
        section="22.7",
        title_en="Maximum Likelihood",
        url_en="https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html",
        closest=True,
    )
    html = _english(client).get("/read/22.7/").content.decode()
    taught, _, nearest = html.partition("The closest reading for")
    assert likelihood.get_absolute_url() in taught and likelihood.get_absolute_url() not in nearest
    assert flow.get_absolute_url() in nearest and flow.get_absolute_url() not in taught


def test_a_section_page_is_korean_by_default(client, make_user, likelihood):
    html = client.get("/read/22.7/").content.decode()
    assert "최대 가능도" in html and "한국어판" in html and "이 절에 대해 질문하기" in html


def test_the_index_groups_sections_by_chapter_with_live_question_counts(
    client, make_user, likelihood
):
    _ask(make_user())
    _ask(make_user())
    gone = _ask(make_user(), section="2.3")
    post_delete(user=make_user(is_staff=True), post=gone)
    html = _english(client).get("/read/").content.decode()
    assert "Chapter 22. Appendix: Mathematics for Deep Learning" in html
    maximum = html.index('href="/read/22.7/"')
    assert "2 questions" in html[maximum : html.index("</li>", maximum)]
    linear = html.index('href="/read/2.3/"')
    assert "0 questions" in html[linear : html.index("</li>", linear)]


@pytest.mark.parametrize("count", [3, 30])
def test_the_index_costs_one_query(client, make_user, likelihood, django_assert_num_queries, count):
    author = make_user()
    numbers = [s.number for chapter in chapters() for s in chapter.sections]
    for i in range(count):
        _ask(author, section=numbers[i], title=f"읽으며 묻는 질문 {i}")
    with django_assert_num_queries(1):  # the counts
        response = client.get("/read/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_a_section_page_costs_a_fixed_number_of_queries(
    client, make_user, likelihood, django_assert_num_queries, count
):
    for i in range(count):
        _ask(make_user(), title=f"우도 질문 번호 {i}")
    # its concepts, the list's total, the page's ids, its rows (with askers), their concepts
    with django_assert_num_queries(5):
        response = client.get("/read/22.7/")
    assert response.status_code == 200
    assert response.content.decode().count('class="question-row') == min(count, 30)


def test_asking_from_a_section_page_records_the_section(client, make_user, likelihood):
    log_in(_english(client), make_user())
    form = client.get("/questions/ask/?section=22.7").content.decode()
    assert '<option value="22.7" selected>' in form
    response = client.post(
        "/questions/ask/",
        {
            "title": "Why maximize the log-likelihood?",
            "body": "I do not see why the log helps here.",
            "tags": "likelihood",
            "section": "22.7",
        },
    )
    question = Question.objects.get()
    assert question.d2l_section == "22.7"
    page = client.get(response["Location"]).content.decode()
    assert 'asked while reading <a href="/read/22.7/">22.7 Maximum Likelihood</a>' in page


def test_a_made_up_section_in_the_address_is_ignored(client, make_user):
    log_in(client, make_user())
    response = client.get("/questions/ask/?section=../../x")
    assert response.status_code == 200
    select = response.content.decode().split('name="section"')[1].split("</select>")[0]
    assert select.count(" selected>") == 1 and '<option value="" selected>' in select


@pytest.mark.parametrize("section", ["99.1", "22", "<script>", "x" * 500])
def test_a_bad_section_is_the_forms_error_and_saves_nothing(client, make_user, likelihood, section):
    log_in(client, make_user())
    response = client.post(
        "/questions/ask/",
        {
            "title": "좋은 제목입니다",
            "body": "본문은 충분히 깁니다",
            "tags": "likelihood",
            "section": section,
        },
    )
    assert response.status_code == 200
    assert "section" in response.context["form"].errors
    assert not Question.objects.exists()


def test_editing_the_section_moves_it_between_kept_pages(client, make_user, likelihood):
    author = make_user()
    question = _ask(author)
    _english(client)
    assert question.title in client.get("/read/22.7/").content.decode()
    client.get("/read/")  # kept for visitors
    client.get(question.get_absolute_url())
    question_edit(
        user=author,
        question=question,
        title=question.title,
        body=question.body,
        tags=["likelihood"],
        section="22.8",
    )
    assert question.title not in client.get("/read/22.7/").content.decode()
    assert question.title in client.get("/read/22.8/").content.decode()
    index = client.get("/read/").content.decode()
    distributions = index.index('href="/read/22.8/"')
    assert "1 question" in index[distributions : index.index("</li>", distributions)]
    assert "22.8 Distributions" in client.get(question.get_absolute_url()).content.decode()


def test_an_edit_that_does_not_name_the_section_keeps_it(make_user, likelihood):
    author = make_user()
    question = _ask(author)
    question_edit(
        user=author,
        question=question,
        title="제목을 바꿨습니다",
        body=question.body,
        tags=["likelihood"],
    )
    question.refresh_from_db()
    assert question.d2l_section == "22.7"


def test_the_edit_form_shows_and_clears_the_section(client, make_user, likelihood):
    author = make_user()
    question = _ask(author)
    log_in(client, author)
    url = reverse("questions:edit", args=[question.pk])
    assert '<option value="22.7" selected>' in client.get(url).content.decode()
    client.post(
        url, {"title": question.title, "body": question.body, "tags": "likelihood", "section": ""}
    )
    question.refresh_from_db()
    assert question.d2l_section == ""
    assert (
        'class="asked-while-reading"'
        not in _english(client).get(question.get_absolute_url()).content.decode()
    )


def test_a_concept_page_links_its_sections_reading_pages(client, likelihood):
    html = _english(client).get(likelihood.get_absolute_url()).content.decode()
    assert 'href="/read/22.7/"' in html and 'href="/read/"' in html


def test_an_expired_login_keeps_the_section_and_the_paper(client, make_user, likelihood):
    from tests.core.test_login_required import login_expires, refused_then_back

    user = make_user()
    log_in(client, user)
    login_expires()
    text = {
        "title": "우도와 확률은 뭐가 다른가요?",
        "body": "한참 동안 쓴 본문입니다",
        "tags": "likelihood",
        "section": "22.7",
        "paper_url": "https://arxiv.org/abs/1512.03385",
        "reported": "76.1 % top-1",
    }
    page = refused_then_back(client, user, "/questions/ask/", text, "/questions/ask/")
    html = page.content.decode()
    assert '<option value="22.7" selected>' in html
    assert 'value="https://arxiv.org/abs/1512.03385"' in html
    assert '<details class="paper-fields" open>' in html
    assert client.post("/questions/ask/", text).status_code == 302
    assert Question.objects.get().paper.reported == "76.1 % top-1"


def test_the_sitemap_lists_every_sections_page(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/read/22.7/</loc>" in xml and "/read/2.1/</loc>" in xml
    assert "/read/22/</loc>" not in xml
