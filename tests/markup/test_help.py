"""/help/markdown/: every example is shown as typed and as the pipeline renders it."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [("ko", "글쓰기 도움말"), ("en", "Writing help")])
def test_the_writing_help_shows_each_example_rendered(client, language, heading):
    client.cookies["django_language"] = language
    html = client.get("/help/markdown/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    joined = html[html.index('id="example-1"') : html.index('id="images"')]
    assert joined.count('<div class="help-rendered prose">') == 7
    assert joined.count("<math") >= 4  # inline, display, matrix, and none from the \$ example
    assert 'display="block"' in joined and "<mtable" in joined
    assert '<pre class="codehilite"><code class="language-python">' in joined
    assert "<table>" in joined
    shown = re.findall(r'<div class="help-rendered prose">(.*?)</div></div>', joined, re.S)
    dollar = next(part for part in shown if "HOME" in part)
    assert "$5" in dollar and "\\$" not in dollar and "<math" not in dollar


def test_the_writing_help_says_the_rules_for_new_members(client, settings):
    client.cookies["django_language"] = "en"
    html = client.get("/help/markdown/").content.decode()
    assert f"below {settings.NEW_USER_REPUTATION} reputation" in html
    assert 'href="/help/privileges/"' in html
    assert "<kbd>Ctrl</kbd>+<kbd>M</kbd>" in html
