"""Two versions of the resolved IR -> every change between them, once each, at its declaration or
field, with its effect on payloads and on the Python API. Descriptions and examples never count.

Declarations match by qualified name; fields by wire name, then by Python name; enum values by
value; union variants by type. A removed and an added field of one model with the same type,
required-ness and a similar name are one `field-renamed`, marked as a guess.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

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
        changes = _Changes(name, now.span if now is not None else None)
        if was is None and now is not None:
            changes.add("declaration-added", Effect(SAME, COMPATIBLE), now.span, new=_kind(now))
        elif now is None and was is not None:
            changes.removed("declaration-removed", Effect(SAME, BROKEN), was.span, "", _kind(was), was.deprecated)
        elif was is not None and now is not None:
            _declaration(changes, was, now)
        found += changes.found
    return found


class _Changes:
    """The findings of one declaration, as they are found."""

    def __init__(self, declaration: str, heading: Span | None) -> None:
        self.declaration = declaration
        self.heading = heading  # in the new specs, if it is still there
        self.found: list[Finding] = []

    def add(
        self, rule: str, effect: Effect, span: Span, part: str = "", old: str = "", new: str = "", **marks: bool
    ) -> None:
        """A finding at `span`; `marks` are Finding's flags (in_old, heuristic, was_deprecated)."""
        anchors = (self.heading,) if self.heading is not None and self.heading != span else ()
        self.found.append(Finding(rule, self.declaration, part, old, new, effect, span, anchors=anchors, **marks))

    def removed(self, rule: str, effect: Effect, span: Span, part: str, old: str, deprecated: bool = False) -> None:
        """A removal, shown where it was in the old specs."""
        self.add(rule, effect, span, part, old, in_old=True, was_deprecated=deprecated)


def _kind(declaration: ir.Declaration) -> str:
    return KINDS[type(declaration)]


def _declaration(changes: _Changes, old: ir.Declaration, new: ir.Declaration) -> None:
    span = new.span
    if type(old) is not type(new):
        changes.add("kind-changed", Effect(INCOMPATIBLE, BROKEN), span, "", _kind(old), _kind(new))
        return
    if old.export_name != new.export_name:
        changes.add("python-name-changed", Effect(SAME, BROKEN), span, "", old.export_name, new.export_name)
    if new.deprecated and not old.deprecated:
        changes.add("deprecated", DEPRECATED, span)
    if isinstance(old, ir.Model) and isinstance(new, ir.Model):
        _model(changes, old, new)
    elif isinstance(old, ir.Enum) and isinstance(new, ir.Enum):
        _enum(changes, old, new)
    elif isinstance(old, ir.UnionType) and isinstance(new, ir.UnionType):
        _union(changes, old, new)


def _model(changes: _Changes, old: ir.Model, new: ir.Model) -> None:
    pairs, removed, added = _matched(old.fields, new.fields)
    renamed = _renamed(removed, added)
    for was, now in pairs:
        _field(changes, was, now)
    for was, now in renamed:
        changes.add(
            "field-renamed", Effect(INCOMPATIBLE, BROKEN), now.span, was.name, was.name, now.name, heuristic=True
        )
    for was in (f for f in removed if f not in dict(renamed)):
        effect = Effect(WIDENED if was.required else SAME, BROKEN)
        changes.removed("field-removed", effect, was.span, was.name, _typed(was), was.deprecated)
    for now in (f for f in added if f not in dict(renamed).values()):
        effect = Effect(NARROWED, BROKEN) if now.required else Effect(SAME, COMPATIBLE)
        changes.add("field-added", effect, now.span, now.name, new=_typed(now))
    _additional(changes, old.additional, new.additional)


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


def _field(changes: _Changes, old: ir.Field, new: ir.Field) -> None:
    at, name = new.span, new.name
    if old.wire_name != new.wire_name:
        changes.add("wire-name-changed", Effect(INCOMPATIBLE, COMPATIBLE), at, name, old.wire_name, new.wire_name)
    if old.python_name != new.python_name:
        changes.add("python-name-changed", Effect(SAME, BROKEN), at, name, old.python_name, new.python_name)
    if old.required != new.required:
        required = ("became-required", Effect(NARROWED, BROKEN))
        rule, effect = required if new.required else ("became-optional", Effect(WIDENED, RETYPED))
        changes.add(rule, effect, at, name, _requirement(old), _requirement(new))
    if old.nullable != new.nullable:
        rule, payloads = ("became-nullable", WIDENED) if new.nullable else ("no-longer-nullable", NARROWED)
        changes.add(rule, Effect(payloads, RETYPED), at, name, _typed(old), _typed(new))
    _retyped(changes, name, old.type, new.type, at)
    if new.deprecated and not old.deprecated:
        changes.add("deprecated", DEPRECATED, at, name)


