"""The concept admin: staff edits show on the kept concept pages at once; counters stay the
services' business."""

import pytest

from apps.tags.models import Area, ConceptTag
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db

MAP = "/concepts/map/"


def change_form_data(response) -> dict:
    """What the change form posts back, its study-link rows included."""
    data = admin_form_data(response)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False):
                    data[form.add_prefix(name)] = value
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        data[f"{formset.prefix}-INITIAL_FORMS"] = len(formset.initial_forms)
    return data


def concept_url(tag) -> str:
    return f"/admin/tags/concepttag/{tag.pk}/change/"


def test_a_concept_renamed_in_the_admin_shows_on_the_map_and_the_index_at_once(
    client, staff_client, make_tag
):
    tag = make_tag("gradient", name_ko="기울기", name_en="Gradient")
    visitor = client.__class__()
    for url in (MAP, "/tags/"):
        assert "기울기" in visitor.get(url).content.decode()  # now kept
    data = change_form_data(staff_client.get(concept_url(tag)))
    data["name_ko"] = "그레이디언트"
    assert staff_client.post(concept_url(tag), data).status_code == 302
    for url in (MAP, "/tags/"):
        html = visitor.get(url).content.decode()
        assert "그레이디언트" in html and "기울기" not in html


def test_a_prerequisite_added_in_the_admin_draws_a_new_link(staff_client, make_tag):
    vector, matrix = make_tag("vector"), make_tag("matrix")
    visitor = staff_client.__class__()
    assert visitor.get(MAP).content.decode().count('class="cm-edge"') == 0
    data = change_form_data(staff_client.get(concept_url(matrix)))
    data["prerequisites"] = [vector.pk]
    assert staff_client.post(concept_url(matrix), data).status_code == 302
    assert list(matrix.prerequisites.all()) == [vector]
    assert visitor.get(MAP).content.decode().count('class="cm-edge"') == 1


def test_the_question_count_is_not_editable_in_the_admin(staff_client, make_tag, make_question):
    tag = make_tag("rank")
    make_question(tags=["rank"])
    response = staff_client.get(concept_url(tag))
    data = change_form_data(response)
    assert "question_count" not in data
    data["question_count"] = 99
    assert staff_client.post(concept_url(tag), data).status_code == 302
    tag.refresh_from_db()
    assert tag.question_count == 1


def test_study_links_are_edited_inline_on_the_concept(staff_client, make_tag):
    tag = make_tag("attention")
    data = change_form_data(staff_client.get(concept_url(tag)))
    data.update(
        {
            "links-TOTAL_FORMS": 1,
            "links-0-position": 0,
            "links-0-section": "11.1",
            "links-0-title_en": "Queries, Keys, and Values",
            "links-0-url_en": "https://d2l.ai/chapter_attention-mechanisms/queries-keys-values.html",
        }
    )
    assert staff_client.post(concept_url(tag), data).status_code == 302
    (link,) = tag.links.all()
    assert (link.section, link.closest) == ("11.1", False)
    html = staff_client.__class__().get("/tags/attention/").content.decode()
    assert "Queries, Keys, and Values" in html


def test_a_concept_deleted_in_the_admin_leaves_the_map(client, staff_client, make_tag):
    make_tag("keep")
    gone = make_tag("gone")
    visitor = client.__class__()
    assert 'href="/tags/gone/"' in visitor.get(MAP).content.decode()
    response = staff_client.post(f"/admin/tags/concepttag/{gone.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert 'href="/tags/gone/"' not in visitor.get(MAP).content.decode()


def test_concepts_deleted_together_from_the_list_leave_the_map(client, staff_client, make_tag):
    keep, *gone = make_tag("keep"), make_tag("gone-1"), make_tag("gone-2")
    visitor = client.__class__()
    assert 'href="/tags/gone-1/"' in visitor.get(MAP).content.decode()
    response = staff_client.post(
        "/admin/tags/concepttag/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in gone], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(ConceptTag.objects.all()) == [keep]
    html = visitor.get(MAP).content.decode()
    assert 'href="/tags/keep/"' in html and 'href="/tags/gone-1/"' not in html


def test_reordering_areas_in_the_list_reorders_the_map_bands(client, staff_client, make_tag):
    first = Area.objects.create(slug="first", name_ko="첫째", name_en="First", position=0)
    second = Area.objects.create(slug="second", name_ko="둘째", name_en="Second", position=1)
    make_tag("a", area=first)
    make_tag("b", area=second)
    visitor = client.__class__()

    def band_order() -> list[str]:
        html = visitor.get(MAP).content.decode()
        return sorted(["첫째", "둘째"], key=html.index)

    assert band_order() == ["첫째", "둘째"]
    response = staff_client.post(
        "/admin/tags/area/",
        {
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 2,
            "form-0-id": first.pk,
            "form-0-position": 5,
            "form-1-id": second.pk,
            "form-1-position": 0,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert band_order() == ["둘째", "첫째"]
