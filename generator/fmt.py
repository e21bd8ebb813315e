"""Formatting the generated Python with black, on every core, cached by content.

Importing black takes a tenth of a second, so the formatting workers start, and import it,
before the files exist: a run that formats one file does not wait for it.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import TYPE_CHECKING

from . import cache
from .cache import NO_CACHE, Cache
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


class Formatter:
    """Formats the Python files of a run in workers that start when it is created."""

    def __init__(self, store: Cache = NO_CACHE) -> None:
        self.store = store
        self.workers = Workers(prepare=black_mode)

    def __enter__(self) -> Formatter:
        return self

    def format_files(self, files: dict[str, str]) -> dict[str, str]:
        """The files, each `.py` one as black writes it."""
        python = [path for path in files if path.endswith(".py")]
        keys = {path: cache.key("black", FORMATTER, files[path]) for path in python}
        known = self.store.get_many("black", list(keys.values()))
        missing = [path for path in python if keys[path] not in known]
        formatted_now = self.workers.map(format_python, [files[path] for path in missing], "formatting")
        fresh = dict(zip(missing, formatted_now, strict=True))
        self.store.put_many("black", {keys[path]: text for path, text in fresh.items()})
        formatted = {path: fresh[path] if path in fresh else known[keys[path]] for path in python}
        return {path: formatted.get(path, text) for path, text in files.items()}

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.workers.__exit__(kind, error, trace)
