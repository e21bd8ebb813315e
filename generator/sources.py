"""Finding and reading the spec files under the spec root."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Span, error, warning


@dataclass(frozen=True)
class SpecFile:
    path: str  # relative to the spec root, with forward slashes
    text: str  # decoded, BOM removed, LF line endings


def discover(root: Path, exclude: Path | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """Every `*.md` under root, sorted. Symbolic links are followed while they stay inside root;
    the output folder, folders already seen (loops) and what is not a regular file are left out."""
    found: list[Path] = []
    diagnostics: list[Diagnostic] = []
    real_root = root.resolve()
    skip = exclude.resolve() if exclude is not None else None
    visited: set[Path] = set()
    for folder, folders, files in os.walk(root, followlinks=True):
        here = Path(folder)
        real = here.resolve()
        relative = here.relative_to(root).as_posix()
        if real in visited or real == skip or not _inside(real, real_root):
            reason = "already read through another path" if real in visited else "outside the spec folder"
            if real != skip:
                diagnostics.append(warning("skipped-folder", Span(relative), f"this folder is {reason}; skipped"))
            folders.clear()
            continue
        visited.add(real)
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("."):
                path = here / name
                problem = _not_a_spec_file(path, real_root)
                if problem:
                    diagnostics.append(warning("skipped-file", Span(path.relative_to(root).as_posix()), problem))
                else:
                    found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix()), diagnostics


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _not_a_spec_file(path: Path, real_root: Path) -> str:
    """Why path is not read as a spec, or "" when it is. A dangling link is read, to report it."""
    if path.is_symlink() and path.exists() and not _inside(path.resolve(), real_root):
        return "this link points outside the spec folder; skipped"
    if path.exists() and not path.is_file():
        return "this is not a regular file; skipped"
    return ""


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
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as problem:
        before = body[: problem.start].decode("utf-8")
        lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return None, [error("not-utf8", Span(relative, len(lines), len(lines[-1]) + 1), "this file is not valid UTF-8")]
    return SpecFile(relative, _line_feeds(text)), []


def _line_feeds(text: str) -> str:
    """LF line endings. In a file that ends its lines with LF or CRLF, a lone CR is a stray
    character (Speakeasy copies them from descriptions into table cells): a space, so that the
    table row stays one row. Only a file with no LF at all ends its lines with CR."""
    text = text.replace("\r\n", "\n")
    return text.replace("\r", " " if "\n" in text else "\n")


def load(root: Path, exclude: Path | None = None) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """Every spec under root, as (path relative to root, content), and the problems met finding them."""
    paths, diagnostics = discover(root, exclude)
    specs, problems = read_bytes(root, paths)
    return specs, diagnostics + problems
