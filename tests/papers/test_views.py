import pytest
from django.urls import reverse

from apps.moderation.services import post_delete
from apps.papers.metrics import metric_parse
from apps.papers.models import PaperImplementation
from apps.papers.services import PaperClaim
from apps.questions.models import Question
from apps.questions.services import question_create, question_edit
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

PAPER = "https://arxiv.org/abs/1512.03385"
CODE = "https://github.com/example/resnet-from-scratch"


@pytest.fixture(autouse=True)
def likelihood(make_tag):
    return make_tag("likelihood", name_ko="우도", name_en="Likelihood")


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _form(**paper):
    return {
        "title": "ResNet-50를 처음부터 구현하고 있어요",
        "body": "ImageNet에서 논문 수치가 안 나옵니다.",
        "tags": "likelihood",
        **paper,
    }


def _implement(author, *, reported="76.1 % top-1", reproduced="75.7 % top-1", title=None):
    return question_create(
        author=author,
        title=title or "ResNet-50 재현 중입니다",
        body="논문 수치와 비교해 주세요.",
        tags=["likelihood"],
        paper=PaperClaim(
            paper_url=PAPER,
            code_url=CODE,
            reported=metric_parse(reported) if reported else None,
            reproduced=metric_parse(reproduced) if reproduced else None,
        ),
    )


def test_asking_with_a_paper_shows_its_table_and_lists_it_with_the_gap(client, make_user):
    log_in(_english(client), make_user())
    response = client.post(
        "/questions/ask/",
        _form(paper_url=PAPER, code_url=CODE, reported="76.1% top-1", reproduced="75.7 % Top-1"),
    )
    question = Question.objects.get()
    paper = PaperImplementation.objects.get(question=question)
    assert (paper.reported, paper.reported_label) == ("76.1% top-1", "% top-1")
    page = client.get(response["Location"]).content.decode()
    assert 'class="paper-table"' in page and PAPER in page and CODE in page
    assert "−0.4 % top-1" in page
    listed = client.get("/papers/").content.decode()
    assert question.title in listed and "−0.4 % top-1" in listed


