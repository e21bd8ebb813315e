"""Two versions of the resolved IR -> every change between them, once each, at its declaration or
field, with its effect on payloads and on the Python API. Descriptions and examples never count.

Declarations match by qualified name; fields by wire name, then by Python name; enum values by
value; union variants by type. A removed and an added field of one model with the same type,
required-ness and a similar name are one `field-renamed`, marked as a guess.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .. import ir
from ..diagnostics import Span
from ..examples import field_type
from ..render import python_literal
from .findings import Api, Effect, Finding
from .types import Relation, contains, relation, spelled

SAME, WIDENED, NARROWED, INCOMPATIBLE = Relation.SAME, Relation.WIDENED, Relation.NARROWED, Relation.INCOMPATIBLE
COMPATIBLE, RETYPED, BROKEN = Api.COMPATIBLE, Api.RETYPED, Api.BROKEN
DEPRECATED = Effect(SAME, COMPATIBLE, notice=True)
KINDS = {ir.Model: "model", ir.Enum: "enum", ir.UnionType: "union"}
TYPE_RULES = {
    SAME: "python-type-changed",
    WIDENED: "type-widened",
    NARROWED: "type-narrowed",
    INCOMPATIBLE: "type-changed",
}
SIMILAR_NAMES = 0.6  # difflib's ratio from which a removed and an added field may be one renamed


def compare(old: Sequence[ir.Declaration], new: Sequence[ir.Declaration]) -> list[Finding]:
    before = {ir.qualified_name(d): d for d in old}
    after = {ir.qualified_name(d): d for d in new}
    found: list[Finding] = []
    for name in sorted(before.keys() | after.keys()):
        was, now = before.get(name), after.get(name)
        if was is None and now is not None:
            found.append(
                _Place(name, None).found("declaration-added", Effect(SAME, COMPATIBLE), now.span, new=_kind(now))
            )
        elif now is None and was is not None:
            effect = Effect(SAME, BROKEN)
            found.append(
                _Place(name, None).removed("declaration-removed", effect, was.span, was.deprecated, _kind(was))
            )
        elif was is not None and now is not None:
            found.extend(_declaration(_Place(name, now.span), was, now))
    return found


@dataclass(frozen=True)
class _Place:
    """Makes the findings of one declaration."""

    declaration: str
    heading: Span | None  # its heading in the new specs, if it is still there

    def found(self, rule: str, effect: Effect, span: Span, part: str = "", old: str = "", new: str = "") -> Finding:
        return Finding(rule, self.declaration, part, old, new, effect, span, anchors=self._anchors(span))

    def removed(self, rule: str, effect: Effect, span: Span, deprecated: bool, old: str, part: str = "") -> Finding:
        return Finding(
            rule, self.declaration, part, old, "", effect, span, True, False, deprecated, self._anchors(span)
        )

    def _anchors(self, span: Span) -> tuple[Span, ...]:
        return (self.heading,) if self.heading is not None and self.heading != span else ()


def _kind(declaration: ir.Declaration) -> str:
    return KINDS[type(declaration)]


def _declaration(place: _Place, old: ir.Declaration, new: ir.Declaration) -> list[Finding]:
    span = new.span
    if type(old) is not type(new):
        return [place.found("kind-changed", Effect(INCOMPATIBLE, BROKEN), span, "", _kind(old), _kind(new))]
    found = []
    if old.export_name != new.export_name:
        found.append(
            place.found("python-name-changed", Effect(SAME, BROKEN), span, "", old.export_name, new.export_name)
        )
    if new.deprecated and not old.deprecated:
        found.append(place.found("deprecated", DEPRECATED, span, new="deprecated"))
    if isinstance(old, ir.Model) and isinstance(new, ir.Model):
        found += _model(place, old, new)
    elif isinstance(old, ir.Enum) and isinstance(new, ir.Enum):
        found += _enum(place, old, new)
    elif isinstance(old, ir.UnionType) and isinstance(new, ir.UnionType):
        found += _union(place, old, new)
    return found


def _model(place: _Place, old: ir.Model, new: ir.Model) -> list[Finding]:
    pairs, removed, added = _matched(old.fields, new.fields)
    renamed = _renamed(removed, added)
    found = [finding for was, now in pairs for finding in _field(place, was, now)]
    for was, now in renamed:
        effect = Effect(INCOMPATIBLE, BROKEN)
        finding = place.found("field-renamed", effect, now.span, was.name, was.name, now.name)
        found.append(Finding(**{**vars(finding), "heuristic": True}))
    for was in (f for f in removed if f not in dict(renamed)):
        effect = Effect(WIDENED if was.required else SAME, BROKEN)
        found.append(place.removed("field-removed", effect, was.span, was.deprecated, _typed(was), was.name))
    for now in (f for f in added if f not in {n for _, n in renamed}):
        effect = Effect(NARROWED, BROKEN) if now.required else Effect(SAME, COMPATIBLE)
        found.append(place.found("field-added", effect, now.span, now.name, new=_typed(now)))
    return found + _additional(place, old.additional, new.additional)


def _matched(
    old: Sequence[ir.Field], new: Sequence[ir.Field]
) -> tuple[list[tuple[ir.Field, ir.Field]], list[ir.Field], list[ir.Field]]:
    """Pairs of the same field (by wire name, then by Python name), then the removed and the added."""
    unmatched = {f.wire_name: f for f in new}
    pairs, left = [], []
    for field in old:
        if field.wire_name in unmatched:
            pairs.append((field, unmatched.pop(field.wire_name)))
        else:
            left.append(field)
    by_python = {f.python_name: f for f in unmatched.values()}
    removed = []
    for field in left:
        if field.python_name in by_python:
            pairs.append((field, by_python.pop(field.python_name)))
        else:
            removed.append(field)
    return pairs, removed, list(by_python.values())


def _renamed(removed: list[ir.Field], added: list[ir.Field]) -> list[tuple[ir.Field, ir.Field]]:
    """Removed and added fields alike in all but a similar name, each paired with its likeliest."""
    pairs, candidates = [], list(added)
    for was in removed:
        alike = [f for f in candidates if f.required == was.required and _typed(f) == _typed(was)]
        scored = [(difflib.SequenceMatcher(None, was.name, f.name).ratio(), f) for f in alike]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= SIMILAR_NAMES:
            pairs.append((was, best[1]))
            candidates.remove(best[1])
    return pairs


def _typed(field: ir.Field) -> str:
    return spelled(field_type(field))


def _field(place: _Place, old: ir.Field, new: ir.Field) -> list[Finding]:
    at, name = new.span, new.name
    found = []
    if old.wire_name != new.wire_name:
        found.append(
            place.found("wire-name-changed", Effect(INCOMPATIBLE, COMPATIBLE), at, name, old.wire_name, new.wire_name)
        )
    if old.python_name != new.python_name:
        found.append(
            place.found("python-name-changed", Effect(SAME, BROKEN), at, name, old.python_name, new.python_name)
        )
    if old.required != new.required:
        rule, effect = (
            ("became-required", Effect(NARROWED, BROKEN))
            if new.required
            else ("became-optional", Effect(WIDENED, RETYPED))
        )
        found.append(place.found(rule, effect, at, name, _requirement(old), _requirement(new)))
    if old.nullable != new.nullable:
        rule, payloads = ("became-nullable", WIDENED) if new.nullable else ("no-longer-nullable", NARROWED)
        found.append(place.found(rule, Effect(payloads, RETYPED), at, name, _typed(old), _typed(new)))
    found += _retyped(place, name, old.type, new.type, at)
    if new.deprecated and not old.deprecated:
        found.append(place.found("deprecated", DEPRECATED, at, name, new="deprecated"))
    return found


def _requirement(field: ir.Field) -> str:
    return "required" if field.required else "optional"


def _retyped(place: _Place, part: str, old: ir.TypeRef, new: ir.TypeRef, span: Span) -> list[Finding]:
    """A change of type: judged by the values each accepts, and by its Python spelling when they
    accept the same values (float and Decimal)."""
    before, after = spelled(old), spelled(new)
    if before == after:
        return []
    payloads = relation(old, new)
    effect = Effect(payloads, BROKEN if payloads is INCOMPATIBLE else RETYPED)
    return [place.found(TYPE_RULES[payloads], effect, span, part, before, after)]


def _additional(place: _Place, old: ir.Field | None, new: ir.Field | None) -> list[Finding]:
    """A model's additional properties: the values of the keys it does not declare."""
    if old is not None and new is not None:
        return _retyped(place, new.name, old.type, new.type, new.span)
    if new is not None:
        return [
            place.found(
                "additional-properties-added", Effect(NARROWED, COMPATIBLE), new.span, new.name, new=_typed(new)
            )
        ]
    if old is not None:
        return [
            place.removed(
                "additional-properties-removed",
                Effect(WIDENED, BROKEN),
                old.span,
                old.deprecated,
                _typed(old),
                old.name,
            )
        ]
    return []


