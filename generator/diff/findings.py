"""What a comparison finds: each change, where it is, and its effect, from which severity.py
derives how much it matters to each reader."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..diagnostics import Span
from .types import Relation

# Every kind of change, and how a report words it.
RULES = {
    "declaration-added": "declaration added",
    "declaration-removed": "declaration removed",
    "kind-changed": "kind changed",
    "field-added": "field added",
    "field-removed": "field removed",
    "field-renamed": "field renamed",
    "became-required": "field became required",
    "became-optional": "field became optional",
    "became-nullable": "field became nullable",
    "no-longer-nullable": "field no longer nullable",
    "type-widened": "type widened",
    "type-narrowed": "type narrowed",
    "type-changed": "type changed",
    "python-type-changed": "Python type changed, the same JSON values",
    "additional-properties-added": "additional properties added",
    "additional-properties-removed": "additional properties removed",
    "enum-value-added": "enum value added",
    "enum-value-removed": "enum value removed",
    "enum-opened": "enum became open",
    "enum-closed": "enum became closed",
    "union-variant-added": "union variant added",
    "union-variant-removed": "union variant removed",
    "discriminator-changed": "discriminator changed",
    "tag-changed": "discriminator tag changed",
    "wire-name-changed": "JSON key changed",
    "python-name-changed": "Python name changed",
    "deprecated": "deprecated",
}


class Api(enum.Enum):
    """What a change does to code written against the package generated from the old specs."""

    COMPATIBLE = "compatible"  # it runs and type-checks as before
    RETYPED = "retyped"  # it runs, but a type checker may flag some uses
    BROKEN = "broken"  # some uses fail when run: a name is gone, or an argument is now required


@dataclass(frozen=True)
class Effect:
    payloads: Relation  # the payloads the new specs accept, against the old ones'
    api: Api
    # The reader that the change breaks is an open enum, which keeps values it does not know.
    lenient: bool = False
    # Breaks nothing, but every reader should hear of it (a deprecation).
    notice: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str  # the kind of change, e.g. `field-removed`
    declaration: str  # the qualified name of the declaration it is in
    field: str  # the field (as the spec names it), enum value or variant it is about; "" for the declaration
    old: str  # the old value, spelled; "" when there was none
    new: str
    effect: Effect
    span: Span  # where it shows: in the new specs, or in the old ones for a removal
    in_old: bool = False  # whether `span` is in the old specs
    heuristic: bool = False  # a guess (a removed and an added field read as one renamed field)
    was_deprecated: bool = False  # what was removed was already deprecated
    # Further places where an inline allow may stand: the declaration's heading in the new specs.
    anchors: tuple[Span, ...] = ()
