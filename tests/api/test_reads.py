"""The API's reads: shapes, errors as one JSON shape, no deleted content, fixed queries."""

import pytest

pytestmark = pytest.mark.django_db


def test_question_list_shape(client, make_question):
    question = make_question(title="우도 함수가 확률이 아닌 이유는?")
    response = client.get("/api/v1/questions/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["page"] == 1 and data["next"] is None
    row = data["results"][0]
    assert row["id"] == question.pk
    assert row["title"] == "우도 함수가 확률이 아닌 이유는?"
    assert row["author"]["username"] == question.author.username
    assert row["tags"][0]["slug"] == "likelihood"
    assert row["url"].endswith(question.get_absolute_url())


def test_smoke_detail(client, make_answer, make_comment):
    answer = make_answer()
    make_comment(answer)
    response = client.get(f"/api/v1/questions/{answer.question_id}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["answers"][0]["id"] == answer.pk
    assert len(data["answers"][0]["comments"]) == 1
