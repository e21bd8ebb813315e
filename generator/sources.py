"""Finding and reading the spec files under the spec root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Span, error, warning


@dataclass(frozen=True)
class SpecFile:
    path: str  # relative to the spec root, with forward slashes
    text: str  # decoded, BOM removed, LF line endings


def discover(root: Path, exclude: Path | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """Every `*.md` under root, sorted; symlinked folders are followed once, loops are reported."""
    found: list[Path] = []
    diagnostics: list[Diagnostic] = []
    visited: set[tuple[int, int]] = set()
    for folder, folders, files in os.walk(root, followlinks=True):
        here = Path(folder)
        stat = here.stat()
        if (stat.st_dev, stat.st_ino) in visited:
            diagnostics.append(
                warning(
                    "symlink-loop",
                    Span(here.relative_to(root).as_posix()),
                    "this folder was already read through another path; skipped",
                )
            )
            folders.clear()
            continue
        visited.add((stat.st_dev, stat.st_ino))
        folders[:] = sorted(f for f in folders if not f.startswith(".") and (exclude is None or here / f != exclude))
        found.extend(here / name for name in sorted(files) if name.endswith(".md") and not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix()), diagnostics


def read_bytes(root: Path, paths: list[Path]) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """(path relative to root, content) of each spec that can be read."""
    found, diagnostics = [], []
    for path in paths:
        relative = path.relative_to(root).as_posix()
        try:
            found.append((relative, path.read_bytes()))
        except OSError as problem:
            diagnostics.append(error("unreadable", Span(relative), f"cannot read the file: {problem.strerror}"))
    return found, diagnostics


def decode(relative: str, data: bytes) -> tuple[SpecFile | None, list[Diagnostic]]:
    """The spec's text: UTF-8 (a BOM is dropped) with LF line endings."""
    if b"\0" in data:
        return None, [error("binary-file", Span(relative), "this is not a text file (it contains NUL bytes)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        column = problem.start - (data.rfind(b"\n", 0, problem.start) + 1) + 1
        return None, [error("not-utf8", Span(relative, line, column), "this file is not valid UTF-8")]
    return SpecFile(relative, text.replace("\r\n", "\n").replace("\r", "\n")), []
