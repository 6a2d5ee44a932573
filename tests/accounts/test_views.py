import pytest

from apps.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_with_a_hangul_username_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "김수학",
            "password1": "잘-외워지는-비밀번호-42",
            "password2": "잘-외워지는-비밀번호-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="김수학")
    assert user.reputation == 1
    assert client.get("/").context["user"] == user
    profile = client.get(user.get_absolute_url())
    assert profile.status_code == 200
    assert "김수학" in profile.content.decode()


def test_signup_errors_are_shown_and_nothing_is_saved(client):
    response = client.post(
        "/accounts/signup/", {"username": "bad name!", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.exists()


def test_login_and_logout(client, make_user):
    user = make_user("이산수학")
    response = client.post("/accounts/login/", {"username": "이산수학", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == user
    assert client.get("/accounts/logout/").status_code == 405  # logging out is a POST
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("선형대수")
    response = client.post("/accounts/login/", {"username": "선형대수", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_change_password(client, make_user):
    user = make_user()
    client.login(username=user.username, password=PASSWORD)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "새-비밀번호-확률론-7",
            "new_password2": "새-비밀번호-확률론-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("새-비밀번호-확률론-7")


def test_profile_shows_questions_answers_and_reputation(
    client, make_user, make_question, make_answer
):
    person = make_user(display_name="수학 좋아")
    make_question(author=person, title="내 질문 제목입니다")
    make_answer(author=person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "수학 좋아" in html
    assert "내 질문 제목입니다" in html
    assert client.get(f"/users/{person.pk}/wrong/").status_code == 301
    assert client.get("/users/99999/nobody/").status_code == 404


@pytest.mark.parametrize("count", [3, 20])
def test_profile_costs_a_fixed_number_of_queries(
    client, make_user, make_question, make_answer, django_assert_max_num_queries, count
):
    person = make_user()
    for _ in range(count):
        make_question(author=person)
        make_answer(author=person)
    with django_assert_max_num_queries(6):  # the badges: one more
        assert client.get(person.get_absolute_url()).status_code == 200


def test_edit_display_name(client, make_user):
    user = make_user()
    client.login(username=user.username, password=PASSWORD)
    assert client.post("/accounts/profile/", {"display_name": "확률 요정"}).status_code == 302
    user.refresh_from_db()
    assert user.display_name == "확률 요정"


@pytest.mark.parametrize("control", ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff"])
def test_a_display_name_with_invisible_controls_is_refused(client, make_user, control):
    user = make_user()
    client.login(username=user.username, password=PASSWORD)
    response = client.post("/accounts/profile/", {"display_name": f"관리{control}자"})
    assert response.status_code == 200
    assert "제어 문자" in str(response.context["form"].errors["display_name"])
    user.refresh_from_db()
    assert user.display_name == ""


def test_signup_help_speaks_as_the_site_does_and_holds_the_password_rules(client):
    html = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "비밀번호는 8자 이상이어야 해요." in html
    assert "습니다" not in html
    # The rules sit inside the element the password field's aria-describedby names, so a
    # screen reader reads them (a <ul> inside a <p> would close it and leave it empty).
    start = html.index('id="id_password1_helptext"')
    rules = html[start : html.index("</div>", start)]
    assert "<li>" in rules and "8" in rules
    assert 'aria-describedby="id_password1_helptext"' in html


def test_signup_errors_speak_as_the_site_does(client):
    html = client.post(
        "/accounts/signup/",
        {"username": "새회원", "password1": "12345678", "password2": "12345679"},
        HTTP_ACCEPT_LANGUAGE="ko",
    ).content.decode()
    assert "두 비밀번호가 서로 달라요." in html
    assert "습니다" not in html
