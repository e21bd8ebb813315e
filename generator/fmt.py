"""Formatting the generated Python with black."""

from __future__ import annotations

import functools
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


def format_python(source: str) -> str:
    """Black's output for one module. Raises black.InvalidInput if a template made invalid Python."""
    import black

    return black.format_str(source, mode=black_mode())


def format_files(files: dict[str, str], workers: Workers) -> dict[str, str]:
    """The files, each `.py` one as black writes it."""
    python = [path for path in files if path.endswith(".py")]
    texts = workers.map(format_python, [files[path] for path in python], "formatting")
    formatted = dict(zip(python, texts, strict=True))
    return {path: formatted.get(path, text) for path, text in files.items()}
