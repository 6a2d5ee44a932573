"""Drafts of post forms: kept per member and form, restored, discarded on submit."""

import pytest
from django.test import Client

from apps.drafts.models import Draft
from apps.drafts.services import DRAFTS_PER_MEMBER, draft_save
from apps.questions.models import Question
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_a_member_saves_and_gets_back_a_draft_of_each_form(client, make_user):
    member = make_user()
    log_in(client, member)
    assert client.get("/drafts/ask/").json() == {
        "owner": member.pk,
        "fields": None,
        "saved_at": None,
    }
    fields = {"title": "우도가 뭔가요", "body": "$L(\\theta)$", "x": "1"}
    saved = client.post("/drafts/ask/", fields)
    assert saved.status_code == 200 and saved.json()["saved_at"]
    got = client.get("/drafts/ask/").json()
    assert got["fields"] == {"title": "우도가 뭔가요", "body": "$L(\\theta)$"}  # known fields only
    client.post("/drafts/ask/", {"title": "다시 쓴 제목"})
    assert Draft.objects.count() == 1  # one per member and form, replaced
    assert client.get("/drafts/answer-5/").json()["fields"] is None  # another form's is separate


def test_drafts_are_each_members_own(client, make_user):
    writer, other = make_user(), make_user()
    draft_save(user=writer, key="answer-7", fields={"body": "내 답변 초안"})
    log_in(client, other)
    assert client.get("/drafts/answer-7/").json()["fields"] is None
    client.post("/drafts/answer-7/discard/")
    assert Draft.objects.filter(user=writer).exists()


def test_visitors_and_bad_requests_are_refused_and_change_nothing(client, make_user):
    assert client.get("/drafts/ask/").status_code == 403
    assert client.post("/drafts/ask/", {"body": "초안"}).status_code == 403
    assert client.post("/drafts/ask/discard/").status_code == 403
    log_in(client, make_user())
    assert client.get("/drafts/anything/").status_code == 404  # not a form's key
    assert client.get("/drafts/answer-x/").status_code == 404
    response = client.post("/drafts/ask/", {"other": "값"})
    assert response.status_code == 400
    assert client.get("/drafts/ask/discard/").status_code == 405
    assert not Draft.objects.exists()


def test_saving_a_draft_needs_the_csrf_token(make_user):
    member = make_user()
    strict = Client(enforce_csrf_checks=True)
    log_in(strict, member)
    assert strict.post("/drafts/ask/", {"body": "초안"}).status_code == 403
    assert not Draft.objects.exists()


def test_fields_are_cut_to_their_limits_and_old_drafts_make_room(make_user):
    member = make_user()
    draft = draft_save(user=member, key="ask", fields={"title": "가" * 1000})
    assert len(draft.fields["title"]) == 1000  # the service keeps what the view cleaned
    for number in range(DRAFTS_PER_MEMBER + 5):
        draft_save(user=member, key=f"answer-{number}", fields={"body": "초안"})
    assert Draft.objects.filter(user=member).count() == DRAFTS_PER_MEMBER
    assert not Draft.objects.filter(user=member, key="ask").exists()  # the oldest went


def test_the_view_cuts_fields_to_their_limits(client, make_user):
    log_in(client, make_user())
    client.post("/drafts/ask/", {"title": "가" * 1000, "body": "나" * 40_000})
    fields = Draft.objects.get().fields
    assert len(fields["title"]) == 300 and len(fields["body"]) == 30_000


def test_submitting_a_form_discards_its_draft(client, make_user, make_tag, make_question):
    member = make_user(reputation=100)
    make_tag("dr-tag")
    log_in(client, member)
    for key in ("ask", "answer-999999"):
        draft_save(user=member, key=key, fields={"body": "초안"})
    response = client.post(
        "/questions/ask/",
        {"title": "초안에서 나온 질문이에요", "body": "본문이 충분히 길어요", "tags": "dr-tag"},
    )
    assert response.status_code == 302
    assert list(Draft.objects.values_list("key", flat=True)) == ["answer-999999"]
    question = Question.objects.get()
    draft_save(user=member, key=f"answer-{question.pk}", fields={"body": "답변 초안"})
    other = make_question()
    draft_save(user=member, key=f"answer-{other.pk}", fields={"body": "다른 질문의 답변 초안"})
    client.post(f"/questions/{question.pk}/answer/", {"body": "초안에서 나온 답변이에요"})
    keys = set(Draft.objects.values_list("key", flat=True))
    assert keys == {"answer-999999", f"answer-{other.pk}"}
    draft_save(user=member, key=f"edit-question-{question.pk}", fields={"body": "고친 초안"})
    client.post(
        f"/questions/{question.pk}/edit/",
        {"title": question.title, "body": "고친 본문이 충분히 길어요", "tags": "dr-tag"},
    )
    assert not Draft.objects.filter(key=f"edit-question-{question.pk}").exists()


def test_a_refused_submit_keeps_the_draft(client, make_user):
    member = make_user()
    log_in(client, member)
    draft_save(user=member, key="ask", fields={"body": "초안"})
    response = client.post("/questions/ask/", {"title": "짧", "body": "", "tags": ""})
    assert response.status_code == 200  # the form again, with its errors
    assert Draft.objects.filter(key="ask").exists()


def test_post_forms_carry_their_draft_addresses(client, make_user, make_question, make_answer):
    member = make_user()
    question = make_question(author=member)
    answer = make_answer(author=member)
    log_in(client, member)
    pages = {
        "/questions/ask/": "ask",
        f"/questions/{question.pk}/edit/": f"edit-question-{question.pk}",
        f"/answers/{answer.pk}/edit/": f"edit-answer-{answer.pk}",
        question.get_absolute_url(): f"answer-{question.pk}",
    }
    for url, key in pages.items():
        html = client.get(url).content.decode()
        assert f'data-draft="/drafts/{key}/" data-draft-discard="/drafts/{key}/discard/"' in html
        assert "data-draft-status" in html and 'href="/help/markdown/"' in html
