"""Keeping the search index in step with the posts: called by the services that write them."""

from django.db import connection

from apps.search.analyzer import analyze
from apps.search.models import SearchDocument
from apps.search.synonyms import concept_token, concepts_in_text


def _document_parts(question) -> tuple[list[str], list[str], str]:
    from apps.answers.models import Answer

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
    # Whitespace collapsed, so an "exact phrase" matches across line breaks.
    text = " ".join("\n".join([question.body, *answers]).split())
    return (
        [*title_terms, *sorted(title_concepts)],
        [*body_terms, *sorted(body_concepts - title_concepts)],
        text,
    )


def search_index_question(question) -> None:
    """(Re)index one question: its title above its body, answers and concept names.

    Runs inside the caller's transaction, so the index is never stale and never ahead.
    """
    title_terms, body_terms, text = _document_parts(question)
    SearchDocument.objects.update_or_create(question_id=question.pk, defaults={"text": text})
    _write_full_text(question.pk, title_terms, body_terms)


def _tsvector_text(title_terms: list[str], body_terms: list[str]) -> str:
    """tsvector input with positions and weights: title terms A, the rest B.

    Written out rather than built with array_to_tsvector, whose position-less lexemes make
    setweight a no-op (so titles would rank like bodies) and lose term frequency. Terms are
    runs of word characters, so quoting them needs no escaping.
    """
    lexemes = [f"'{term}':{i}A" for i, term in enumerate(title_terms, start=1)]
    offset = len(title_terms) + 1
    lexemes += [f"'{term}':{i}B" for i, term in enumerate(body_terms, start=offset)]
    return " ".join(lexemes)


def _write_full_text(question_id: int, title_terms: list[str], body_terms: list[str]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_searchdocument SET vector = %s::tsvector WHERE question_id = %s",
                [_tsvector_text(title_terms, body_terms), question_id],
            )
        else:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [question_id])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [question_id, " ".join(title_terms), " ".join(body_terms)],
            )
