"""New members: who counts as one (under NEW_USER_REPUTATION, staff never), and the links and
images their rendered posts may hold. How questions and answers apply the rule is tested with
them (tests/questions/test_new_user_limits.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from apps.core.errors import ActionRefused
from apps.markup.rendering import render_markdown
from apps.trust.newcomers import is_new_user, post_content_check, post_content_problems

pytestmark = pytest.mark.django_db

TWO_LINKS = "읽어 볼 곳: [하나](https://example.com/1), <https://example.com/2> $x$"
THREE_LINKS = TWO_LINKS + " 그리고 [셋](/questions/1/)"
IMAGE = "그림을 보세요 ![그래프](https://example.com/graph.png) $y$"
UPLOADED_IMAGE = "올린 그림 ![](/media/uploads/2025/01/abc.png)"
LINKS_MESSAGE = "Members with less than 15 reputation may put at most 2 links in a post."
IMAGES_MESSAGE = "Members with less than 15 reputation cannot put images in a post yet."


@pytest.fixture
def newcomer(make_user):
    return make_user(reputation=14)


def test_who_is_new(make_user):
    assert is_new_user(make_user(reputation=1))
    assert is_new_user(make_user(reputation=14))
    assert not is_new_user(make_user(reputation=15))
    assert not is_new_user(make_user(reputation=1, is_staff=True))
    assert is_new_user(AnonymousUser())


def test_links_and_images_are_counted_on_the_rendered_post(newcomer):
    def problems(body):
        with translation.override("en"):
            return post_content_problems(user=newcomer, html=render_markdown(body))

    assert problems(TWO_LINKS) == []
    assert problems(THREE_LINKS) == [LINKS_MESSAGE]
    assert problems(IMAGE) == [IMAGES_MESSAGE]
    assert problems(UPLOADED_IMAGE) == [IMAGES_MESSAGE]
    assert problems(THREE_LINKS + IMAGE) == [LINKS_MESSAGE, IMAGES_MESSAGE]
    # Text that only looks like links or images is not counted: no HTML is taken from posts.
    assert problems("`<a href=x>` <img src=y> <a href='z'>a</a> www.example.com " * 3) == []
    assert (
        problems("```\n![](https://x/y.png) [a](https://a) [b](https://b) [c](https://c)\n```")
        == []
    )


def test_the_link_limit_is_a_setting(newcomer, settings):
    settings.NEW_USER_MAX_LINKS = 3
    assert post_content_problems(user=newcomer, html=render_markdown(THREE_LINKS)) == []
    settings.NEW_USER_MAX_LINKS = 0
    with translation.override("en"):
        assert post_content_problems(user=newcomer, html=render_markdown("[a](https://a)")) == [
            "Members with less than 15 reputation may put at most 0 links in a post."
        ]


def test_the_check_refuses_with_every_problem_at_once(newcomer):
    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        post_content_check(user=newcomer, html=render_markdown(THREE_LINKS + IMAGE))
    assert refused.value.message == f"{LINKS_MESSAGE} {IMAGES_MESSAGE}"
    post_content_check(user=newcomer, html=render_markdown(TWO_LINKS))  # allowed: no error
