"""Reading one spec file: its bytes -> its declarations as written, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass

from . import ir, naming, sources
from .diagnostics import Diagnostic, blame

SpecBytes = tuple[str, bytes]  # a spec file's path, relative to the spec folder, and its content


@dataclass(frozen=True)
class Parsed:
    declarations: tuple[ir.Declaration, ...]
    problems: tuple[Diagnostic, ...]


def parse_spec(spec: SpecBytes, dialect: str = "") -> Parsed:
    """One spec file's declarations, read by `dialect`, or by the dialect that recognises it."""
    from .dialects import read_document  # imported by the runs that read specs, not by cached ones
    from .markdown import parse_document

    relative, data = spec
    decoded, diagnostics = sources.decode(relative, data)
    if decoded is None:
        return Parsed((), tuple(diagnostics))
    with blame(relative):
        namespace = tuple(naming.module_name(part) for part in relative.split("/")[:-1])
        declarations, problems = read_document(parse_document(relative, decoded.text), namespace, dialect)
    return Parsed(tuple(declarations), tuple(problems))
