"""Formatting the generated Python with black, in-process."""

from __future__ import annotations

import black
from black.mode import Mode, TargetVersion

MODE = Mode(target_versions={TargetVersion.PY310}, line_length=100)


def format_python(source: str) -> str:
    """Black's output for one module. Raises black.InvalidInput if a template made invalid Python."""
    return black.format_str(source, mode=MODE)


def format_files(files: dict[str, str]) -> dict[str, str]:
    return {path: format_python(text) if path.endswith(".py") else text for path, text in files.items()}
