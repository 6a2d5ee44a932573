"""Concept names are synonyms: 우도 finds likelihood, 교차 엔트로피 finds cross-entropy.

Each concept's names (Korean, English, slug, aliases) are analyzed into term sets. A text that
contains every term of one of them also gets the concept's own term, and so does a query; so a
query names a concept in any language and finds every text that names it in any other.
"""

import re
import time
from dataclasses import dataclass

from apps.search.analyzer import analyze_query_words
from apps.tags.models import ConceptTag

CACHE_SECONDS = 60
_HANGUL = re.compile(r"[가-힣]")
_cache: dict = {"at": 0.0, "names": None}


@dataclass(frozen=True)
class ConceptName:
    terms: frozenset[str]
    token: str
    pattern: re.Pattern  # the name as written, for recognising it in a text


def _name_pattern(spelling: str) -> re.Pattern:
    """The name with any spacing or hyphen between its words; Latin words whole.

    Korean particles attach after a name (교차 엔트로피를), so a Hangul ending needs no boundary.
    """
    words = [re.escape(word) for word in re.split(r"[\s-]+", spelling.lower()) if word]
    body = r"[\s-]*".join(words)
    start = r"\b" if re.match(r"\w", words[0]) and not _HANGUL.match(words[0]) else ""
    end = r"(?:e?s)?\b" if not _HANGUL.search(words[-1][-1:]) else ""
    return re.compile(start + body + end)


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
                    token = concept_token(tag.slug)
                    names.append(ConceptName(terms, token, _name_pattern(spelling)))
        names.sort(key=lambda name: -len(name.terms))
        _cache.update(at=now, names=names)
    return _cache["names"]


def concept_names_reset() -> None:
    _cache["names"] = None


def concepts_in_text(text: str) -> set[str]:
    """The concept tokens whose names are written in `text` (words together, in order).

    Matching the written name, not a bag of its words, keeps a text that says 교차 here and
    엔트로피 elsewhere from counting as one about cross-entropy.
    """
    lowered = text.lower()
    return {name.token for name in concept_names() if name.pattern.search(lowered)}


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
