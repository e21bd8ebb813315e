"""The progress line: shown on a terminal once a stage has run for a while, and erased after."""

from __future__ import annotations

import io

from generator.progress import DELAY, INTERVAL, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_short_stage_shows_nothing() -> None:
    terminal, clock = Terminal(), Clock()
    with Progress("formatting", 3, terminal, clock) as progress:
        for _ in range(3):
            clock.now += DELAY / 10
            progress.advance()
    assert terminal.getvalue() == ""


def test_a_long_stage_counts_in_place_and_erases_its_line() -> None:
    terminal, clock = Terminal(), Clock()
    with Progress("formatting", 3, terminal, clock) as progress:
        clock.now += DELAY
        progress.advance()
        progress.advance()  # too soon after the last update: not shown
        clock.now += INTERVAL
        progress.advance()
        assert terminal.getvalue() == "\rgen-models: formatting 1/3\rgen-models: formatting 3/3"
    assert terminal.getvalue().endswith("\r" + " " * len("gen-models: formatting 3/3") + "\r")


def test_nothing_is_written_where_stderr_is_not_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    with Progress("parsing", 2, stream, clock) as progress:
        clock.now += 10 * DELAY
        progress.advance()
        progress.advance()
    assert stream.getvalue() == ""


def test_results_pass_through_in_order() -> None:
    with Progress("rendering", 2, io.StringIO()) as progress:
        assert [progress.advanced(value) for value in ("a", "b")] == ["a", "b"]
