"""The definition cards (apps/cards/data/cards.json), loaded by `manage.py seed`.

The file maps a concept's slug to its card: `definition_ko`, `definition_en`, `formula`
(LaTeX without $ delimiters, or ""), `used_ko`, `used_en`. Only missing cards are created: a
card staff have since edited in the admin keeps their edits when the seed runs again. Cards
for concepts that do not exist (yet) are skipped.
"""

import json
from pathlib import Path

from django.db import transaction

from apps.caching.events import Event, retire
from apps.cards.models import DefinitionCard
from apps.tags.models import ConceptTag

CARDS_PATH = Path(__file__).resolve().parent / "data" / "cards.json"
FIELDS = ("definition_ko", "definition_en", "formula", "used_ko", "used_en")


@transaction.atomic
def seed_cards(path: Path | None = None) -> int:
    """Create the missing cards from `path` (the shipped file by default); return how many."""
    path = path or CARDS_PATH
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    concepts = ConceptTag.objects.filter(slug__in=list(data)).filter(definition_card__isnull=True)
    created = 0
    for concept in concepts:
        entry = data[concept.slug]
        # save() renders each formula once, through the math pipeline.
        DefinitionCard(
            concept=concept, **{field: entry.get(field) or "" for field in FIELDS}
        ).save()
        created += 1
    if created:
        retire(Event.CONCEPTS_CHANGED)
    return created
