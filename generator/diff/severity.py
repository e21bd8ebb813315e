"""How much a change matters to each reader, derived from its effect: no rule has a severity of
its own.

- read-old: code generated from the new specs reads payloads written under the old ones; it
  fails on what the change stopped accepting (a narrowing).
- read-new: code generated from the old specs reads payloads written under the new ones; it
  fails on what the change started accepting (a widening).
- python: the generated package that users import; a change that fails their code when it runs
  is an error, one that only a type checker would flag is a warning.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from .findings import Api, Finding
from .types import Relation


class Level(enum.IntEnum):
    OK = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, text: str) -> Level:
        """ "ok", "info", "warning" or "error" (KeyError otherwise)."""
        return cls[text.upper()]


@dataclass(frozen=True)
class Reader:
    """A surface that reads payloads: which changes of the payloads break it, and how much it
    matters when the broken reader is an open enum, which keeps a value it does not know."""

    name: str
    breaks_on: frozenset[Relation]
    lenient: Level


READERS = (
    # New code meeting a value that its authors removed, in data stored before: worth a look.
    Reader("read-old", frozenset({Relation.NARROWED, Relation.INCOMPATIBLE}), Level.WARNING),
    # Old code meeting a value from the future: what an open enum is for.
    Reader("read-new", frozenset({Relation.WIDENED, Relation.INCOMPATIBLE}), Level.INFO),
)
PYTHON = "python"
SURFACES = (*(reader.name for reader in READERS), PYTHON)
API_LEVELS = {Api.COMPATIBLE: Level.OK, Api.RETYPED: Level.WARNING, Api.BROKEN: Level.ERROR}

Verdicts = dict[str, Level]  # surface -> level


def verdicts(finding: Finding, overrides: Mapping[str, Level]) -> Verdicts:
    """Each surface's level: derived from the effect, one step lower when what was removed was
    already deprecated, and then the level a per-rule override sets, on each surface it affects."""
    effect = finding.effect
    found = {reader.name: _read(reader, finding) for reader in READERS}
    found[PYTHON] = max(API_LEVELS[effect.api], Level.INFO if effect.notice else Level.OK)
    if finding.was_deprecated:
        found = {surface: Level(max(level - 1, Level.OK)) for surface, level in found.items()}
    if finding.rule in overrides:
        found = {surface: overrides[finding.rule] if level else level for surface, level in found.items()}
    return found


def _read(reader: Reader, finding: Finding) -> Level:
    effect = finding.effect
    if effect.payloads in reader.breaks_on:
        return reader.lenient if effect.lenient else Level.ERROR
    return Level.INFO if effect.notice else Level.OK


def worst(found: Verdicts, surfaces: tuple[str, ...]) -> Level:
    return max((found[surface] for surface in surfaces), default=Level.OK)


def fingerprint(finding: Finding) -> str:
    """A digest of what changed and where, not of how a message words it."""
    parts = (finding.rule, finding.declaration, finding.field, finding.old, finding.new)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
