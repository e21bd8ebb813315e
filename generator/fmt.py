"""Formatting the generated Python with black."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .parallel import Workers

if TYPE_CHECKING:
    from black.mode import Mode

LINE_LENGTH = 100
TARGET = "PY310"


def black_version() -> str:
    try:  # a module that black's build writes: cheap to import, unlike black or importlib.metadata
        from _black_version import version  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        from importlib import metadata

        return metadata.version("black")
    return str(version)


FORMATTER = f"black {black_version()} line_length={LINE_LENGTH} target={TARGET}"


@functools.cache
def black_mode() -> Mode:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion[TARGET]}, line_length=LINE_LENGTH)


# Where a top-level definition starts after two blank lines. Black lays out a definition from its
# own text alone and puts two blank lines before it, so formatting a module in chunks cut there
# gives black's output for the whole module (tests/test_fmt.py checks it). The generated test
# modules share most of their test functions word for word: each is formatted once per process.
# Other modules repeat nothing, and cost more in chunks than whole. Each chunk keeps its last
# newline: black formats a text twice unless its first pass leaves it as it was.
TOP_LEVEL = re.compile(r"(?<=\n)\n\n(?=@|def |async def |class )")


# Before its definitions, a test module states its constants, and many of those statements are word
# for word the same in other modules (`REQUIRED: tuple[str, ...] = ()` and its docstring, the
# imports). Black lays out an import or an assignment at the margin from its own text, and the
# blank lines before it from what precedes (see _blank_lines_kept). The head is cut before each
# such statement where the blank lines are already black's, unless a comment or a definition
# stands in the head.
STATEMENT = re.compile(r"from |import |[A-Za-z_]\w*\s*[:=]")
IMPORT = re.compile(r"from |import ")
DEFINITION = re.compile(r"^(?:@|def |async def |class |#)", re.M)


def format_python(source: str, chunked: bool = False) -> str:
    """Black's output for one module, formatted in chunks if they repeat across modules (a chunk
    costs a call of black of its own). Raises black.InvalidInput if a template made invalid Python."""
    if not chunked:
        return format_whole(source)
    head, *definitions = TOP_LEVEL.split(source)
    return "\n\n".join([format_head(head), *map(format_chunk, definitions)])


def format_head(head: str) -> str:
    """Black's output for the statements before a module's first definition, cut where black keeps
    each statement's layout and the blank lines before it."""
    from black.parsing import InvalidInput

    try:
        return "".join(format_chunk(piece) if code else piece for code, piece in _head_pieces(head))
    except InvalidInput:  # a cut fell inside a string or brackets, which no template writes now
        return format_chunk(head)


def _head_pieces(head: str) -> Iterator[tuple[bool, str]]:
    """The head as pieces of code and, between them, the blank lines black keeps as they are."""
    lines = head.splitlines(keepends=True)
    first = _past_docstring(lines)
    if not first or DEFINITION.search("".join(lines[first:])):
        yield True, head
        return
    start, blank = 0, 0
    previous: str | None = None  # the line that starts the last statement; None for the docstring
    for number in range(first, len(lines)):
        line = lines[number]
        if line == "\n":
            blank += 1
            continue
        if STATEMENT.match(line) and blank == _blank_lines_kept(previous, line, blank):
            yield True, "".join(lines[start : number - blank])
            yield False, "\n" * blank
            start = number
        if not line[0].isspace() and line[0] not in ")]}":
            previous = line
        blank = 0
    yield True, "".join(lines[start:])


def _blank_lines_kept(previous: str | None, line: str, blank: int) -> int:
    """The blank lines black leaves before an import or an assignment at the margin, where there
    are none or one: one after the module docstring or after an import (unless it is another
    import), as they are elsewhere. (Where there are more, black's rules depend on its version.)"""
    if previous is None or (IMPORT.match(previous) and not IMPORT.match(line)):
        return 1
    return min(blank, 1)


def _past_docstring(lines: list[str]) -> int:
    """The number of the line after the module docstring, or 0 if there is none."""
    if not lines or not lines[0].startswith('"""'):
        return 0
    if lines[0].count('"""') > 1:
        return 1
    return next((n + 1 for n, line in enumerate(lines) if n and line.rstrip().endswith('"""')), 0)


@functools.lru_cache(maxsize=4096)
def format_chunk(source: str) -> str:
    """Black's output for top-level statements that stand alone."""
    import black

    return black.format_str(source, mode=black_mode())


def _format(item: tuple[str, bool]) -> str:
    return format_python(*item)


def format_whole(source: str) -> str:
    """Black's output for a module in one piece: what format_python must equal."""
    import black

    return black.format_str(source, mode=black_mode())


def format_files(files: dict[str, str], workers: Workers) -> dict[str, str]:
    """The files, each `.py` one as black writes it."""
    python = [path for path in files if path.endswith(".py")]
    texts = workers.map(_format, [(files[path], path.startswith("tests/")) for path in python], "formatting")
    formatted = dict(zip(python, texts, strict=True))
    return {path: formatted.get(path, text) for path, text in files.items()}
