"""Formatting the generated Python with black, in-process, on every core, cached by content."""

from __future__ import annotations

import black
from black.mode import Mode, TargetVersion

from . import cache
from .cache import NO_CACHE, Cache
from .parallel import parallel_map

MODE = Mode(target_versions={TargetVersion.PY310}, line_length=100)
FORMATTER = f"black {getattr(black, '__version__', '')} {MODE!r}"


def format_python(source: str) -> str:
    """Black's output for one module. Raises black.InvalidInput if a template made invalid Python."""
    return black.format_str(source, mode=MODE)


def format_files(files: dict[str, str], store: Cache = NO_CACHE) -> dict[str, str]:
    python = [path for path in files if path.endswith(".py")]
    keys = {path: cache.key("black", FORMATTER, files[path]) for path in python}
    known = store.get_many("black", list(keys.values()))
    missing = [path for path in python if keys[path] not in known]
    formatted_now = parallel_map(format_python, [files[path] for path in missing], "formatting")
    fresh = dict(zip(missing, formatted_now, strict=True))
    store.put_many("black", {keys[path]: text for path, text in fresh.items()})
    formatted = {path: fresh[path] if path in fresh else known[keys[path]] for path in python}
    return {path: formatted.get(path, text) for path, text in files.items()}
