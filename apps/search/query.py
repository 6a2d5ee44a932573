"""Search queries: parsing words and operators, matching in the full-text index, ranking."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import SafeString
from psycopg.errors import QueryCanceled

from apps.answers.models import Answer
from apps.markup.excerpts import Excerpt, excerpt_html
from apps.questions.models import Question
from apps.search.analyzer import analyze_query_words
from apps.search.synonyms import Clause, concept_clauses, concept_name_terms
from apps.tags.services import tags_lookup

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


def _ranked_ids(questions, clauses: list[Clause], *, any_term: bool, limit: int) -> list[int]:
    """Ids of the best `limit` matches among `questions`, best first. The index holds only live
    questions, so `questions` need only carry the operators' filters (none: every match).

    Best: text relevance, then an accepted answer, then score, then newest. Relevance is the
    database's own: PostgreSQL's ts_rank with title terms weighing more than the rest, SQLite's
    bm25 with the title weighing four times the rest.

    On PostgreSQL, ranking every match of a word that a fifth of all questions use would read
    every one of their vectors, so the matches are first cut to the `limit` best by the title
    alone: the questions with the words in their title (found through the title's own index,
    best title rank first), then, only when fewer than `limit` have them there, the newest of
    the rest. Only those are ranked in full and joined to their questions. When fewer than
    `limit` questions match, the cut changes nothing.
    """
    postgres = connection.vendor == "postgresql"
    expression = _expression(clauses, any_term=any_term, postgres=postgres)
    table = questions.model._meta.db_table
    only, only_params = "", []
    if questions.query.where:  # operators: keep only the questions they select
        subquery, only_params = questions.values("pk").query.sql_with_params()
        only = f" AND {{id}} IN ({subquery})"
    if postgres:
        document = "search_searchdocument"
        best = (
            f"titled AS MATERIALIZED (SELECT question_id AS id, "
            f"ts_rank(title_vector, %s::tsquery) AS rank FROM {document} "
            f"WHERE title_vector @@ %s::tsquery{only.format(id='question_id')} "
            "ORDER BY rank DESC, id DESC LIMIT %s), "
            f"rest AS MATERIALIZED (SELECT question_id AS id FROM {document} "
            f"WHERE vector @@ %s::tsquery AND NOT title_vector @@ %s::tsquery"
            f"{only.format(id='question_id')} "
            "ORDER BY question_id DESC LIMIT %s - (SELECT count(*) FROM titled)), "
            "best AS (SELECT id FROM titled UNION ALL SELECT id FROM rest)"
        )
        params = [expression, expression, *only_params, limit]
        params += [expression, expression, *only_params, limit]
        full_rank = "ts_rank(d.vector, %s::tsquery)"
        rank_join = f"JOIN {document} d ON d.question_id = best.id"
        rank_params = [expression]
    else:
        candidates = (
            "SELECT rowid AS id, -bm25(search_fts, 4.0, 1.0) AS rank "
            "FROM search_fts WHERE search_fts MATCH %s"
        )
        if only:
            # FTS5 would run the MATCH once per question the filter selects: match first.
            candidates = (
                f"matches AS MATERIALIZED ({candidates}), "
                f"best AS MATERIALIZED (SELECT id, rank FROM matches WHERE 1{only.format(id='id')}"
            )
        else:
            candidates = f"best AS MATERIALIZED ({candidates}"
        best = f"{candidates} ORDER BY rank DESC, id DESC LIMIT %s)"
        params = [expression, *only_params, limit]
        full_rank, rank_join, rank_params = "best.rank", "", []
    sql = (
        f"WITH {best} SELECT best.id FROM best {rank_join} JOIN {table} q ON q.id = best.id "
        f"ORDER BY {full_rank} DESC, (q.accepted_answer_id IS NOT NULL) DESC, q.score DESC, "
        "q.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *rank_params])
        return [row[0] for row in cursor.fetchall()]


@dataclass
class SearchResult:
    parsed: ParsedQuery
    clauses: list[Clause]
    ids: list[int] = field(default_factory=list)  # the matching questions' ids, best first
    capped: bool = False  # more questions match than the limit
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

    def questions(self, ids: list[int] | None = None) -> list:
        """The questions with these ids (all of them by default) for a result list, in order."""
        ids = self.ids if ids is None else ids
        found = Question.objects.for_list("body").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def _filtered(parsed: ParsedQuery, questions):
    """Apply the operators that select questions (user: and score: select answers instead
    when the query asks for answers)."""
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
        # Word for word, whatever whitespace (line breaks included) separates the words.
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        questions = questions.filter(
            Q(title__iregex=pattern)
            | Q(body__iregex=pattern)
            | Exists(Answer.objects.filter(question=OuterRef("pk"), body__iregex=pattern))
        )
    return questions, lookup.unknown


def _by_user(name: str) -> Q:
    return Q(author__username__iexact=name) | Q(author__display_name__iexact=name)


def search_questions(raw: str) -> SearchResult:
    """Questions matching a query: all terms, or (when that finds nothing) any term, ranked.

    At most SEARCH_RESULTS_LIMIT questions, the most relevant; `capped` tells when more match.
    """
    limit = settings.SEARCH_RESULTS_LIMIT
    parsed = parse_query(raw)
    clauses = query_clauses(parsed.words)
    # The index holds live questions only (deletion takes a question out): the operators alone
    # narrow it, and ranking needs no join with every live question.
    questions, unknown = _filtered(parsed, Question.all_objects.all())
    result = SearchResult(parsed, clauses, unknown_tags=unknown)
    if unknown or (parsed.words and not clauses):
        result.no_words = not unknown
        return result
    if not clauses:  # operators (or phrases) only: their questions, best scored first
        newest = questions.filter(deleted_at__isnull=True).order_by("-score", "-created_at", "-id")
        ids = list(newest.values_list("pk", flat=True)[: limit + 1])
    else:
        ids = _ranked_ids(questions, clauses, any_term=False, limit=limit + 1)
        if not ids and len(clauses) > 1:
            ids = _ranked_ids(questions, clauses, any_term=True, limit=limit + 1)
            result.fallback = True
    result.ids, result.capped = ids[:limit], len(ids) > limit
    return result


def search_answers(result: SearchResult):
    """For `is:answer`: the answers to the matching questions, filtered by user: and score:."""
    answers = Answer.objects.filter(question_id__in=result.ids)
    if result.parsed.user:
        answers = answers.filter(_by_user(result.parsed.user))
    if result.parsed.min_score is not None:
        answers = answers.filter(score__gte=result.parsed.min_score)
    return answers.select_related("question", "author").order_by("-score", "-created_at", "-id")


def _terms_pattern(terms: list[str]) -> re.Pattern | None:
    """Any of the words to mark (longest first), case-insensitively."""
    words = sorted((t for t in terms if not t.startswith("concept_") and len(t) > 1), key=len)
    if not words:
        return None
    return re.compile("|".join(re.escape(t) for t in reversed(words)), re.IGNORECASE)


def highlight(text: str, terms: list[str], width: int = 160) -> SafeString:
    """A snippet of the Markdown `text` around the first matching term, matches wrapped in
    <mark>, formulas rendered (never half-stripped LaTeX)."""
    excerpt = Excerpt.of(text)
    pattern = _terms_pattern(terms)
    found = pattern.search(excerpt.text) if pattern else None
    start = max(0, found.start() - width // 3) if found else 0
    mark = re.compile(f"({pattern.pattern})", re.IGNORECASE).split if pattern else None
    return excerpt_html(excerpt, start=start, width=width, mark=mark)


def attach_snippets(questions: list, terms: list[str]) -> None:
    """Set each question's `snippet`: from its body, or, when only its answers use the words,
    from its best answer that does (one query for all the questions)."""
    pattern = _terms_pattern(terms)
    lacking = [q.pk for q in questions if pattern and not pattern.search(q.body)]
    answers: dict[int, list[str]] = {}
    if lacking:
        rows = Answer.objects.filter(question_id__in=lacking).order_by("-score", "id")
        for question_id, body in rows.values_list("question_id", "body"):
            answers.setdefault(question_id, []).append(body)
    for question in questions:
        texts = answers.get(question.pk, [])
        text = next((body for body in texts if pattern.search(body)), question.body)
        question.snippet = highlight(text, terms)


SIMILAR_LIMIT = 5
SIMILAR_MIN_TERMS = 2
SIMILAR_POOL = 100  # ranked in full before the closest few are kept
SIMILAR_MAX_MS = 300


def similar_questions(text: str, *, exclude_id: int | None = None, limit: int = SIMILAR_LIMIT):
    """The questions closest to a title (any of its terms, best first): at most `limit`.

    A suggestion is not worth a slow page: on PostgreSQL the search may take at most
    SIMILAR_MAX_MS, and finds nothing past it. Titles made only of common words (이해, 방법)
    match a fifth of all questions each, and ranking them took 0.2–3.5 s at 1M questions."""
    clauses = query_clauses(parse_query(text).words)
    if len(clauses) < SIMILAR_MIN_TERMS:
        return []
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {SIMILAR_MAX_MS}")
            ids = _ranked_ids(
                Question.all_objects.all(), clauses, any_term=True, limit=SIMILAR_POOL
            )
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return []  # cancelled at the time limit
    ids = [pk for pk in ids if pk != exclude_id][:limit]
    found = Question.objects.only(
        "id", "title", "score", "answer_count", "accepted_answer_id"
    ).in_bulk(ids)
    return [found[pk] for pk in ids]
