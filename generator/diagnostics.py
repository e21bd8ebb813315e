"""Diagnostics: problems found in specs, returned as values and printed by the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # how gen-models read something unusual, which needs no change to the spec


@dataclass(frozen=True, order=True)
class Span:
    """A place in a spec file: a path relative to the spec root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    span: Span
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # Spec text quoted in a message may hold line breaks; one problem stays one line.
        object.__setattr__(self, "message", one_line(self.message))
        object.__setattr__(self, "hint", one_line(self.hint))

    def __str__(self) -> str:
        text = f"{self.span}: {self.severity.value}[{self.code}]: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def one_line(text: str) -> str:
    """Control characters (line breaks among them) written as escapes."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def error(code: str, span: Span, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, span, message, hint)


def warning(code: str, span: Span, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, span, message, hint)


def info(code: str, span: Span, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.INFO, span, message, hint)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[Span, str, str]:
    return (diagnostic.span, diagnostic.code, diagnostic.message)


class InternalError(Exception):
    """An unexpected failure (a bug in gen-models), with the spec it was processing."""

    def __init__(self, spec: str) -> None:
        super().__init__(spec)
        self.spec = spec


@contextmanager
def blame(spec: str) -> Iterator[None]:
    """Name the spec whose processing raised, so that a bug report can include it."""
    try:
        yield
    except InternalError:
        raise
    except Exception as problem:
        raise InternalError(spec) from problem
