"""Loading the curated concepts: everything in apps/tags/data arrives, once, and staff edits made
since are never overwritten."""

import pytest

from apps.search.synonyms import concepts_in_text
from apps.tags.models import Area, ConceptTag, StudyLink
from apps.tags.seeding import load_concepts, seed_concepts

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> dict:
    return load_concepts()


def snapshot() -> dict:
    return {
        "areas": sorted(Area.objects.values_list("slug", "name_ko", "position")),
        "concepts": sorted(ConceptTag.objects.values_list("slug", "name_ko", "name_en", "area_id")),
        "links": sorted(
            StudyLink.objects.values_list("tag__slug", "position", "section", "url_en")
        ),
        "prerequisites": sorted(
            ConceptTag.prerequisites.through.objects.values_list(
                "from_concepttag__slug", "to_concepttag__slug"
            )
        ),
    }


def test_every_area_concept_link_and_prerequisite_arrives(data):
    assert seed_concepts() == len(data["concepts"])
    assert list(Area.objects.values_list("slug", "position")) == [
        (area["slug"], position) for position, area in enumerate(data["areas"])
    ]
    for concept in data["concepts"]:
        tag = ConceptTag.objects.select_related("area").get(slug=concept["slug"])
        assert (tag.name_ko, tag.name_en, tag.area.slug) == (
            concept["name_ko"],
            concept["name_en"],
            concept["area"],
        )
        assert tag.aliases == ", ".join(concept.get("aliases", []))
        assert tag.description_ko == concept["description_ko"]
        links = list(tag.links.order_by("position"))
        assert [(link.section, link.url_en, link.url_ko, link.closest) for link in links] == [
            (
                link["section"],
                link["url_en"],
                link.get("url_ko") or "",
                link.get("closest", False),
            )
            for link in concept["links"]
        ]
        assert {pre.slug for pre in tag.prerequisites.all()} == set(
            concept.get("prerequisites", [])
        )


def test_seeding_twice_creates_nothing_the_second_time():
    seed_concepts()
    before = snapshot()
    assert seed_concepts() == 0
    assert snapshot() == before


def test_staff_edits_survive_a_second_seeding(data):
    seed_concepts()
    concept = next(c for c in data["concepts"] if c.get("prerequisites") and c["links"])
    tag = ConceptTag.objects.get(slug=concept["slug"])
    tag.name_ko = "직원이 고친 이름"
    tag.save()
    tag.prerequisites.clear()
    tag.links.all().delete()
    area = Area.objects.get(slug=data["areas"][0]["slug"])
    area.position = 42
    area.save()

    seed_concepts()
    tag.refresh_from_db()
    area.refresh_from_db()
    assert tag.name_ko == "직원이 고친 이름"
    assert not tag.prerequisites.exists()
    assert not tag.links.exists()
    assert area.position == 42


def test_a_concept_deleted_by_staff_comes_back_whole(data):
    seed_concepts()
    concept = next(c for c in data["concepts"] if c.get("prerequisites"))
    ConceptTag.objects.filter(slug=concept["slug"]).delete()
    assert seed_concepts() == 1
    tag = ConceptTag.objects.get(slug=concept["slug"])
    assert tag.links.count() == len(concept["links"])
    assert {pre.slug for pre in tag.prerequisites.all()} == set(concept["prerequisites"])


def test_seeded_concepts_show_at_once_on_kept_pages_and_in_search(client, make_tag):
    make_tag("before-seeding")
    assert client.get("/concepts/map/").content.decode().count('class="cm-link"') == 1
    assert "concept_likelihood" not in concepts_in_text("가능도가 뭔가요")
    created = seed_concepts()
    assert client.get("/concepts/map/").content.decode().count('class="cm-link"') == created + 1
    assert "/tags/likelihood/" in client.get("/tags/").content.decode()
    assert "concept_likelihood" in concepts_in_text("가능도가 뭔가요")
