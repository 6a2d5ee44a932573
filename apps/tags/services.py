"""Concept tags on questions: lookup by any name, creation rules, and the question counters."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.caching.events import Event, retire
from apps.core.counters import counter_repair
from apps.core.errors import ActionRefused, InvalidAction
from apps.core.text import has_invisible_controls, without_invisible_controls
from apps.search.synonyms import concept_names_reset
from apps.tags.models import MAX_TAGS_PER_QUESTION, TAG_NAME_MAX_LENGTH, Area, ConceptTag
from apps.trust.privileges import CREATE_TAG, has_privilege

# User-created concepts wait here until staff file them under their real area.
UNSORTED_AREA = {"slug": "unsorted", "name_ko": "미분류", "name_en": "Unsorted", "position": 99}


# `/tags/suggest/` lives beside `/tags/<slug>/`: no concept may take its name.
RESERVED_SLUGS = frozenset({"suggest", "combine"})


@dataclass(frozen=True)
class TagLookup:
    found: list[ConceptTag]
    unknown: list[str]
    # Names that matched no name exactly but one concept unambiguously ("최대우도" for
    # 최대우도 추정, "gradientdescent" for gradient descent), each with its concept.
    guessed: list[tuple[str, ConceptTag]] = field(default_factory=list)


# A name shorter than this (after dropping spaces) is never taken as the start of a longer one.
NEAR_PREFIX_MIN_LENGTH = 2
NEAR_PREFIX_MIN_LENGTH_LATIN = 4


def tag_names_parse(raw: str) -> list[str]:
    """Split the `tags` field (comma-separated names) into distinct, non-empty names."""
    names: list[str] = []
    for part in raw.replace("，", ",").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _alias_match(tag: ConceptTag, key: str) -> bool:
    return key in {alias.strip().casefold() for alias in tag.aliases.split(",")}


_SPACING = re.compile(r"[\s\-_·.]+")


def _squeezed(name: str) -> str:
    """A name without case, spaces, hyphens, underscores or dots: "Gradient-Descent" and
    "gradient descent" and "gradientdescent" are one name."""
    return _SPACING.sub("", name.casefold())


def _names_of(tag: ConceptTag) -> set[str]:
    aliases = {alias for alias in tag.aliases.split(",") if alias.strip()}
    return {_squeezed(name) for name in {tag.slug, tag.name_ko, tag.name_en, *aliases}} - {""}


def _near_match(name: str, concepts: list[ConceptTag]) -> ConceptTag | None:
    """The one concept `name` means though it is no name exactly: the same name spaced or
    hyphenated differently, or else the start of one concept's names only."""
    key = _squeezed(name)
    if not key:
        return None
    names = [(tag, _names_of(tag)) for tag in concepts]
    same = {tag.pk: tag for tag, known in names if key in known}
    if len(same) == 1:
        return next(iter(same.values()))
    shortest = NEAR_PREFIX_MIN_LENGTH_LATIN if key.isascii() else NEAR_PREFIX_MIN_LENGTH
    if same or len(key) < shortest:
        return None
    starts = {tag.pk: tag for tag, known in names if any(n.startswith(key) for n in known)}
    return next(iter(starts.values())) if len(starts) == 1 else None


def tags_lookup(names: list[str]) -> TagLookup:
    """Match each name to a tag by slug, Korean or English name, or alias (any case); a name
    that matches none exactly is matched by spacing or as an unambiguous start (`guessed`)."""
    if not names:
        return TagLookup([], [])
    query = Q()
    for name in names:
        query |= (
            Q(slug__iexact=name)
            | Q(name_ko__iexact=name)
            | Q(name_en__iexact=name)
            | Q(aliases__icontains=name)
        )
    candidates = list(ConceptTag.objects.filter(query))
    found: list[ConceptTag] = []
    unknown: list[str] = []
    for name in names:
        key = name.casefold()
        match = next(
            (
                tag
                for tag in candidates
                if key in {tag.slug.casefold(), tag.name_ko.casefold(), tag.name_en.casefold()}
            ),
            None,
        ) or next((tag for tag in candidates if _alias_match(tag, key)), None)
        if match is None:
            unknown.append(name)
        elif match not in found:
            found.append(match)
    guessed: list[tuple[str, ConceptTag]] = []
    if unknown:
        concepts = list(ConceptTag.objects.all())  # a few hundred rows, only for a near miss
        for name in list(unknown):
            match = _near_match(name, concepts)
            if match is not None:
                unknown.remove(name)
                guessed.append((name, match))
                if match not in found:
                    found.append(match)
    return TagLookup(found, unknown, guessed)


def tag_can_create(user) -> bool:
    return has_privilege(user, CREATE_TAG)  # TAG_CREATE_MIN_REPUTATION, or a moderator


def tag_slug(name: str) -> str:
    """The slug a new concept called `name` gets ("" when the name has no letters or digits).

    slugify's NFKC normalization can lengthen a name (㎏ becomes kg), so the slug is cut to the
    column's length after slugifying, and a separator left dangling by the cut is dropped.
    """
    return slugify(name, allow_unicode=True)[:TAG_NAME_MAX_LENGTH].strip("-_")


