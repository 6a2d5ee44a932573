"""Search queries: parsing words and operators, matching in the full-text index, ranking."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.search.analyzer import analyze_query_words
from apps.search.synonyms import Clause, concept_clauses, concept_name_terms

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


_PART = re.compile(r'(\w+:"[^"]+")|"([^"]+)"|(\S+)')


def parse_query(raw: str) -> ParsedQuery:
    text = _CONTROL.sub(" ", raw or "")
    parsed = ParsedQuery(truncated=len(text) > MAX_QUERY_LENGTH)
    for quoted_operator, phrase, part in _PART.findall(text[:MAX_QUERY_LENGTH]):
        part = part or quoted_operator.replace('"', "")
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


def query_clauses(words: list[str]) -> list[Clause]:
    """What a query's words must match: one clause per term or named concept."""
    terms = [term for word in analyze_query_words(" ".join(words)) for term in word]
    return concept_clauses([term for term in terms if _TERM.match(term)][:MAX_TERMS])


def _flat(clauses: list[Clause]) -> list[str]:
    return list(dict.fromkeys(term for clause in clauses for alt in clause for term in alt))


def _expression(clauses: list[Clause], *, any_term: bool, postgres: bool) -> str:
    """The clauses as a tsquery (PostgreSQL) or an FTS5 MATCH expression (SQLite).

    Every term is a run of word characters (checked above), so quoting needs no escaping.
    """
    quote, both, either = ("'{}'", " & ", " | ") if postgres else ('"{}"', " AND ", " OR ")
    parts = [
        "("
        + either.join("(" + both.join(quote.format(t) for t in alt) + ")" for alt in clause)
        + ")"
        for clause in clauses
    ]
    return (either if any_term else both).join(parts)


def _matching(questions, clauses: list[Clause], *, any_term: bool):
    """Keep the questions whose index matches the clauses (no ranking: usable as a subquery)."""
    if connection.vendor == "postgresql":
        sql = "SELECT question_id FROM search_searchdocument WHERE vector @@ %s::tsquery"
    else:
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    expression = _expression(clauses, any_term=any_term, postgres=connection.vendor == "postgresql")
    return questions.filter(id__in=RawSQL(sql, [expression]))


def _ranked(questions, clauses: list[Clause], *, any_term: bool):
    """Matching questions annotated with `rank`: title terms weigh more than the rest.

    PostgreSQL: ts_rank over the joined narrow search table (weights A and B). SQLite: bm25
    with the title column weighing four times the body.
    """
    postgres = connection.vendor == "postgresql"
    expression = _expression(clauses, any_term=any_term, postgres=postgres)
    if postgres:
        # Match and rank on the one joined row, so the planner uses the GIN index and ranks
        # only the matches. (Never nested in a subquery, where Django renames the table:
        # `_matching` serves that.)
        vector = '"search_searchdocument"."vector"'
        return (
            questions.filter(search_document__isnull=False)
            .filter(RawSQL(f"{vector} @@ %s::tsquery", [expression], BooleanField()))
            .annotate(rank=RawSQL(f"ts_rank({vector}, %s::tsquery)", [expression]))
        )
    # SQLite: join the FTS5 table, so one MATCH finds the rows and bm25 ranks them in place.
    return (
        questions.filter(full_text_row__isnull=False)
        .filter(RawSQL('"search_fts" MATCH %s', [expression], BooleanField()))
        .annotate(rank=RawSQL('-bm25("search_fts", 4.0, 1.0)', []))
    )


@dataclass
class SearchResult:
    parsed: ParsedQuery
    clauses: list[Clause]
    questions: object  # a Question queryset, ranked
    matching: object = None  # the same questions unranked (usable inside a subquery)
    fallback: bool = False
    unknown_tags: list[str] = field(default_factory=list)
    no_words: bool = False  # words were given, but none of them can be searched

    @property
    def terms(self) -> list[str]:
        return _flat(self.clauses)

    @property
    def highlight_terms(self) -> list[str]:
        """The words to mark in snippets: the query's own, and every name of its concepts."""
        words = [term for term in self.terms if not term.startswith("concept_")]
        return [*words, *sorted(concept_name_terms(self.terms))]


def _filtered(parsed: ParsedQuery, questions):
    """Apply the operators that select questions (user: and score: select answers instead
    when the query asks for answers)."""
    from apps.tags.services import tags_lookup

    lookup = tags_lookup(parsed.tags)
    for tag in lookup.found:
        questions = questions.filter(tags=tag)
    if lookup.unknown:
        questions = questions.none()
    if parsed.answers is not None:
        questions = questions.filter(answer_count=parsed.answers)
    if parsed.accepted is not None:
        questions = questions.filter(accepted_answer__isnull=not parsed.accepted)
    if parsed.kind == "question":
        if parsed.user:
            questions = questions.filter(_by_user(parsed.user))
        if parsed.min_score is not None:
            questions = questions.filter(score__gte=parsed.min_score)
    for phrase in parsed.phrases:
        questions = questions.filter(
            Q(title__icontains=phrase) | Q(search_document__text__icontains=phrase)
        )
    return questions, lookup.unknown


def _by_user(name: str) -> Q:
    return Q(author__username__iexact=name) | Q(author__display_name__iexact=name)


def search_questions(raw: str) -> SearchResult:
    """Questions matching a query: all terms, or (when that finds nothing) any term, ranked."""
    from apps.questions.models import Question

    parsed = parse_query(raw)
    clauses = query_clauses(parsed.words)
    questions, unknown = _filtered(parsed, Question.objects.all())
    result = SearchResult(parsed, clauses, questions, questions, unknown_tags=unknown)
    listed = (
        questions.select_related("author")
        .prefetch_related(*Question.objects.for_list()._prefetch_related_lookups)
        .annotate(search_text=F("search_document__text"))
    )
    if parsed.words and not clauses:
        result.no_words = True
        result.questions = result.matching = questions.none()
        return result
    if not clauses:
        result.questions = listed.order_by("-score", "-created_at", "-id")
        return result
    accepted_first = Case(
        When(accepted_answer__isnull=False, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for any_term in (False, True):
        ranked = (
            _ranked(listed, clauses, any_term=any_term)
            .annotate(accepted_order=accepted_first)
            .order_by("-rank", "-accepted_order", "-score", "-id")
        )
        if any_term or len(clauses) == 1 or ranked.exists():
            result.questions = ranked
            result.matching = _matching(questions, clauses, any_term=any_term)
            result.fallback = any_term and len(clauses) > 1
            return result
    return result


def search_answers(result: SearchResult):
    """For `is:answer`: the answers to the matching questions, filtered by user: and score:."""
    from apps.answers.models import Answer

    answers = Answer.objects.filter(question__in=result.matching.values("pk"))
    if result.parsed.user:
        answers = answers.filter(_by_user(result.parsed.user))
    if result.parsed.min_score is not None:
        answers = answers.filter(score__gte=result.parsed.min_score)
    return answers.select_related("question", "author").order_by("-score", "-created_at", "-id")


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

    clauses = query_clauses(parse_query(text).words)
    if len(clauses) < SIMILAR_MIN_TERMS:
        return []
    questions = _ranked(
        Question.objects.only("id", "title", "score", "answer_count", "accepted_answer_id"),
        clauses,
        any_term=True,
    ).order_by("-rank", "-score", "-id")
    if exclude_id is not None:
        questions = questions.exclude(pk=exclude_id)
    return list(questions[:limit])