def test_a_question_without_paper_fields_implements_none(client, make_user):
    log_in(client, make_user())
    client.post("/questions/ask/", _form(paper_url="", code_url="", reported="", reproduced=""))
    assert Question.objects.exists() and not PaperImplementation.objects.exists()
    assert (
        'class="paper-table"'
        not in client.get(Question.objects.get().get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"paper_url": "javascript:alert(1)"}, "paper_url"),
        ({"paper_url": "ftp://example.com/paper.pdf"}, "paper_url"),
        ({"paper_url": "not a web address"}, "paper_url"),
        ({"paper_url": "https://" + "a" * 500 + ".com"}, "paper_url"),
        ({"paper_url": PAPER, "code_url": "javascript:alert(1)"}, "code_url"),
        ({"paper_url": PAPER, "reported": "76.1"}, "reported"),
        ({"paper_url": PAPER, "reported": "about seventy-six"}, "reported"),
        ({"paper_url": PAPER, "reproduced": "75 or 76 %"}, "reproduced"),
        ({"paper_url": PAPER, "reproduced": "75.7 %\u202e"}, "reproduced"),
        ({"reported": "76.1 % top-1"}, "paper_url"),
        ({"code_url": CODE}, "paper_url"),
    ],
)
def test_a_bad_paper_field_is_the_forms_error_and_saves_nothing(client, make_user, fields, field):
    log_in(_english(client), make_user())
    response = client.post("/questions/ask/", _form(**fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists() and not PaperImplementation.objects.exists()
    html = response.content.decode()
    assert '<details class="paper-fields" open>' in html  # the error is not hidden
    assert 'class="field-error"' in html


def test_the_error_for_a_result_without_a_label_says_what_to_write(client, make_user):
    log_in(_english(client), make_user())
    response = client.post("/questions/ask/", _form(paper_url=PAPER, reported="76.1"))
    assert "Say what the number measures" in response.content.decode()


def test_results_in_different_units_show_both_without_a_gap(client, make_user):
    question = _implement(make_user(), reported="BLEU 27.3", reproduced="76.1 % top-1")
    _english(client)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "BLEU 27.3" in page and "76.1 % top-1" in page
    assert "not comparable" in page
    assert "not comparable" in client.get("/papers/").content.decode()


def test_a_paper_without_results_yet_is_listed_with_dashes(client, make_user):
    question = _implement(make_user(), reported="", reproduced="")
    html = _english(client).get("/papers/").content.decode()
    assert question.title in html and "not comparable" not in html


def test_editing_the_paper_retires_the_kept_page_and_the_list(client, make_user):
    author = make_user()
    question = _implement(author)
    _english(client)
    assert "−0.4 % top-1" in client.get(question.get_absolute_url()).content.decode()
    assert "−0.4 % top-1" in client.get("/papers/").content.decode()
    log_in(client, author)
    url = reverse("questions:edit", args=[question.pk])
    form = client.get(url).content.decode()
    assert f'value="{PAPER}"' in form and 'value="76.1 % top-1"' in form
    client.post(
        url,
        {
            "title": question.title,
            "body": question.body,
            "tags": "likelihood",
            "paper_url": PAPER,
            "code_url": CODE,
            "reported": "76.1 % top-1",
            "reproduced": "76.3 % top-1",
        },
    )
    client.logout()
    assert "+0.2 % top-1" in client.get(question.get_absolute_url()).content.decode()
    assert "+0.2 % top-1" in client.get("/papers/").content.decode()


def test_emptying_the_paper_fields_on_edit_removes_the_paper(client, make_user):
    author = make_user()
    question = _implement(author)
    log_in(client, author)
    client.post(
        reverse("questions:edit", args=[question.pk]),
        {"title": question.title, "body": question.body, "tags": "likelihood"},
    )
    assert not PaperImplementation.objects.exists()
    assert question.title not in client.get("/papers/").content.decode()


def test_an_edit_that_does_not_name_the_paper_keeps_it(make_user):
    author = make_user()
    question = _implement(author)
    question_edit(
        user=author,
        question=question,
        title="제목만 바꿨습니다",
        body=question.body,
        tags=["likelihood"],
    )
    assert PaperImplementation.objects.get().reproduced == "75.7 % top-1"


def test_an_unchanged_paper_is_no_edit(make_user):
    author = make_user()
    question = _implement(author)
    same = PaperClaim(
        paper_url=PAPER,
        code_url=CODE,
        reported=metric_parse("76.1 % top-1"),
        reproduced=metric_parse("75.7 % top-1"),
    )
    question_edit(
        user=author,
        question=question,
        title=question.title,
        body=question.body,
        tags=["likelihood"],
        section="",
        paper=same,
    )
    question.refresh_from_db()
    assert question.updated_at is None and question.revisions.count() == 1


def test_a_deleted_question_leaves_the_papers_list(client, make_user):
    question = _implement(make_user())
    post_delete(user=make_user(is_staff=True), post=question)
    assert question.title not in client.get("/papers/").content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_the_papers_list_costs_a_fixed_number_of_queries(
    client, make_user, django_assert_num_queries, count
):
    for i in range(count):
        _implement(make_user(), title=f"논문 구현 질문 {i}")
    with django_assert_num_queries(2):  # the count, the page's rows with questions and askers
        response = client.get("/papers/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == min(count, 30) + 1


@pytest.mark.parametrize("page", ["2", "999", "x", "-1", ""])
def test_any_page_number_gives_a_page(client, make_user, page):
    _implement(make_user())
    assert client.get(f"/papers/?page={page}").status_code == 200


def test_the_question_page_costs_the_same_with_a_paper_and_a_section(
    client, make_user, make_answer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.votes.services import vote_cast

    author, viewer = make_user(), make_user()
    plain = question_create(
        author=author,
        title="ResNet-50 보통 질문입니다",
        body="본문입니다 충분히",
        tags=["likelihood"],
    )
    implementing = _implement(author)
    Question.objects.filter(pk=implementing.pk).update(d2l_section="22.7")
    log_in(client, viewer)
    counts = []
    all_queries = []
    for question in (plain, implementing):
        for _ in range(5):
            vote_cast(user=viewer, post=make_answer(question=question), value=1)
        # (tests/questions/test_views.py pins the plain page's count.)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(question.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
        all_queries.append([q["sql"][:150] for q in queries.captured_queries])
        shown = 'class="paper-table"' in response.content.decode()
        assert shown is (question == implementing)
    # The same queries: the paper is joined with the question, the section costs none.
    assert counts[0] == counts[1], all_queries


def test_what_people_write_in_a_result_is_shown_as_text(client, make_user):
    question = _implement(make_user(), reported="<b>BLEU</b> 27.3", reproduced="27.0 <b>BLEU</b>")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "&lt;b&gt;BLEU&lt;/b&gt; 27.3" in page and "<b>BLEU</b>" not in page
    assert "−0.3 &lt;b&gt;BLEU&lt;/b&gt;" in client.get("/papers/").content.decode()
