"""The study paths through the pages: the list, a path, the learned toggle (plain and htmx),
the concept page's toggle, fixed query counts, and seeding."""

import itertools
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.cards.models import DeckCard, DefinitionCard
from apps.paths.models import Learned, Path, PathStep, has_learned, learned_concept_ids
from apps.paths.seeding import load_paths
from apps.paths.services import learned_toggle
from tests.conftest import caches_clear, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_path(make_tag):
    """A path over `n` new concepts, each the prerequisite of the next, stored in reverse."""

    def make(slug: str = "test-path", n: int = 4, **extra) -> tuple[Path, list]:
        tags = [make_tag(f"{slug}-c{i}") for i in range(n)]
        for before, after in itertools.pairwise(tags):
            after.prerequisites.add(before)
        path = Path.objects.create(
            slug=slug,
            name_ko=extra.get("name_ko", "시험 경로"),
            name_en=extra.get("name_en", "Test path"),
            description_ko="시험용 경로입니다.",
            description_en="A path for tests.",
        )
        for tag in reversed(tags):
            PathStep.objects.create(
                path=path, tag=tag, why_ko=f"{tag.slug} 한국어 이유", why_en=f"{tag.slug} reason"
            )
        return path, tags

    return make


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# ----------------------------------------------------------------------------- the list


def test_the_list_shows_each_path_with_its_concept_count(client, make_path):
    make_path("alpha", 3, name_ko="알파 경로")
    make_path("beta", 5, name_ko="베타 경로")
    html = client.get("/paths/").content.decode()
    assert "알파 경로" in html and "베타 경로" in html
    assert "개념 3개" in html and "개념 5개" in html
    assert "배웠어요" not in html  # a visitor has no progress


def test_a_member_sees_their_progress_on_each_path(client, make_user, make_path):
    member = make_user()
    _path, tags = make_path("alpha", 4)
    learned_toggle(user=member, tag=tags[0])
    learned_toggle(user=member, tag=tags[2])
    log_in(client, member)
    html = client.get("/paths/").content.decode()
    assert "2/4 배웠어요" in html


def test_the_list_is_in_english_for_an_english_reader(client, make_path):
    make_path("alpha", 3, name_en="Alpha path")
    client.cookies["django_language"] = "en"
    html = client.get("/paths/").content.decode()
    assert "Alpha path" in html and "3 concepts" in html and "Study paths" in html


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_costs_a_fixed_number_of_queries(
    client, make_user, make_path, django_assert_num_queries, count
):
    for i in range(count):
        make_path(f"p{i}", 3)
    caches_clear()
    with django_assert_num_queries(2):  # the paths, their concepts
        assert client.get("/paths/").status_code == 200
    with django_assert_num_queries(0):  # kept until a concept changes
        assert client.get("/paths/").status_code == 200
    log_in(client, make_user())
    # the member (the session is in the cache), what they learned (the paths are kept)
    with django_assert_num_queries(2):
        assert client.get("/paths/").status_code == 200


# ----------------------------------------------------------------------------- one path


def test_a_path_lists_its_concepts_prerequisites_first_with_why_and_d2l(client, make_path):
    _path, tags = make_path("alpha", 4)
    tags[1].links.create(
        section="2.3", title_en="Linear Algebra", url_en="https://d2l.ai/la.html", closest=True
    )
    response = client.get("/paths/alpha/")
    assert response.status_code == 200
    assert [step.tag.slug for step in response.context["steps"]] == [t.slug for t in tags]
    html = response.content.decode()
    positions = [html.index(f'id="step-{tag.slug}"') for tag in tags]
    assert positions == sorted(positions)
    assert f"{tags[0].slug} 한국어 이유" in html
    assert 'href="https://d2l.ai/la.html"' in html and "가장 가까운" in html
    assert "learned-button" not in html  # visitors get no toggles


def test_the_path_is_lit_on_the_concept_map(client, make_path, make_tag):
    _path, tags = make_path("alpha", 3)
    outside = make_tag("outside")
    outside.prerequisites.add(tags[0])
    html = client.get("/paths/alpha/").content.decode()
    assert html.count('class="cm-node cm-on"') == 3
    assert html.count('class="cm-node cm-off"') == 1
    assert html.count("cm-edge-on") == 2  # c0→c1, c1→c2; not c0→outside


def test_the_path_page_is_in_english_for_an_english_reader(client, make_path):
    _path, tags = make_path("alpha", 2, name_en="Alpha path")
    client.cookies["django_language"] = "en"
    html = client.get("/paths/alpha/").content.decode()
    assert "Alpha path" in html and f"{tags[0].slug} reason" in html
    assert "한국어 이유" not in html


def test_an_unknown_path_is_404(client):
    assert client.get("/paths/nowhere/").status_code == 404