def _enum(place: _Place, old: ir.Enum, new: ir.Enum) -> list[Finding]:
    found = []
    if old.open != new.open:
        rule, payloads = ("enum-opened", WIDENED) if new.open else ("enum-closed", NARROWED)
        found.append(place.found(rule, Effect(payloads, RETYPED), new.span, "", _openness(old), _openness(new)))
    before = {_value_key(m): m for m in old.members}
    after = {_value_key(m): m for m in new.members}
    for key, was in before.items():
        now = after.get(key)
        value = python_literal(was.value)
        if now is None:
            effect = Effect(NARROWED, BROKEN, lenient=new.open)  # the new code reads the old value
            found.append(place.removed("enum-value-removed", effect, was.span, False, value))
        elif was.python_name != now.python_name:
            effect = Effect(SAME, BROKEN)
            found.append(place.found("python-name-changed", effect, now.span, value, was.python_name, now.python_name))
    for key, now in after.items():
        if key not in before:
            effect = Effect(WIDENED, COMPATIBLE, lenient=old.open)  # the old code reads the new value
            found.append(place.found("enum-value-added", effect, now.span, new=python_literal(now.value)))
    return found


def _value_key(member: ir.EnumMember) -> tuple[str, ir.LiteralValue]:
    return (type(member.value).__name__, member.value)


