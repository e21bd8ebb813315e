"""The dialects of markdown model docs, as a registry: each recognises the documents it reads,
with a score, and reads them into the same IR. Everything after the IR never asks which dialect
a declaration came from.

A new dialect is a module with a `DIALECT` record, added to `DIALECTS`; where scores tie, the one
registered first reads the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import ir
from ..diagnostics import Diagnostic
from ..markdown import Document

Reader = Callable[[Document, tuple[str, ...]], tuple[list[ir.Declaration], list[Diagnostic]]]


@dataclass(frozen=True)
class Dialect:
    name: str
    recognise: Callable[[Document], float]  # how surely this dialect wrote the document, from 0 to 1
    read: Reader  # the document's declarations in a namespace, and the problems found


def _registry() -> list[Dialect]:
    from . import speakeasy

    return [speakeasy.DIALECT]


DIALECTS = _registry()


def read_document(document: Document, namespace: tuple[str, ...]) -> tuple[list[ir.Declaration], list[Diagnostic]]:
    """The document's declarations, read by the dialect that recognises it best."""
    dialect = max(DIALECTS, key=lambda candidate: candidate.recognise(document))
    return dialect.read(document, namespace)
