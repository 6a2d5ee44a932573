"""Values kept for every reader (apps.caching.fragments) and the generations under them
(apps.caching.generations): computed once per generation and language, computed afresh after a
write to what they show, and computed every time when the cache is away."""

from django.core.cache import cache
from django.utils import translation

from apps.caching import generations
from apps.caching.events import CONCEPTS, LISTS, Event, retire
from apps.caching.fragments import cached
from apps.caching.generations import GENERATION_TIMEOUT, generations_stamp


def counting():
    """A computation that says how many times it ran."""
    calls = []

    def compute():
        calls.append(1)
        return f"value {len(calls)}"

    return compute


def test_a_value_is_computed_once_until_what_it_shows_changes(db):
    compute = counting()
    assert cached("box", (LISTS,), compute, "a") == "value 1"
    assert cached("box", (LISTS,), compute, "a") == "value 1"
    assert cached("box", (LISTS,), compute, "b") == "value 2"  # other parts, other value
    retire(Event.CONCEPTS_CHANGED)  # retires concepts and counts: not lists
    assert cached("box", (LISTS,), compute, "a") == "value 1"
    retire(Event.QUESTION_ASKED)  # retires lists
    assert cached("box", (LISTS,), compute, "a") == "value 3"


def test_each_language_keeps_its_own_value(db):
    compute = counting()
    with translation.override("ko"):
        assert cached("box", (CONCEPTS,), compute) == "value 1"
    with translation.override("en"):
        assert cached("box", (CONCEPTS,), compute) == "value 2"
    with translation.override("ko"):
        assert cached("box", (CONCEPTS,), compute) == "value 1"


def test_a_lost_generation_restarts_past_every_number_it_held(db):
    before = generations_stamp((LISTS,))
    retire(Event.QUESTION_ASKED)
    bumped = generations_stamp((LISTS,))
    cache.delete("gen:lists")  # evicted, or Redis restarted
    restarted = generations_stamp((LISTS,))
    assert int(before) < int(bumped) < int(restarted)


def test_a_generation_is_kept_no_longer_than_its_timeout(db, monkeypatch):
    """Generations of questions nobody reads again must not stay in the cache for ever."""
    kept = {}
    original = cache.add

    def add(key, value, timeout=None, **kwargs):
        kept[key] = timeout
        return original(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "add", add)
    generations_stamp(("thread:1",))
    assert kept["gen:thread:1"] == GENERATION_TIMEOUT


def test_this_process_remembers_a_bounded_number_of_generations(db, monkeypatch):
    monkeypatch.setattr(generations, "RECENT_MAX", 3)
    generations._recent.clear()
    for number in range(10):
        generations_stamp((f"thread:{number}",))
    assert len(generations._recent) <= 4


def test_stamps_read_together_are_the_stamps_read_one_by_one(db):
    from apps.caching.events import CONCEPT_PAGE, LIST_PAGE
    from apps.caching.generations import generations_stamps

    retire(Event.QUESTION_ASKED)
    together = generations_stamps(CONCEPT_PAGE, (CONCEPTS,), LIST_PAGE)
    assert together == [generations_stamp(s) for s in (CONCEPT_PAGE, (CONCEPTS,), LIST_PAGE)]
    retire(Event.CONCEPTS_CHANGED)
    after = generations_stamps(CONCEPT_PAGE, (CONCEPTS,), LIST_PAGE)
    assert all(one != two for one, two in zip(together, after, strict=True))
