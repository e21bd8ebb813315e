"""The dialects of markdown model docs, as a registry: each recognises the documents it reads,
with a score, and reads them into the same IR. Everything after the IR never asks which dialect
a declaration came from.

A new dialect is a module of this package with a `DIALECT` record, named in `REGISTRY`; where
scores tie, the one registered first reads the document.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .. import ir
    from ..diagnostics import Diagnostic
    from ..markdown import Document

    Reader = Callable[[Document, tuple[str, ...]], tuple[list[ir.Declaration], list[Diagnostic]]]

# Each dialect's name (for --dialect), and its module in this package.
REGISTRY = {
    "speakeasy-python": "speakeasy",
    "speakeasy-typescript": "typescript",
    "speakeasy-go": "golang",
    "openapi-generator": "openapi",
    "handwritten": "handwritten",  # the most lenient, so last: where scores tie, the first registered reads
}


@dataclass(frozen=True)
class Dialect:
    recognise: Callable[[Document], float]  # how surely this dialect wrote the document, from 0 to 1
    read: Reader  # the document's declarations in a namespace, and the problems found


@functools.cache
def dialects() -> dict[str, Dialect]:
    """The registered dialects by name, in order, loaded on first use."""
    return {name: importlib.import_module(f".{module}", __name__).DIALECT for name, module in REGISTRY.items()}


def read_document(
    document: Document, namespace: tuple[str, ...], forced: str = ""
) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """The document's declarations, read by the dialect named `forced`, or else by the one that
    recognises it best; each declaration says which."""
    known = dialects()
    name = forced or max(known, key=lambda candidate: known[candidate].recognise(document))
    declarations, diagnostics = known[name].read(document, namespace)
    return [replace(declaration, dialect=name) for declaration in declarations], diagnostics
