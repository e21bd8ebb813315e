"""Formatting the generated Python with black."""

from __future__ import annotations

import functools
import re
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


def format_python(source: str, chunked: bool = False) -> str:
    """Black's output for one module, formatted in chunks if they repeat across modules (a chunk
    costs a call of black of its own). Raises black.InvalidInput if a template made invalid Python."""
    return "\n\n".join(map(format_chunk, TOP_LEVEL.split(source))) if chunked else format_whole(source)


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
