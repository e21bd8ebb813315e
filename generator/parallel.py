"""Work spread over the machine's cores: parsing specs, rendering and formatting files."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TypeVar

from .progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")
# Below this many items, starting worker processes costs more than it saves.
THRESHOLD = 48


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], label: str) -> list[Result]:
    """[function(item) for item in items], in order, on every core when there is enough work.
    A long run shows `label` and a count on the terminal."""
    with Workers(start=len(items) >= THRESHOLD) as workers:
        return workers.map(function, items, label)


class Workers:
    """A process per core (up to 8), forked from this one so that they share what it has loaded;
    none where fork is missing, there is one core or too little work, and it runs here instead."""

    def __init__(self, prepare: Callable[[], object] = lambda: None, start: bool = True) -> None:
        """`prepare` runs first in each worker, while this process goes on with other work; with
        `start` false, there are no workers (too little work to pay for them)."""
        count = min(os.cpu_count() or 1, 8)
        usable = start and count > 1 and "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork") if usable else None
        self.count = count
        self.pool = context.Pool(count, _start_worker, (prepare,)) if context else None

    def __enter__(self) -> Workers:
        return self

    def map(self, function: Callable[[Item], Result], items: Sequence[Item], label: str) -> list[Result]:
        with Progress(label, len(items)) as progress:
            if self.pool is None:
                return [progress.advanced(function(item)) for item in items]
            chunk = max(1, len(items) // (self.count * 16))
            return [progress.advanced(result) for result in self.pool.imap(function, items, chunk)]

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.terminate()  # idle by now, or the run failed: nothing to wait for


def _start_worker(prepare: Callable[[], object]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    # A worker's garbage collections would walk every object it inherits, which black's many
    # short-lived trees make frequent; freezing them first takes a fifth off the formatting time.
    gc.freeze()
    prepare()