def test_a_member_sees_toggles_and_progress_on_the_path(client, make_user, make_path):
    member = make_user()
    _path, tags = make_path("alpha", 4)
    learned_toggle(user=member, tag=tags[3])
    log_in(client, member)
    html = client.get("/paths/alpha/").content.decode()
    assert html.count("learned-button") == 4
    assert html.count('is-learned" aria-pressed="true"') == 1
    assert "1/4 배웠어요" in html
    assert 'name="next" value="/paths/alpha/"' in html


def test_the_path_page_leaves_a_place_for_the_whole_path_actions(client, make_path):
    make_path("alpha", 2)
    html = client.get("/paths/alpha/").content.decode()
    assert 'class="path-actions"' in html
    assert html.index('class="path-actions"') < html.index('class="path-steps"')


@pytest.mark.parametrize("size", [3, 12])
def test_the_path_page_costs_a_fixed_number_of_queries(
    client, make_user, make_path, django_assert_num_queries, size
):
    _path, tags = make_path("alpha", size)
    for tag in tags:
        tag.links.create(section="2.3", title_en="x", url_en="https://d2l.ai/x.html")
    caches_clear()
    # the path, its steps with their concepts, their links, the links between them, and the
    # map (areas, concepts, links)
    with django_assert_num_queries(7):
        assert client.get("/paths/alpha/").status_code == 200
    with django_assert_num_queries(0):  # kept until a concept changes
        assert client.get("/paths/alpha/").status_code == 200
    member = make_user()
    for tag in tags[:2]:
        learned_toggle(user=member, tag=tag)
    log_in(client, member)
    with django_assert_num_queries(2):  # the member, what they learned
        response = client.get("/paths/alpha/")
    assert response.context["progress"].learned == 2


# ----------------------------------------------------------------------------- learned


