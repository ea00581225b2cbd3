"""The cyclic garbage collector around phases that make or read many long-lived objects.

Python's collector scans every container object it tracks each time enough new ones have been
made; with the 100,000 beads of a large translation memory in memory, the checks that follow would
spend a fifth of their time scanning beads that live until the end. `paused` turns it off while
such a structure is built (nothing made there is garbage), `frozen` leaves the objects made so far
out of every collection while they are read (and keeps the collections of forked workers from
touching, and so copying, the pages the parent's objects are on)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Inside `frozen`, a collection once this many new containers are about (Python's default is 700):
# checks make many short-lived objects and hardly any cycles, and each collection has a cost of its own.
YOUNG = 50_000
_frozen = 0  # how many `frozen` blocks are open, in any thread (the last to end unfreezes)
_thresholds = gc.get_threshold()  # the collector's thresholds before they were opened
_lock = threading.Lock()


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside; garbage with cycles made there is collected later, as usual."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """The objects that exist now are out of every collection until the block ends (gc.freeze), and
    collections come less often (`YOUNG`); inside another such block, the objects made since are
    added, and stay out until the outer one ends."""
    global _frozen, _thresholds
    with _lock:
        gc.freeze()
        if not _frozen:
            _thresholds = gc.get_threshold()
            gc.set_threshold(YOUNG, *_thresholds[1:])
        _frozen += 1
    try:
        yield
    finally:
        with _lock:
            _frozen -= 1
            if not _frozen:
                gc.set_threshold(*_thresholds)
                gc.unfreeze()
