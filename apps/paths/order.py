"""The order a path's concepts are read in: prerequisites first, otherwise as curated."""

from collections.abc import Iterable, Sequence
from heapq import heapify, heappop, heappush
from typing import TypeVar

T = TypeVar("T")


def prerequisite_order(items: Sequence[T], key, edges: Iterable[tuple[int, int]]) -> list[T]:
    """`items` in a stable topological order.

    `key(item)` is the item's concept id; `edges` are `(concept_id, prerequisite_id)` pairs
    (other concepts' edges are ignored: only links between the path's own concepts order it).
    Among the concepts whose prerequisites on the path are all placed, the one curated first
    comes next, so the order is the curated one wherever the graph allows. The concept graph
    is kept acyclic; should an edge make a cycle anyway, the rest follow in curated order
    rather than vanish.
    """
    index = {key(item): i for i, item in enumerate(items)}
    waiting = [0] * len(items)
    unlocks: dict[int, list[int]] = {i: [] for i in range(len(items))}
    for concept, prerequisite in set(edges):
        if concept in index and prerequisite in index and concept != prerequisite:
            waiting[index[concept]] += 1
            unlocks[index[prerequisite]].append(index[concept])
    ready = [i for i, count in enumerate(waiting) if count == 0]
    heapify(ready)
    placed: list[int] = []
    while ready:
        i = heappop(ready)
        placed.append(i)
        for j in unlocks[i]:
            waiting[j] -= 1
            if waiting[j] == 0:
                heappush(ready, j)
    seen = set(placed)
    placed += [i for i in range(len(items)) if i not in seen]
    return [items[i] for i in placed]
