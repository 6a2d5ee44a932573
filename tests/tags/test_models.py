"""Concepts, areas and study links: names in the reader's language, search by any name."""

import pytest
from django.utils import translation

from apps.tags.models import Area, ConceptTag, StudyLink

pytestmark = pytest.mark.django_db


def test_names_follow_the_reader_s_language():
    area = Area(slug="probability", name_ko="확률론", name_en="Probability")
    tag = ConceptTag(slug="likelihood", name_ko="가능도", name_en="Likelihood", area=area)
    assert (str(area), str(tag), tag.other_name) == ("확률론", "가능도", "Likelihood")
    with translation.override("en"):
        assert (str(area), str(tag), tag.other_name) == ("Probability", "Likelihood", "가능도")
    with translation.override("en-gb"):
        assert tag.name == "Likelihood"


def test_a_missing_description_falls_back_to_the_other_language():
    tag = ConceptTag(description_ko="한국어 설명", description_en="")
    assert tag.description == "한국어 설명"
    with translation.override("en"):
        assert tag.description == "한국어 설명"
    tag = ConceptTag(description_ko="", description_en="English only")
    assert tag.description == "English only"
    assert ConceptTag().description == ""


def test_a_study_link_is_titled_in_korean_only_where_a_korean_title_exists():
    link = StudyLink(section="2.3", title_en="Linear Algebra", title_ko="선형대수")
    assert (link.title, str(link)) == ("선형대수", "2.3 Linear Algebra")
    with translation.override("en"):
        assert link.title == "Linear Algebra"
    assert StudyLink(title_en="Automatic Differentiation", title_ko="").title == (
        "Automatic Differentiation"
    )


def test_search_finds_a_concept_by_any_of_its_names_in_any_case(make_tag):
    tag = make_tag(
        "cross-entropy", name_ko="교차 엔트로피", name_en="Cross-entropy", aliases="크로스 엔트로피"
    )
    make_tag("matrix", name_ko="행렬", name_en="Matrix")
    for term in ("cross-ent", "교차", "CROSS-ENTROPY", "크로스", "  엔트로  "):
        assert list(ConceptTag.objects.search(term)) == [tag], term
    assert not ConceptTag.objects.search("   ").exists()
    assert not ConceptTag.objects.search("없는 말").exists()


def test_areas_are_listed_by_position_then_slug():
    Area.objects.create(slug="b", name_ko="나", name_en="B", position=1)
    Area.objects.create(slug="c", name_ko="다", name_en="C", position=0)
    Area.objects.create(slug="a", name_ko="가", name_en="A", position=1)
    assert list(Area.objects.values_list("slug", flat=True)) == ["c", "a", "b"]


def test_a_concept_with_a_korean_slug_has_a_working_page(client, make_tag):
    tag = make_tag("확률-과정", name_ko="확률 과정", name_en="Stochastic process")
    url = tag.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert "확률 과정" in response.content.decode()


def test_study_links_keep_their_order_within_a_concept(make_tag):
    tag = make_tag()
    for position, section in ((2, "3.1"), (0, "2.1"), (1, "2.5")):
        StudyLink.objects.create(
            tag=tag, position=position, section=section, title_en="x", url_en="https://d2l.ai/"
        )
    assert [link.section for link in tag.links.all()] == ["2.1", "2.5", "3.1"]


def test_a_concept_s_prerequisites_are_one_way(make_tag):
    vector, matrix = make_tag("vector"), make_tag("matrix")
    matrix.prerequisites.add(vector)
    assert list(matrix.prerequisites.all()) == [vector]
    assert list(vector.unlocks.all()) == [matrix]
    assert not vector.prerequisites.exists()
