"""The start-up heap is frozen for a flow and given back after; new garbage is still collected."""

from __future__ import annotations

import atexit
import gc
import weakref
from collections.abc import Callable

import pytest

from channelwatch import heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def collected(obj: object) -> bool:
    """Whether collections look at ``obj`` (frozen objects are not in gc.get_objects())."""
    return any(o is obj for o in gc.get_objects())


def test_the_heap_is_frozen_for_the_block_and_given_back_after() -> None:
    before = gc.get_freeze_count()
    existing = Node()
    with heap.start_up_heap_frozen():
        assert gc.get_freeze_count() > before
        # what existed before the block is frozen; what the block makes is not
        made_inside = Node()
        assert not collected(existing)
        assert collected(made_inside)
    assert gc.get_freeze_count() == before
    assert collected(existing)


def test_cycles_made_during_the_block_are_still_collected() -> None:
    with heap.start_up_heap_frozen():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None


def test_garbage_from_before_the_block_is_freed_not_frozen() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle only a collection frees
    gone = weakref.ref(a)
    del a, b
    with heap.start_up_heap_frozen():
        assert gone() is None  # frozen, it would have stayed for the whole run


def test_the_heap_is_given_back_when_the_block_fails() -> None:
    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), heap.start_up_heap_frozen():
        raise RuntimeError("the flow failed")
    assert gc.get_freeze_count() == before


def test_the_exit_freeze_is_registered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[Callable[[], None]] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    heap.skip_exit_collection.cache_clear()
    try:
        with heap.start_up_heap_frozen():
            pass
        with heap.start_up_heap_frozen():
            pass
        assert registered == [gc.freeze]
    finally:
        heap.skip_exit_collection.cache_clear()
