"""What each write retires: the one table from domain events to the scopes of kept data.

A page or fragment kept for many readers is filed under the generations of the scopes it
shows (`apps.caching.generations`). Services announce what they did with `retire(event, ...)`
once, inside their transaction; this table alone says which generations that moves on. A new
kind of write adds a row here; a new kind of kept page names the scopes it shows.

The scopes:

- `thread:<id>`: one question's page: the question, its answers, their scores, order,
  accepted mark, closing and everything else said there. Per question, so a vote on one
  question retires its own page and the lists, not every question page on the site.
- `lists`: the question rows of every list (home tabs, concept pages, search results):
  titles, scores, answer counts, activity, accepted and closed marks, concepts.
- `counts`: how many questions each list and concept holds.
- `concepts`: concepts themselves: names, areas, relations, D2L links, question counts.
- `people`: how people are shown beside what they wrote (display names).
- `badges`: who holds which badge (the badge pages, how many hold each).
- `examples`: which answers are marked as examples of which concept in use, and their
  order there (by the answers' scores): the "where it is used" section of concept pages.
- `titles`: which questions exist under which title, as other questions' pages show them
  (a duplicate's banner names its original). Asking adds no link to an existing page, so
  only retitling, deleting and restoring move it.
"""

from enum import StrEnum

from apps.caching.generations import generations_bump

LISTS = "lists"
COUNTS = "counts"
CONCEPTS = "concepts"
PEOPLE = "people"
TITLES = "titles"
BADGES = "badges"
EXAMPLES = "examples"
THREAD = "thread"  # per question: thread:<id>


class Event(StrEnum):
    QUESTION_ASKED = "question asked"
    QUESTION_EDITED = "question edited"  # title, body or concepts (the admin's edits too)
    QUESTION_VOTED = "vote on a question"
    QUESTION_REMOVED = "question deleted or hidden"
    QUESTION_RESTORED = "question restored"
    QUESTION_CLOSED = "question closed or reopened"
    ANSWERED_OR_NOT = "question got its first answer or lost its last"
    ANSWER_POSTED = "answer posted"
    ANSWER_EDITED = "answer edited"  # the admin's edits too
    ANSWER_VOTED = "vote on an answer"
    ANSWER_REMOVED = "answer deleted or hidden"
    ANSWER_RESTORED = "answer restored"
    ANSWER_ACCEPTED = "answer accepted or withdrawn"
    ADMIN_EDITED = "post's dates edited in the admin"  # its text goes through the services
    COMMENTED = "comment posted, edited, deleted or restored"
    COMMENT_VOTED = "vote on a comment"
    BOUNTY_OFFERED = "bounty offered"
    BOUNTY_AWARDED = "bounty awarded"
    BOUNTY_EXPIRED = "bounty expired"  # half of it awarded automatically, or lost
    RETAGGED = "question's concepts changed"
    SECTION_CHANGED = "question's D2L section changed"
    CONCEPTS_CHANGED = "concept created, renamed or edited"
    DISPLAY_NAME_CHANGED = "display name changed"
    BADGE_AWARDED = "badge awarded"
    EXAMPLE_MARKED = "answer marked or unmarked as an example of a concept in use"
    COUNTERS_REPAIRED = "stored counters repaired"


