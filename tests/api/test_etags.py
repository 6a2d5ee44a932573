"""Lists read by visitors carry an ETag under the pages' generations: 304 while unchanged."""

import pytest

from apps.questions.services import question_edit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/questions/?tab=top",
        "/api/v1/questions/?concept=likelihood",
        "/api/v1/concepts/",
        "/api/v1/search/?q=[likelihood]",
    ],
)
def test_an_unchanged_list_is_304_without_a_query(
    client, make_question, url, django_assert_num_queries
):
    make_question()
    first = client.get(url)
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    assert again.content == b""


def test_the_tag_differs_by_query(client, make_question):
    make_question()
    newest = client.get("/api/v1/questions/")["ETag"]
    top = client.get("/api/v1/questions/?tab=top")["ETag"]
    assert newest != top
    assert client.get("/api/v1/questions/", headers={"If-None-Match": top}).status_code == 200


def test_a_new_question_changes_the_tag(client, make_question):
    make_question()
    etag = client.get("/api/v1/questions/")["ETag"]
    make_question()
    response = client.get("/api/v1/questions/", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert len(response.json()["results"]) == 2


def test_an_edit_changes_the_tag(client, make_question):
    question = make_question()
    etag = client.get("/api/v1/questions/")["ETag"]
    question_edit(
        user=question.author,
        question=question,
        title="고쳐 쓴 제목입니다 우도 함수",
        body=question.body,
        tags=["likelihood"],
    )
    response = client.get("/api/v1/questions/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "고쳐 쓴 제목입니다 우도 함수"


def test_members_get_no_tag(client, make_question, make_user):
    make_question()
    client.force_login(make_user())
    response = client.get("/api/v1/questions/")
    assert response.status_code == 200 and "ETag" not in response


def test_members_share_the_kept_list_with_no_query(
    client, make_question, make_user, django_assert_num_queries
):
    make_question()
    client.get("/api/v1/questions/?tab=active")  # a visitor's request keeps it
    client.force_login(make_user())
    with django_assert_num_queries(1):  # who the member is (their session): no list query
        response = client.get("/api/v1/questions/?tab=active")
    assert len(response.json()["results"]) == 1