def test_a_plain_post_marks_learned_and_goes_back_to_the_path(client, make_user, make_path):
    member = make_user()
    _path, tags = make_path("alpha", 3)
    log_in(client, member)
    response = client.post(
        f"/tags/{tags[1].slug}/learned/", {"next": "/paths/alpha/", "path": "alpha"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/paths/alpha/"
    assert _messages(response) == [f"개념 {tags[1].slug} 배웠다고 표시했어요."]
    assert response.context["progress"].learned == 1
    response = client.post(f"/tags/{tags[1].slug}/learned/", follow=True)
    assert response.redirect_chain[-1][0] == tags[1].get_absolute_url()
    assert _messages(response) == [f"개념 {tags[1].slug} 배움 표시를 지웠어요."]
    assert not Learned.objects.exists()


def test_a_next_on_another_site_is_not_followed(client, make_user, make_tag):
    tag = make_tag()
    log_in(client, make_user())
    response = client.post(f"/tags/{tag.slug}/learned/", {"next": "https://evil.example/"})
    assert response["Location"] == tag.get_absolute_url()


def test_htmx_gets_the_toggle_and_the_paths_progress(client, make_user, make_path):
    member = make_user()
    _path, tags = make_path("alpha", 3)
    log_in(client, member)
    response = client.post(
        f"/tags/{tags[0].slug}/learned/", {"path": "alpha"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert 'id="path-progress-alpha" data-hx-swap-oob="true"' in html
    assert "1/3 배웠어요" in html
    # From a concept page (no path), only the toggle comes back.
    response = client.post(f"/tags/{tags[0].slug}/learned/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'aria-pressed="false"' in html and "path-progress" not in html
    # An unknown path is ignored, not an error.
    response = client.post(
        f"/tags/{tags[0].slug}/learned/", {"path": "nowhere"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "path-progress" not in response.content.decode()


def test_a_visitor_is_sent_to_log_in_and_nothing_is_stored(client, make_tag):
    tag = make_tag()
    response = client.post(f"/tags/{tag.slug}/learned/")
    url = urlsplit(response["Location"])
    assert url.path == "/accounts/login/"
    assert parse_qs(url.query)["next"] == [tag.get_absolute_url()]
    assert not Learned.objects.exists()


def test_learned_takes_only_posts_with_the_csrf_token(make_user, make_tag):
    member, tag = make_user(), make_tag()
    strict = Client(enforce_csrf_checks=True)
    log_in(strict, member)
    assert strict.get(f"/tags/{tag.slug}/learned/").status_code == 405
    assert strict.post(f"/tags/{tag.slug}/learned/").status_code == 403
    assert not Learned.objects.exists()


def test_an_unknown_concept_is_404(client, make_user):
    log_in(client, make_user())
    assert client.post("/tags/nothing-here/learned/").status_code == 404


def test_a_double_click_keeps_one_row(make_user, make_tag):
    member, tag = make_user(), make_tag()
    # The second click's insert meets the row the first one made: the constraint decides.
    Learned.objects.create(user=member, tag=tag)
    assert (
        Learned.objects.bulk_create([Learned(user=member, tag=tag)], ignore_conflicts=True)
        is not None
    )
    assert Learned.objects.filter(user=member, tag=tag).count() == 1
    assert learned_toggle(user=member, tag=tag) is False
    assert learned_toggle(user=member, tag=tag) is True
    assert Learned.objects.filter(user=member, tag=tag).count() == 1


def test_the_concept_page_shows_the_toggle_to_members_only(client, make_user, make_tag):
    tag = make_tag()
    assert "learned-button" not in client.get(tag.get_absolute_url()).content.decode()
    member = make_user()
    learned_toggle(user=member, tag=tag)
    log_in(client, member)
    html = client.get(tag.get_absolute_url()).content.decode()
    assert 'class="button learned-button is-learned" aria-pressed="true"' in html
    assert has_learned(member, tag) and learned_concept_ids(member) == {tag.pk}


# ----------------------------------------------------------------------------- seeding


def test_seed_loads_the_six_paths_once_in_prerequisite_order(client):
    call_command("seed", stdout=None)
    call_command("seed", stdout=None)  # idempotent: nothing doubles
    data = load_paths()["paths"]
    assert Path.objects.count() == len(data) >= 6
    assert PathStep.objects.count() == sum(len(path["steps"]) for path in data)
    response = client.get("/paths/reinforcement-learning/")
    order = [step.tag.slug for step in response.context["steps"]]
    assert order.index("mdp") < order.index("bellman-equation") < order.index("value-iteration")
    assert order.index("q-learning") < order.index("exploration-exploitation")


def test_seed_keeps_staff_edits_to_a_path(make_tag):
    call_command("seed", stdout=None)
    path = Path.objects.get(slug="causal-inference")
    path.name_ko = "인과 추론 (편집됨)"
    path.save()
    path.steps.first().delete()
    call_command("seed", stdout=None)
    path.refresh_from_db()
    assert path.name_ko == "인과 추론 (편집됨)"
    curated = next(entry for entry in load_paths()["paths"] if entry["slug"] == path.slug)
    assert path.steps.count() == len(curated["steps"]) - 1


# ----------------------------------------------------------------------------- the deck


def test_a_member_adds_the_whole_path_to_their_review_deck(client, make_user, make_path):
    path, tags = make_path("deck-path", 4)
    for tag in tags[:3]:  # the last concept has no card: it is skipped
        DefinitionCard.objects.create(
            concept=tag,
            definition_ko=f"{tag.slug}의 정의",
            definition_en=f"The definition of {tag.slug}",
            used_ko="어디에 쓰이는지",
            used_en="Where it is used",
        )
    member = make_user()
    log_in(client, member)
    client.cookies["django_language"] = "en"
    page = client.get(path.get_absolute_url()).content.decode()
    assert f'action="/paths/{path.slug}/deck/"' in page
    response = client.post(f"/paths/{path.slug}/deck/", follow=True)
    assert response.redirect_chain[-1][0] == path.get_absolute_url()
    assert any("3 cards of Test path" in text for text in _messages(response))
    assert DeckCard.objects.filter(user=member).count() == 3
    again = client.post(f"/paths/{path.slug}/deck/", follow=True)
    assert any("already" in text for text in _messages(again))
    assert DeckCard.objects.filter(user=member).count() == 3


def test_a_paths_cards_come_back_prerequisites_first(client, make_user, make_tag):
    """The review shows the cards of a path in the path's order, not by their slugs: the
    last concept of the recommender path (bandits) came first."""
    tags = [make_tag(slug) for slug in ("zeta-basics", "mu-middle", "alpha-advanced")]
    for before, after in itertools.pairwise(tags):
        after.prerequisites.add(before)
    path = Path.objects.create(
        slug="order-path", name_ko="순서", name_en="Order", description_ko="", description_en=""
    )
    for tag in (tags[1], tags[2], tags[0]):  # stored out of order
        PathStep.objects.create(path=path, tag=tag, why_ko="이유", why_en="why")
        DefinitionCard.objects.create(
            concept=tag, definition_ko="정의", definition_en="Definition", used_ko="-", used_en="-"
        )
    member = make_user()
    log_in(client, member)
    client.post(f"/paths/{path.slug}/deck/")
    DeckCard.objects.filter(user=member).update(due=timezone.now() - timedelta(minutes=1))
    for tag in tags:
        review = client.get("/review/")
        assert review.context["concept"] == tag
        assert client.post(f"/review/{tag.slug}/", {"rating": "3"}).status_code == 302


def test_adding_a_path_to_the_deck_needs_a_member_and_a_path(client, make_path):
    path, _tags = make_path("deck-path-2", 2)
    visitor = client.post(f"/paths/{path.slug}/deck/")
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert client.get(f"/paths/{path.slug}/deck/").status_code == 405
    assert client.post("/paths/no-such-path/deck/").status_code == 404
    assert not DeckCard.objects.exists()
