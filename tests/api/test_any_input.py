"""Whatever a caller sends in the address, the API answers JSON with 200, 400 or 404: never a
500 (a small fuzzer here; schemathesis against the running API comes with the CI step)."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Text a URL can carry: no NUL (the site refuses it before any view, apps.core.middleware)
# and no lone surrogates (not UTF-8).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
VALUE = st.one_of(TEXT, st.integers(-(2**70), 2**70).map(str))
PARAMS = st.lists(
    st.tuples(st.sampled_from(["tab", "concept", "page", "page_size", "q", "x"]), VALUE),
    max_size=4,
)
PATHS = st.sampled_from(
    [
        "/api/v1/questions/",
        "/api/v1/questions/{}/",
        "/api/v1/concepts/",
        "/api/v1/concepts/{}/",
        "/api/v1/search/",
        "/api/v1/users/{}/",
    ]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=PATHS, segment=VALUE, params=PARAMS)
def test_any_address_is_answered_in_json_without_a_500(client, path, segment, params):
    if not segment.strip("/. "):
        segment = "x"
    url = path.format(quote(segment, safe="")) + "?" + urlencode(params)
    response = client.get(url)
    assert response.status_code in (200, 400, 404), (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), url
    data = response.json()
    if response.status_code != 200:
        assert set(data) == {"code", "message", "errors"}
