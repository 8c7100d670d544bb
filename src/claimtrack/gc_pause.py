"""Keep Python's cyclic garbage collector out of the way of bulk loading.

Loading a large ledger allocates millions of small acyclic objects (parsed YAML, models, shingle
sets). Each of them counts towards the collector's thresholds, and every full collection walks all
that survived so far, so with the collector on, a load grows faster than linearly in its input
(the YAML floor itself is 2-3 times slower with it on). Nothing built while loading forms
reference cycles that matter, so pausing the collector loses nothing. The library only pauses it,
and restores it: it never freezes (``gc.freeze``) or otherwise changes its caller's collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector; restore its previous state (a collector the caller paused stays off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

