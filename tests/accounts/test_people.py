import pytest

from apps.votes.services import vote_cast
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [member.username for member in response.context["members"]]


def test_people_are_listed_by_reputation_then_by_id(client, make_user):
    first = make_user("first", reputation=50)
    tie_older = make_user("tie_older", reputation=20)
    tie_newer = make_user("tie_newer", reputation=20)
    newcomer = make_user("newcomer")
    make_user("gone", reputation=999, is_active=False)

    response = client.get("/users/")

    assert response.status_code == 200
    assert _names(response) == [
        first.username,
        tie_older.username,
        tie_newer.username,
        newcomer.username,
    ]
    html = response.content.decode()
    assert f'href="{first.get_absolute_url()}"' in html
    assert "gone" not in html


def test_the_name_filter_matches_username_or_display_name_in_any_case(client, make_user):
    make_user("GradientFan", reputation=5)
    make_user("someone", display_name="gradient 요정", reputation=3)
    make_user("확률러", display_name="확률 요정")
    make_user("unrelated")

    assert _names(client.get("/users/", {"q": "GRADIENT"})) == ["GradientFan", "someone"]
    assert _names(client.get("/users/", {"q": "요정"})) == ["someone", "확률러"]
    assert _names(client.get("/users/", {"q": "  확률  "})) == ["확률러"]
    empty = client.get("/users/", {"q": "nobody-here"})
    assert _names(empty) == []
    assert "nobody-here" in empty.content.decode()


def test_names_and_the_filter_are_escaped(client, make_user):
    make_user("safe", display_name="<b>굵게</b>")
    html = client.get("/users/", {"q": "<b>"}).content.decode()
    assert "<b>굵게</b>" not in html
    assert "&lt;b&gt;굵게&lt;/b&gt;" in html
    assert 'value="&lt;b&gt;"' in html
    nothing = client.get("/users/", {"q": '"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in nothing


def test_the_header_search_box_does_not_take_the_name_filter(client, make_user):
    make_user("filtered")
    html = client.get("/users/", {"q": "filtered"}).content.decode()
    assert 'id="header-q" name="q" value=""' in html


def test_pages_hold_thirty_six_people_and_keep_the_filter(client, make_user):
    for number in range(40):
        make_user(f"student{number:02d}")
    make_user("other")

    first = client.get("/users/", {"q": "student"})
    assert len(first.context["members"]) == 36
    assert "?q=student&amp;page=2" in first.content.decode()
    second = client.get("/users/", {"q": "student", "page": 2})
    assert _names(second) == [f"student{number:02d}" for number in range(36, 40)]
    # A page past the end shows the last one instead of failing.
    assert _names(client.get("/users/", {"q": "student", "page": 99})) == _names(second)


def test_each_row_shows_the_top_three_concepts_by_answer_score(
    client, make_user, make_tag, make_question, make_answer
):
    person = make_user("answerer", reputation=100)
    for number, votes in enumerate([0, 3, 1, 2]):
        tag = make_tag(f"people-concept-{number}", name_ko=f"개념{number}")
        answer = make_answer(author=person, question=make_question(tags=[tag.slug]))
        for _ in range(votes):
            vote_cast(user=make_user(), post=answer, value=1)

    response = client.get("/users/", {"q": "answerer"})

    (member,) = response.context["members"]
    assert [tag.slug for tag in member.top_concepts] == [
        "people-concept-1",
        "people-concept-3",
        "people-concept-2",
    ]
    html = response.content.decode()
    assert html.index("개념1") < html.index("개념3") < html.index("개념2")
    assert "개념0" not in html


def _crowd(count, make_user, make_tag, make_question, make_answer) -> None:
    tag = make_tag()
    asker = make_user()
    for number in range(count):
        person = make_user(reputation=number + 10)
        make_answer(author=person, question=make_question(author=asker, tags=[tag.slug]))


@pytest.mark.parametrize("count", [3, 30])
def test_the_people_list_costs_the_same_queries_for_3_or_30_people(
    client, make_user, make_tag, make_question, make_answer, django_assert_max_num_queries, count
):
    _crowd(count, make_user, make_tag, make_question, make_answer)
    # The count, the page of people, and every row's concepts at once.
    with django_assert_max_num_queries(3):
        response = client.get("/users/")
    assert len(response.context["members"]) == count + 1  # and the asker


@pytest.mark.parametrize("count", [3, 30])
def test_the_people_list_for_a_member_costs_a_fixed_number_of_queries(
    client,
    make_user,
    make_tag,
    make_question,
    make_answer,
    django_assert_max_num_queries,
    count,
):
    _crowd(count, make_user, make_tag, make_question, make_answer)
    log_in(client, make_user())
    # Session, user and unread notifications, then the same three as for a visitor.
    with django_assert_max_num_queries(6):
        assert client.get("/users/").status_code == 200


def test_the_header_links_to_the_people_list(client):
    html = client.get("/").content.decode()
    assert 'href="/users/"' in html
    people = client.get("/users/").content.decode()
    assert 'href="/users/" aria-current="page"' in people