def _requirement(field: ir.Field) -> str:
    return "required" if field.required else "optional"


def _retyped(changes: _Changes, part: str, old: ir.TypeRef, new: ir.TypeRef, span: Span) -> None:
    """A change of type: judged by the values each accepts, and by its Python spelling when they
    accept the same values (float and Decimal)."""
    before, after = spelled(old), spelled(new)
    if before != after:
        payloads = relation(old, new)
        effect = Effect(payloads, BROKEN if payloads is INCOMPATIBLE else RETYPED)
        changes.add(TYPE_RULES[payloads], effect, span, part, before, after)


def _additional(changes: _Changes, old: ir.Field | None, new: ir.Field | None) -> None:
    """A model's additional properties: the values of the keys it does not declare."""
    if old is not None and new is not None:
        _retyped(changes, new.name, old.type, new.type, new.span)
    elif new is not None:
        changes.add("additional-properties-added", Effect(NARROWED, COMPATIBLE), new.span, new.name, new=_typed(new))
    elif old is not None:
        effect = Effect(WIDENED, BROKEN)
        changes.removed("additional-properties-removed", effect, old.span, old.name, _typed(old), old.deprecated)


def _enum(changes: _Changes, old: ir.Enum, new: ir.Enum) -> None:
    if old.open != new.open:
        rule, payloads = ("enum-opened", WIDENED) if new.open else ("enum-closed", NARROWED)
        changes.add(rule, Effect(payloads, RETYPED), new.span, "", _openness(old), _openness(new))
    before = {_value_key(m): m for m in old.members}
    after = {_value_key(m): m for m in new.members}
    for key, was in before.items():
        now, value = after.get(key), python_literal(was.value)
        if now is None:  # the new code meets the value in old payloads
            changes.removed("enum-value-removed", Effect(NARROWED, BROKEN, lenient=new.open), was.span, "", value)
        elif was.python_name != now.python_name:
            changes.add("python-name-changed", Effect(SAME, BROKEN), now.span, value, was.python_name, now.python_name)
    for key, now in after.items():
        if key not in before:  # the old code meets the value in new payloads
            effect = Effect(WIDENED, COMPATIBLE, lenient=old.open)
            changes.add("enum-value-added", effect, now.span, new=python_literal(now.value))


def _value_key(member: ir.EnumMember) -> tuple[str, ir.LiteralValue]:
    return (type(member.value).__name__, member.value)


def _openness(enum: ir.Enum) -> str:
    return "open" if enum.open else "closed"


def _union(changes: _Changes, old: ir.UnionType, new: ir.UnionType) -> None:
    """Variants match by their type; one that the other side's variants cover changes no payload."""
    before, after = _variants(old), _variants(new)
    for text, (variant, span, _) in before.items():
        if text not in after:
            payloads = SAME if contains(ir.UnionOf(new.variants), variant) else NARROWED
            changes.removed("union-variant-removed", Effect(payloads, RETYPED), span, "", text)
    for text, (variant, span, _) in after.items():
        if text not in before:
            payloads = SAME if contains(ir.UnionOf(old.variants), variant) else WIDENED
            changes.add("union-variant-added", Effect(payloads, RETYPED), span, new=text)
    dispatch = Effect(INCOMPATIBLE, RETYPED)
    if old.discriminator != new.discriminator:
        changes.add("discriminator-changed", dispatch, new.span, "", old.discriminator, new.discriminator)
        return
    for text, (_, span, tag) in after.items():
        if text in before and before[text][2] != tag:
            changes.add("tag-changed", dispatch, span, text, _tag(before[text][2]), _tag(tag))


def _variants(union: ir.UnionType) -> dict[str, tuple[ir.TypeRef, Span, ir.LiteralValue | None]]:
    """Each variant by its spelling: the variant, where it is written, and its tag."""
    spans = union.variant_spans or (union.span,) * len(union.variants)
    tags = union.tags or (None,) * len(union.variants)
    return {spelled(v): (v, span, tag) for v, span, tag in zip(union.variants, spans, tags, strict=True)}


def _tag(tag: ir.LiteralValue | None) -> str:
    return "" if tag is None else python_literal(tag)
