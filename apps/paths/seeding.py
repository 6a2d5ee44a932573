"""The study paths (apps/paths/data/paths.json), loaded by `manage.py seed` after the concepts.

Only what is missing is created: a path or step that staff have since edited in the admin keeps
their edits when the seed runs again, and a step whose concept is gone is skipped.
"""

import json
from pathlib import Path as FilePath

from django.db import transaction

from apps.caching.events import Event, retire
from apps.paths.models import Path, PathStep
from apps.tags.models import ConceptTag

PATHS_PATH = FilePath(__file__).resolve().parent / "data" / "paths.json"


def load_paths() -> dict:
    return json.loads(PATHS_PATH.read_text(encoding="utf-8"))


@transaction.atomic
def seed_paths() -> int:
    """Create missing paths and their steps; return the number of paths created."""
    data = load_paths()
    tags = {
        tag.slug: tag
        for tag in ConceptTag.objects.filter(
            slug__in={step["tag"] for path in data["paths"] for step in path["steps"]}
        )
    }
    created = 0
    for position, entry in enumerate(data["paths"]):
        path, was_created = Path.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name_ko": entry["name_ko"],
                "name_en": entry["name_en"],
                "description_ko": entry["description_ko"],
                "description_en": entry["description_en"],
                "position": position,
            },
        )
        if not was_created:
            continue
        created += 1
        PathStep.objects.bulk_create(
            PathStep(path=path, tag=tags[step["tag"]], why_ko=step["why_ko"], why_en=step["why_en"])
            for step in entry["steps"]
            if step["tag"] in tags
        )
    if created:
        retire(Event.CONCEPTS_CHANGED)  # the kept path maps
    return created