def _openness(enum: ir.Enum) -> str:
    return "open" if enum.open else "closed"


def _union(place: _Place, old: ir.UnionType, new: ir.UnionType) -> list[Finding]:
    before, after = _variants(old), _variants(new)
    found = []
    for text, (variant, span, _) in before.items():
        if text not in after:
            payloads = SAME if contains(ir.UnionOf(new.variants), variant) else NARROWED
            found.append(place.removed("union-variant-removed", Effect(payloads, RETYPED), span, False, text))
    for text, (variant, span, _) in after.items():
        if text not in before:
            payloads = SAME if contains(ir.UnionOf(old.variants), variant) else WIDENED
            found.append(place.found("union-variant-added", Effect(payloads, RETYPED), span, new=text))
    tagging = Effect(INCOMPATIBLE, RETYPED)
    if old.discriminator != new.discriminator:
        found.append(place.found("discriminator-changed", tagging, new.span, "", old.discriminator, new.discriminator))
        return found
    for text, (_, span, tag) in after.items():
        if text in before and before[text][2] != tag:
            found.append(place.found("tag-changed", tagging, span, text, _tag(before[text][2]), _tag(tag)))
    return found


def _variants(union: ir.UnionType) -> dict[str, tuple[ir.TypeRef, Span, ir.LiteralValue | None]]:
    """Each variant by its spelling: the variant, where it is written, and its tag."""
    spans = union.variant_spans or (union.span,) * len(union.variants)
    tags = union.tags or (None,) * len(union.variants)
    return {spelled(v): (v, span, tag) for v, span, tag in zip(union.variants, spans, tags, strict=True)}


def _tag(tag: ir.LiteralValue | None) -> str:
    return "" if tag is None else python_literal(tag)
