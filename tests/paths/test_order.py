"""A path's concepts in prerequisite order (apps.paths.order), pure and stable."""

from hypothesis import given
from hypothesis import strategies as st

from apps.paths.order import prerequisite_order


def order(ids, edges):
    return prerequisite_order(list(ids), lambda i: i, edges)


def test_prerequisites_come_first():
    # 3 needs 1, 1 needs 2: the curated order [3, 1, 2] becomes [2, 1, 3].
    assert order([3, 1, 2], [(3, 1), (1, 2)]) == [2, 1, 3]


def test_the_curated_order_is_kept_where_the_graph_allows():
    assert order([5, 4, 3, 2, 1], []) == [5, 4, 3, 2, 1]
    # Only 1 must move before 4; the rest stay as curated.
    assert order([5, 4, 3, 2, 1], [(4, 1)]) == [5, 3, 2, 1, 4]


def test_links_to_concepts_off_the_path_are_ignored():
    assert order([2, 1], [(2, 99), (99, 1)]) == [2, 1]


def test_a_cycle_in_bad_data_loses_no_concept():
    assert sorted(order([1, 2, 3], [(1, 2), (2, 1)])) == [1, 2, 3]


@given(
    st.lists(st.integers(0, 30), unique=True, min_size=1, max_size=16),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60),
)
def test_any_acyclic_graph_gives_a_topological_order_of_every_concept(ids, raw):
    # Keep only edges from a later id to an earlier one: acyclic by construction.
    edges = [(a, b) for a, b in raw if a > b]
    placed = order(ids, edges)
    assert sorted(placed) == sorted(ids)
    where = {concept: i for i, concept in enumerate(placed)}
    for concept, prerequisite in edges:
        if concept in where and prerequisite in where:
            assert where[prerequisite] < where[concept]
    assert order(ids, list(reversed(edges))) == placed  # the edges' order does not matter
