"""Keeping the search index in step with the posts: called by the services that write them."""

from django.db import connection

from apps.answers.models import Answer
from apps.search.analyzer import analyze
from apps.search.synonyms import concept_token, concepts_in_text


def _document_parts(question) -> tuple[list[str], list[str]]:
    tags = list(question.tags.all())
    answers = list(Answer.objects.filter(question=question).values_list("body", flat=True))
    tag_names = " ".join(f"{tag.name_ko} {tag.name_en}" for tag in tags)
    title_terms = analyze(question.title)
    body_terms = analyze("\n".join([question.body, *answers, tag_names]))
    # Concepts named in the title weigh as title terms; a concept the question is filed under
    # is named by it, whatever words it uses.
    title_concepts = concepts_in_text(question.title)
    body_concepts = concepts_in_text("\n".join([question.body, *answers])) | {
        concept_token(tag.slug) for tag in tags
    }
    return (
        [*title_terms, *sorted(title_concepts)],
        [*body_terms, *sorted(body_concepts - title_concepts)],
    )


def search_index_question(question) -> None:
    """(Re)index one question: its title above its body, answers and concept names.

    Runs inside the caller's transaction, so the index is never stale and never ahead.
    """
    title_terms, body_terms = _document_parts(question)
    write_index(question.pk, title_terms, body_terms)


def search_unindex_question(question_id: int) -> None:
    """Take a question out of the index (it was deleted); indexing it again brings it back."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchdocument WHERE question_id = %s", [question_id])
        if connection.vendor != "postgresql":
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [question_id])


def _tsvector_text(title_terms: list[str], body_terms: list[str] = ()) -> str:
    """tsvector input with positions and weights: title terms A, the rest B.

    Written out rather than built with array_to_tsvector, whose position-less lexemes make
    setweight a no-op (so titles would rank like bodies) and lose term frequency. Terms are
    runs of word characters, so quoting them needs no escaping.
    """
    lexemes = [f"'{term}':{i}A" for i, term in enumerate(title_terms, start=1)]
    offset = len(title_terms) + 1
    lexemes += [f"'{term}':{i}B" for i, term in enumerate(body_terms, start=offset)]
    return " ".join(lexemes)


def write_index(question_id: int, title_terms: list[str], body_terms: list[str]) -> None:
    """Store one question's terms: its document row and the database's full-text index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "INSERT INTO search_searchdocument (question_id, vector, title_vector) "
                "VALUES (%s, %s::tsvector, %s::tsvector) ON CONFLICT (question_id) DO UPDATE "
                "SET vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector",
                [question_id, _tsvector_text(title_terms, body_terms), _tsvector_text(title_terms)],
            )
        else:
            cursor.execute(
                "INSERT OR IGNORE INTO search_searchdocument (question_id) VALUES (%s)",
                [question_id],
            )
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [question_id])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [question_id, " ".join(title_terms), " ".join(body_terms)],
            )
