"""The curated concepts (apps/tags/data/concepts.json), loaded by `manage.py seed`.

Only what is missing is created: a concept that staff have since edited in the admin (names,
description, links, prerequisites) keeps their edits when the seed runs again.
"""

import json
from pathlib import Path

from django.db import transaction

from apps.caching.events import Event, retire
from apps.search.synonyms import concept_names_reset
from apps.tags.models import Area, ConceptTag, StudyLink

DATA_DIR = Path(__file__).resolve().parent / "data"
CONCEPTS_PATH = DATA_DIR / "concepts.json"


def load_concepts() -> dict:
    return json.loads(CONCEPTS_PATH.read_text(encoding="utf-8"))


@transaction.atomic
def seed_concepts() -> int:
    """Create missing areas, concepts, D2L links and prerequisites; return concepts created."""
    data = load_concepts()
    areas = {}
    for position, area in enumerate(data["areas"]):
        areas[area["slug"]], _created = Area.objects.get_or_create(
            slug=area["slug"],
            defaults={"name_ko": area["name_ko"], "name_en": area["name_en"], "position": position},
        )
    created: dict[str, ConceptTag] = {}
    for concept in data["concepts"]:
        tag, was_created = ConceptTag.objects.get_or_create(
            slug=concept["slug"],
            defaults={
                "name_ko": concept["name_ko"],
                "name_en": concept["name_en"],
                "area": areas[concept["area"]],
                "aliases": ", ".join(concept.get("aliases", [])),
                "description_ko": concept["description_ko"],
                "description_en": concept["description_en"],
            },
        )
        if was_created:
            created[tag.slug] = tag
            StudyLink.objects.bulk_create(
                StudyLink(
                    tag=tag,
                    position=position,
                    section=link["section"],
                    title_en=link["title_en"],
                    url_en=link["url_en"],
                    title_ko=link.get("title_ko") or "",
                    url_ko=link.get("url_ko") or "",
                    closest=link.get("closest", False),
                )
                for position, link in enumerate(concept["links"])
            )
    by_slug = {tag.slug: tag for tag in ConceptTag.objects.all()}
    for concept in data["concepts"]:
        tag = created.get(concept["slug"])
        if tag is not None and concept.get("prerequisites"):
            tag.prerequisites.add(*(by_slug[slug] for slug in concept["prerequisites"]))
    concept_names_reset()  # the search synonyms now include the new names
    retire(Event.CONCEPTS_CHANGED)
    return len(created)
