"""Concept names are synonyms: 우도 finds likelihood, 교차 엔트로피 finds cross-entropy.

Each concept's names (Korean, English, slug, aliases) are analyzed into term sets. A text that
contains every term of one of them also gets the concept's own term, and so does a query; so a
query names a concept in any language and finds every text that names it in any other.
"""

import time
from dataclasses import dataclass

from apps.search.analyzer import analyze_query_words
from apps.tags.models import ConceptTag

CACHE_SECONDS = 60
_cache: dict = {"at": 0.0, "names": None}


@dataclass(frozen=True)
class ConceptName:
    terms: frozenset[str]
    token: str


def concept_token(slug: str) -> str:
    return "concept_" + slug.replace("-", "_")


def concept_names() -> list[ConceptName]:
    """Every concept's names as term sets, longest first (cached in-process for a minute)."""
    now = time.monotonic()
    if _cache["names"] is None or now - _cache["at"] > CACHE_SECONDS:
        names = []
        for tag in ConceptTag.objects.only("slug", "name_ko", "name_en", "aliases"):
            spellings = {tag.name_ko, tag.name_en, tag.slug.replace("-", " ")}
            spellings.update(alias for alias in tag.aliases.split(",") if alias.strip())
            for spelling in spellings:
                words = analyze_query_words(spelling.replace("-", " "))
                terms = frozenset(t for word in words for t in word)
                whole = len(words) == len(spelling.replace("-", " ").split())
                if terms and whole:
                    names.append(ConceptName(terms, concept_token(tag.slug)))
        names.sort(key=lambda name: -len(name.terms))
        _cache.update(at=now, names=names)
    return _cache["names"]


def concept_names_reset() -> None:
    _cache["names"] = None


def concepts_in(terms: set[str]) -> set[str]:
    """The concept tokens whose names appear (all their terms) among `terms`."""
    return {name.token for name in concept_names() if name.terms <= terms}


Clause = tuple[tuple[str, ...], ...]  # alternatives, each a set of terms that must all match


def concept_clauses(terms: list[str]) -> list[Clause]:
    """A query's terms as clauses; a concept named in it becomes "its token, or these words".

    The words stay an alternative so a text indexed before the concept existed (or was
    renamed) is still found by them.
    """
    remaining = list(dict.fromkeys(terms))
    clauses: list[Clause] = []
    seen: set[str] = set()
    for name in concept_names():
        if name.token not in seen and name.terms <= set(remaining):
            seen.add(name.token)
            remaining = [term for term in remaining if term not in name.terms]
            clauses.append(((name.token,), tuple(sorted(name.terms))))
    return clauses + [((term,),) for term in remaining]


def concept_name_terms(tokens: list[str]) -> set[str]:
    """Every term of every name of the given concepts (to highlight them in results)."""
    wanted = set(tokens)
    return {term for name in concept_names() if name.token in wanted for term in name.terms}
