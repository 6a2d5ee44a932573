"""Search queries: parsing words and operators, matching in the full-text index, ranking."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.search.analyzer import analyze_query_words
from apps.search.synonyms import concept_name_terms, replace_concept_names

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32
_TERM = re.compile(r"^\w+$")
_OPERATOR = re.compile(r"^(is|answers|isaccepted|user|score):(.+)$", re.IGNORECASE)
_TAG = re.compile(r"^\[([^\[\]]+)\]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class ParsedQuery:
    """What a query asks for: free words, "exact phrases" and operator filters."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    kind: str = "question"  # or "answer"
    answers: int | None = None
    accepted: bool | None = None
    user: str | None = None
    min_score: int | None = None
    truncated: bool = False

    @property
    def has_filters(self) -> bool:
        return bool(
            self.phrases
            or self.tags
            or self.answers is not None
            or self.accepted is not None
            or self.user
            or self.min_score is not None
            or self.kind == "answer"
        )


_PART = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(raw: str) -> ParsedQuery:
    text = _CONTROL.sub(" ", raw or "")
    parsed = ParsedQuery(truncated=len(text) > MAX_QUERY_LENGTH)
    for phrase, part in _PART.findall(text[:MAX_QUERY_LENGTH]):
        if phrase.strip():
            parsed.phrases.append(" ".join(phrase.split()))
            continue
        if not part:
            continue
        tag = _TAG.match(part)
        if tag:
            parsed.tags.append(tag.group(1).strip())
            continue
        operator = _OPERATOR.match(part)
        if operator and _apply_operator(parsed, operator.group(1).lower(), operator.group(2)):
            continue
        parsed.words.append(part)
    return parsed


def _apply_operator(parsed: ParsedQuery, name: str, value: str) -> bool:
    """Apply a known operator; False when its value makes no sense (then it is a word)."""
    value = value.strip()
    if name == "is" and value.lower() in {"question", "answer"}:
        parsed.kind = value.lower()
    elif name == "answers" and value.isdigit() and len(value) < 6:
        parsed.answers = int(value)
    elif name == "isaccepted" and value.lower() in {"yes", "no", "true", "false", "1", "0"}:
        parsed.accepted = value.lower() in {"yes", "true", "1"}
    elif name == "user" and value:
        parsed.user = value
    elif name == "score" and re.fullmatch(r"-?\d{1,6}", value):
        parsed.min_score = int(value)
    else:
        return False
    return True


def query_terms(words: list[str]) -> list[str]:
    """The index terms a query's words must match (concept names replaced by concepts)."""
    terms = [term for word in analyze_query_words(" ".join(words)) for term in word]
    terms = replace_concept_names(terms)
    return [term for term in terms if _TERM.match(term)][:MAX_TERMS]


def _full_text(questions, terms: list[str], *, any_term: bool):
    """Keep the questions whose index matches the terms, annotated with `rank`.

    PostgreSQL: the narrow search table is joined once and matched through its GIN index, and
    `ts_rank` weighs title terms (A) above the rest (B). SQLite: the FTS5 table is matched by
    rowid, and `bm25` weighs the title column four times the body.
    """
    if connection.vendor == "postgresql":
        tsquery = (" | " if any_term else " & ").join(f"'{term}'" for term in terms)
        # Filtering on the relation makes the join; the raw SQL then names the joined table.
        joined = questions.filter(search_document__isnull=False)
        return joined.filter(
            RawSQL('"search_searchdocument"."vector" @@ %s::tsquery', [tsquery], BooleanField())
        ).annotate(rank=RawSQL('ts_rank("search_searchdocument"."vector", %s::tsquery)', [tsquery]))
    match = (" OR " if any_term else " AND ").join(f'"{term}"' for term in terms)
    return questions.filter(
        id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match])
    ).annotate(
        rank=RawSQL(
            "(SELECT -bm25(search_fts, 4.0, 1.0) FROM search_fts"
            " WHERE search_fts MATCH %s AND rowid = questions_question.id)",
            [match],
        )
    )