# event -> the scopes it retires ("thread" meaning the question's own: thread:<id>).
RETIRES: dict[Event, tuple[str, ...]] = {
    Event.QUESTION_ASKED: (LISTS, COUNTS),
    Event.QUESTION_EDITED: (THREAD, LISTS, TITLES),
    Event.QUESTION_VOTED: (THREAD, LISTS),
    Event.QUESTION_REMOVED: (THREAD, LISTS, COUNTS, TITLES),
    Event.QUESTION_RESTORED: (THREAD, LISTS, COUNTS, TITLES),
    Event.QUESTION_CLOSED: (THREAD, LISTS),
    # A list's total changes with an answer only through the unanswered tab: counting the
    # lists again took 0.1-0.3 s at 1M questions, after every answer.
    Event.ANSWERED_OR_NOT: (COUNTS,),
    Event.ANSWER_POSTED: (THREAD, LISTS),  # answer count, activity
    Event.ANSWER_EDITED: (THREAD, LISTS),  # the question's activity moves
    # Lists show question scores only; concept pages rank their examples by answer score.
    Event.ANSWER_VOTED: (THREAD, EXAMPLES),
    Event.ANSWER_REMOVED: (THREAD, LISTS),
    Event.ANSWER_RESTORED: (THREAD, LISTS),
    Event.ANSWER_ACCEPTED: (THREAD, LISTS),
    Event.ADMIN_EDITED: (THREAD, LISTS),
    # Comments show on their question's page only: lists show neither them nor their count.
    Event.COMMENTED: (THREAD,),
    Event.COMMENT_VOTED: (THREAD,),
    # The page's bounty box and marks, the featured tab's rows, and reputation shown beside
    # names (the offerer's goes down, the winner's up).
    Event.BOUNTY_OFFERED: (THREAD, LISTS, PEOPLE),
    Event.BOUNTY_AWARDED: (THREAD, LISTS, PEOPLE),
    Event.BOUNTY_EXPIRED: (THREAD, LISTS, PEOPLE),
    Event.RETAGGED: (THREAD, LISTS, COUNTS, CONCEPTS),
    # The sections' pages list and count their questions (apps.reading).
    Event.SECTION_CHANGED: (THREAD, LISTS, COUNTS),
    Event.CONCEPTS_CHANGED: (CONCEPTS, COUNTS),
    Event.DISPLAY_NAME_CHANGED: (PEOPLE,),
    # The badge pages; the member's own header counts unseen awards in its key
    # (apps.accounts.backends), so it needs no scope.
    Event.BADGE_AWARDED: (BADGES,),
    # The answer's badge on its question's page, the concept page's "where it is used".
    Event.EXAMPLE_MARKED: (THREAD, EXAMPLES),
    Event.COUNTERS_REPAIRED: (
        LISTS,
        COUNTS,
        CONCEPTS,
        PEOPLE,
        TITLES,
        BADGES,
        EXAMPLES,
        THREAD,
    ),
}


def thread(question_id: int) -> str:
    return f"{THREAD}:{question_id}"


def retire(event: Event, *, question_id: int | None = None) -> None:
    """Retire what `event` makes stale (now, and again when the transaction commits).

    Events that retire a thread name its question; COUNTERS_REPAIRED without one retires every
    thread at once (the `thread` scope itself is part of every question page's stamp)."""
    scopes = RETIRES[event]
    names = [scope for scope in scopes if scope != THREAD]
    if THREAD in scopes:
        if question_id is not None:
            names.append(thread(question_id))
        elif event is Event.COUNTERS_REPAIRED:
            names.append(THREAD)
        else:
            raise ValueError(f"{event} retires a question's page: name the question")
    generations_bump(*names)


# What kept pages show, by kind of page.
LIST_PAGE = (LISTS, COUNTS, CONCEPTS, PEOPLE)  # question lists, concept pages, search
CONCEPT_PAGE = (CONCEPTS, COUNTS)  # the concept index and map
# A concept's own page: its questions, and the answers marked as examples of it in use.
CONCEPT_DETAIL_PAGE = (*LIST_PAGE, EXAMPLES)
BADGE_PAGE = (BADGES, PEOPLE, CONCEPTS)  # the badge index, who earned a badge


def question_page(question_id: int) -> tuple[str, ...]:
    """What a question's page shows: its own thread, concept names, people, other titles;
    `thread` alone moves when every thread must go (a counters repair)."""
    return (thread(question_id), THREAD, CONCEPTS, PEOPLE, TITLES)
