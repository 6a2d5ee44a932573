"""One place turns a refused action into its response: `RefusalMiddleware` answers any
`ActionRefused` a view lets out with its message and status, as a page or, for htmx, as the
plain text the alert region shows."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core.errors import ActionRefused, InvalidAction
from apps.core.refusals import RefusalMiddleware
from apps.trust.privileges import DOWNVOTE, refusal
from apps.votes.models import Vote
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_a_refusal_is_a_page_with_its_message_and_status(client, make_user, make_question):
    question = make_question()
    member = make_user(reputation=DOWNVOTE.threshold - 1)
    log_in(client, member)
    response = client.post(f"/questions/{question.pk}/vote/", {"value": "-1"})
    assert response.status_code == 403
    assert response.context["message"] == refusal(member, DOWNVOTE)
    assert "core/refused.html" in [template.name for template in response.templates]
    assert 'href="/help/privileges/"' in response.content.decode()  # a way on
    assert not Vote.objects.exists()


def test_for_htmx_a_refusal_is_its_message_as_plain_text(client, make_user, make_question):
    question = make_question()
    member = make_user(reputation=DOWNVOTE.threshold - 1)
    log_in(client, member)
    response = client.post(
        f"/questions/{question.pk}/vote/", {"value": "-1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == refusal(member, DOWNVOTE)


def test_bad_input_is_400(client, make_user, make_question):
    question = make_question()
    log_in(client, make_user())
    response = client.post(f"/questions/{question.pk}/vote/", {"value": "많이"})
    assert response.status_code == 400
    assert response.context["message"] == "투표 값은 1(추천), -1(비추천), 0(취소) 중 하나여야 해요."


def test_a_refusal_can_carry_its_own_status():
    assert ActionRefused("x").status == 403
    assert InvalidAction("x").status == 400
    assert InvalidAction("x", status=404).status == 404
    assert InvalidAction.status == 400  # the class keeps its own


def test_other_errors_are_left_to_the_error_pages(rf: RequestFactory):
    middleware = RefusalMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None


def test_the_middleware_is_the_first_to_see_a_views_exception():
    """Exceptions go through middleware from the last to the first."""
    assert settings.MIDDLEWARE[-1] == "apps.core.refusals.RefusalMiddleware"


def test_no_view_turns_a_refusal_into_a_response_by_hand():
    """Views let refusals pass (a form shown again with the message is the one exception,
    and it lets htmx requests pass too)."""
    apps = Path(settings.BASE_DIR) / "apps"
    for path in apps.glob("*/views.py"):
        source = path.read_text()
        assert "except ActionRefused" not in source, path
        assert "refused(" not in source, path
