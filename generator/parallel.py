"""Work spread over the machine's cores: parsing specs, rendering and formatting files."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")
# Below this many items, starting worker processes costs more than it saves.
THRESHOLD = 48


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], label: str) -> list[Result]:
    """[function(item) for item in items], in order, on every core when there is enough work.
    A long run shows `label` and a count on the terminal."""
    workers = min(os.cpu_count() or 1, 8)
    with Progress(label, len(items)) as progress:
        if len(items) < THRESHOLD or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [progress.advanced(function(item)) for item in items]
        context = multiprocessing.get_context("fork")  # workers inherit the loaded modules: no re-imports
        chunk = max(1, len(items) // (workers * 16))
        # A worker's garbage collections would walk every object it inherits, which black's many
        # short-lived trees make frequent; freezing them first takes a fifth off the formatting time.
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.freeze) as pool:
            return [progress.advanced(result) for result in pool.map(function, items, chunksize=chunk)]