@dataclass
class SearchResult:
    parsed: ParsedQuery
    terms: list[str]
    questions: object  # a Question queryset, ranked
    fallback: bool = False
    unknown_tags: list[str] = field(default_factory=list)

    @property
    def highlight_terms(self) -> list[str]:
        """The words to mark in snippets: the query's own, and every name of its concepts."""
        words = [term for term in self.terms if not term.startswith("concept_")]
        return [*words, *sorted(concept_name_terms(self.terms))]


def search_questions(raw: str) -> SearchResult:
    """Questions matching a query: all terms, or (when that finds nothing) any term, ranked."""
    from apps.questions.models import Question
    from apps.tags.services import tags_lookup

    parsed = parse_query(raw)
    terms = query_terms(parsed.words)
    questions = Question.objects.for_list().annotate(search_text=F("search_document__text"))
    lookup = tags_lookup(parsed.tags)
    for tag in lookup.found:
        questions = questions.filter(tags=tag)
    if lookup.unknown:
        questions = questions.none()
    if parsed.answers is not None:
        questions = questions.filter(answer_count=parsed.answers)
    if parsed.accepted is not None:
        questions = questions.filter(accepted_answer__isnull=not parsed.accepted)
    if parsed.user:
        questions = questions.filter(
            Q(author__username__iexact=parsed.user) | Q(author__display_name__iexact=parsed.user)
        )
    if parsed.min_score is not None:
        questions = questions.filter(score__gte=parsed.min_score)
    for phrase in parsed.phrases:
        questions = questions.filter(
            Q(title__icontains=phrase) | Q(search_document__text__icontains=phrase)
        )
    accepted_first = Case(
        When(accepted_answer__isnull=False, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    result = SearchResult(parsed, terms, questions, unknown_tags=lookup.unknown)
    if not terms:
        result.questions = questions.order_by("-score", "-created_at", "-id")
        return result
    for any_term in (False, True):
        ranked = (
            _full_text(questions, terms, any_term=any_term)
            .annotate(accepted_order=accepted_first)
            .order_by("-rank", "-accepted_order", "-score", "-id")
        )
        if any_term or len(terms) == 1 or ranked.exists():
            result.questions, result.fallback = ranked, any_term and len(terms) > 1
            return result
    return result


def highlight(text: str, terms: list[str], width: int = 160) -> SafeString:
    """A snippet of `text` around the first matching term, matches wrapped in <mark>."""
    plain = re.sub(r"[#*_`>\[\]()$\\|]+", " ", text)
    plain = re.sub(r"\s+", " ", plain).strip()
    words = sorted((t for t in terms if not t.startswith("concept_") and len(t) > 1), key=len)
    pattern = (
        re.compile("|".join(re.escape(t) for t in reversed(words)), re.IGNORECASE)
        if words
        else None
    )
    found = pattern.search(plain) if pattern else None
    start = max(0, found.start() - width // 3) if found else 0
    snippet = plain[start : start + width]
    pieces = pattern.split(snippet) if pattern else [snippet]
    marks = pattern.findall(snippet) if pattern else []
    html = escape(pieces[0]) + "".join(
        format_html("<mark>{}</mark>{}", mark, piece)
        for mark, piece in zip(marks, pieces[1:], strict=True)
    )
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(plain) else ""
    return mark_safe(prefix + html + suffix)


SIMILAR_LIMIT = 5
SIMILAR_MIN_TERMS = 2


def similar_questions(text: str, *, exclude_id: int | None = None, limit: int = SIMILAR_LIMIT):
    """The questions closest to a title (any of its terms, best first): at most `limit`."""
    from apps.questions.models import Question

    terms = query_terms(parse_query(text).words)
    if len(terms) < SIMILAR_MIN_TERMS:
        return []
    questions = _full_text(
        Question.objects.only("id", "title", "score", "answer_count", "accepted_answer_id"),
        terms,
        any_term=True,
    ).order_by("-rank", "-score", "-id")
    if exclude_id is not None:
        questions = questions.exclude(pk=exclude_id)
    return list(questions[:limit])
