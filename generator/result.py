"""A run's outcome: the output files, or the problems that stop it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic, has_errors


@dataclass
class Result:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)
