"""A progress line for long runs: only on a terminal, and only once a stage has run for a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO, TypeVar

Result = TypeVar("Result")
DELAY = 1.0  # seconds a stage runs before its progress shows
INTERVAL = 0.1  # seconds between two updates of the line


class Progress:
    """`gen-models: formatting 812/2004`, rewritten in place on stderr, and erased at the end."""

    def __init__(
        self,
        label: str,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.clock = clock
        self.enabled = self.stream.isatty()
        self.started = self.shown = clock()
        self.width = 0

    def __enter__(self) -> Progress:
        return self

    def advanced(self, result: Result) -> Result:
        """Count one item done, and pass its result on."""
        self.advance()
        return result

    def advance(self) -> None:
        self.done += 1
        now = self.clock()
        if self.enabled and now - self.started >= DELAY and (now - self.shown >= INTERVAL or self.done == self.total):
            line = f"gen-models: {self.label} {self.done}/{self.total}"
            self.stream.write("\r" + line.ljust(self.width))
            self.stream.flush()
            self.width, self.shown = len(line), now

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
