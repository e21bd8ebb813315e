"""The stages, end to end: discover -> markdown -> dialect -> resolve -> examples -> render -> format.

Nothing here writes files or prints; each stage returns its diagnostics as values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import ir, naming, sources
from .config import DEFAULT_OPTIONS, Options
from .diagnostics import Diagnostic, blame, has_errors, sort_key
from .dialects.speakeasy import read_declarations
from .examples import check_examples
from .fmt import format_files
from .markdown import parse_document
from .render import render
from .resolve import resolve


@dataclass
class Result:
    declarations: list[ir.Declaration] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def read_specs(
    root: Path, exclude: Path | None = None, options: Options = DEFAULT_OPTIONS
) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """Every declaration of every spec under root, resolved and with its examples checked."""
    paths, diagnostics = sources.discover(root, exclude)
    declarations: list[ir.Declaration] = []
    for path in paths:
        spec, problems = sources.read(root, path)
        diagnostics.extend(problems)
        if spec is None:
            continue
        with blame(spec.path):
            namespace = tuple(naming.module_name(part) for part in spec.path.split("/")[:-1])
            found, problems = read_declarations(parse_document(spec.path, spec.text), namespace)
        declarations.extend(found)
        diagnostics.extend(problems)
    resolved, problems = resolve(declarations, root.name, options)
    diagnostics.extend(problems)
    checked, problems = check_examples(resolved)
    diagnostics.extend(problems)
    return checked, sorted(diagnostics, key=sort_key)


def build(
    root: Path,
    package: str,
    options: Options = DEFAULT_OPTIONS,
    templates: Path | None = None,
    exclude: Path | None = None,
) -> Result:
    declarations, diagnostics = read_specs(root, exclude, options)
    result = Result(declarations, {}, diagnostics)
    if not result.failed:
        result.files = format_files(render(declarations, package, options, templates))
    return result