def _new_name_check(name: str) -> str:
    """Validate a name that will become a new concept; return its slug."""
    if has_invisible_controls(name):
        raise InvalidAction(
            _("“%(name)s” contains invisible control characters: remove them.")
            % {"name": without_invisible_controls(name)}
        )
    if len(name) > TAG_NAME_MAX_LENGTH:
        raise InvalidAction(
            _("“%(name)s…” is too long: a concept name has at most %(limit)d characters.")
            % {"name": name[:20], "limit": TAG_NAME_MAX_LENGTH}
        )
    slug = tag_slug(name)
    if not slug:
        raise InvalidAction(
            _("“%(name)s” cannot be a concept name: use letters or digits.") % {"name": name}
        )
    if slug in RESERVED_SLUGS:
        raise InvalidAction(_("“%(name)s” is reserved: choose another name.") % {"name": name})
    return slug


def tags_check(*, user, names: list[str]) -> TagLookup:
    """Validate a question's tag names: 1 to 5 concepts, known or new (for those who may create).

    The limit counts concepts, not names: "우도, likelihood" is one concept. New names are
    checked (length, invisible characters, a usable slug) before the privilege, so a typo
    is explained rather than refused. Raises InvalidAction (or ActionRefused for creating
    without the privilege) with a message.
    """
    if not names:
        raise InvalidAction(_("Add at least one concept tag."))
    lookup = tags_lookup(names)
    new_slugs = {_new_name_check(name) for name in lookup.unknown}
    # Two new names with one slug become one concept, and a new name whose slug is taken
    # becomes that concept (see tags_for_question).
    resolved = {tag.slug for tag in lookup.found} | new_slugs
    if len(resolved) > MAX_TAGS_PER_QUESTION:
        raise InvalidAction(
            ngettext(
                "Use at most %(limit)d concept tag.",
                "Use at most %(limit)d concept tags.",
                MAX_TAGS_PER_QUESTION,
            )
            % {"limit": MAX_TAGS_PER_QUESTION}
        )
    if lookup.unknown and not tag_can_create(user):
        raise ActionRefused(
            _(
                "Unknown concept: %(names)s. Pick existing concepts; creating a new one needs "
                "%(reputation)d reputation."
            )
            % {
                "names": ", ".join(lookup.unknown),
                "reputation": settings.TAG_CREATE_MIN_REPUTATION,
            }
        )
    return lookup


def tags_for_question(*, user, names: list[str]) -> list[ConceptTag]:
    """The tags for a question, creating the new ones (caller holds a transaction)."""
    lookup = tags_check(user=user, names=names)
    tags = list(lookup.found)
    if lookup.unknown:
        area, _created = Area.objects.get_or_create(
            slug=UNSORTED_AREA["slug"],
            defaults={k: v for k, v in UNSORTED_AREA.items() if k != "slug"},
        )
        for name in lookup.unknown:
            tag, _created = ConceptTag.objects.get_or_create(
                slug=tag_slug(name),
                defaults={"name_ko": name, "name_en": name, "area": area, "created_by": user},
            )
            if tag not in tags:
                tags.append(tag)
        concept_names_reset()
    return tags


def _question_count() -> Coalesce:
    """The number of live questions under the outer query's tag, as an expression (0 for none)."""
    through = ConceptTag.questions.through
    counted = (
        through.objects.filter(concepttag=OuterRef("pk"), question__deleted_at__isnull=True)
        .order_by()
        .values("concepttag")
        .annotate(n=Count("question"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def question_tags_set(*, question, tags: list[ConceptTag]) -> None:
    """Replace a question's tags and recount every tag it gains or loses (caller's transaction).

    The old and new tags' rows are locked first, in primary-key order, whatever the change:
    two questions retagged in opposite directions (a→b and b→a) then queue on the same first
    row instead of each holding the row the other needs. Each count is set to its exact value
    counted from the rows, not moved by ±1, so a count that drifted (rows changed by hand) is
    healed by the next retag instead of being pushed below zero.
    """
    old = set(question.tags.values_list("pk", flat=True))
    new = {tag.pk for tag in tags}
    if old == new:
        return
    affected = old | new
    _lock_tags(affected)
    question.tags.set(tags)
    ConceptTag.objects.filter(pk__in=affected).update(question_count=_question_count())
    retire(Event.RETAGGED, question_id=question.pk)


def tag_counts_refresh(*, question) -> None:
    """Recount the question's tags after it was deleted or restored (caller's transaction)."""
    affected = set(question.tags.values_list("pk", flat=True))
    _lock_tags(affected)
    ConceptTag.objects.filter(pk__in=affected).update(question_count=_question_count())
    # The deletion or restore that calls this retires the counts (apps.caching.events).


def _lock_tags(pks: set[int]) -> None:
    # list(): the rows are locked only when the query runs.
    list(
        ConceptTag.objects.select_for_update(no_key=True)
        .filter(pk__in=pks)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def tag_counts_recount() -> int:
    """Set every tag's question count to its number of questions. Returns rows fixed."""
    return counter_repair(
        ConceptTag.objects.all(), field="question_count", expected=_question_count()
    )
