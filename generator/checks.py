"""What each declaration's generated test module checks, as plain data for templates/tests/.

Every check concerns its own spec: the example and what the spec says about each field, each enum
value, each union variant and tag. The values are chosen here so that each test can fail for a
reason that concerns the spec, and only for that reason: a wrong value is one the field's type
refuses at the field itself, an unknown key is one the model does not declare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from . import examples, ir
from .config import Options
from .primitives import PRIMITIVE_TYPES

Index = Mapping[str, ir.Declaration]
Samples = Mapping[str, ir.Example | None]  # each declaration's test payload, by qualified name

# Wrong JSON values to try, in order: the first that a field's type refuses is its wrong value.
WRONG_VALUES: tuple[ir.JsonValue, ...] = ("text", 0, True, [])
UNKNOWN_KEY = "not_in_the_spec"


@dataclass(frozen=True)
class Instance:
    """A decoded field holds an instance of `kind`: itself ("one"), each item of its list ("each")
    or each value of its dict ("values"). `kind` is a declaration's qualified name, or a
    primitive's name."""

    attribute: str
    shape: str
    kind: str
    declared: bool  # whether `kind` names a declaration (else a primitive)


@dataclass(frozen=True)
class ModelChecks:
    example: dict[str, ir.JsonValue]  # the test payload, by JSON key
    placeholders: dict[str, str]  # JSON key -> the spec's unusable example, or "" when it gives none
    required: tuple[str, ...]  # JSON keys
    takes_null: tuple[str, ...]  # JSON keys whose value may be null
    refuses_null: tuple[str, ...]
    wrong: tuple[tuple[str, ir.JsonValue], ...]  # (JSON key, a value its type refuses there)
    instances: tuple[Instance, ...]
    unknown_key: str  # a key the model does not declare
    additional_value: ir.JsonValue | None  # a value its additional properties take, if it has them
    additional_wrong: ir.JsonValue | None  # a value they refuse, if it has them


@dataclass(frozen=True)
class Variant:
    """A union variant and a value that decodes to it through the union: a model's example, which
    its own test module holds, or a placeholder of an enum or a builtin type."""

    target: str  # the model's or enum's qualified name, or "" for a builtin type
    builtin: str  # the builtin type (`str`, `list`), or ""
    value: ir.JsonValue  # the value, unless it is the model's example
    tag: ir.LiteralValue | None = None  # its discriminator value

    @property
    def from_tests(self) -> bool:
        """Whether the value is the `EXAMPLE` of the model's test module."""
        return bool(self.target) and self.value is None


@dataclass(frozen=True)
class UnionChecks:
    variants: tuple[Variant, ...]
    unknown_tag: str  # a tag no variant has, if the union has a discriminator
    refused: ir.JsonValue | None  # a value no variant takes, which is refused as a whole
    refuses_empty: bool  # an empty object is refused: with a discriminator, it lacks the tag
    # The module whose names the alias holds in quotes, which decoding looks up; "" for none.
    namespace: str = ""


@dataclass(frozen=True)
class EnumChecks:
    unknown_value: ir.LiteralValue  # a value of the members' JSON type that no member has


Checks = ModelChecks | UnionChecks | EnumChecks | None


def checks_for(declaration: ir.Declaration, samples: Samples, index: Index, options: Options) -> Checks:
    if isinstance(declaration, ir.Enum):
        return _enum_checks(declaration)
    if isinstance(declaration, ir.UnionType):
        return _union_checks(declaration, samples, index)
    sample = samples[ir.qualified_name(declaration)]
    if sample is None or not isinstance(sample.value, dict):
        return None
    return _model_checks(declaration, sample.value, index, options)


def classes_named(checks: Checks) -> list[str]:
    """The declarations a test module names besides its own: for instance checks and variants."""
    if isinstance(checks, ModelChecks):
        return [i.kind for i in checks.instances if i.declared]
    if isinstance(checks, UnionChecks):
        return [v.target for v in checks.variants if v.target]
    return []


def _model_checks(model: ir.Model, example: dict[str, ir.JsonValue], index: Index, options: Options) -> ModelChecks:
    types = {f.wire_name: examples.field_type(f) for f in model.fields}
    takes_null = tuple(key for key, kind in types.items() if examples.fits(None, kind, index))
    refuses_null = tuple(
        f.wire_name
        for f in model.fields
        if f.wire_name not in takes_null and (f.required or not options.null_as_absent)
    )
    wrong = [(key, _wrong_value(kind, index)) for key, kind in types.items()]
    taken = {f.wire_name for f in model.fields}
    unknown = next(UNKNOWN_KEY + "_" * n for n in range(len(taken) + 1) if UNKNOWN_KEY + "_" * n not in taken)
    extra = examples.placeholder(model.additional.type, index) if model.additional else None
    extra_wrong = _wrong_value(model.additional.type, index) if model.additional else None
    return ModelChecks(
        example=example,
        placeholders={f.wire_name: f.example_text or "" for f in model.fields if f.required and f.example is None},
        required=tuple(f.wire_name for f in model.fields if f.required),
        takes_null=takes_null,
        refuses_null=refuses_null,
        wrong=tuple((key, value) for key, value in wrong if value is not None),
        instances=tuple(
            found
            for f in model.fields
            if f.wire_name in example
            and (found := _instance(f.python_name, f.type, example[f.wire_name], index)) is not None
        ),
        unknown_key=unknown,
        additional_value=extra.value if extra else None,
        additional_wrong=extra_wrong,
    )


def _wrong_value(kind: ir.TypeRef, index: Index) -> ir.JsonValue | None:
    """A JSON value that the type refuses where it stands: a scalar or an empty list, which no
    decoder descends into. None when the type takes them all (Any)."""
    return next((value for value in WRONG_VALUES if not examples.fits(value, kind, index)), None)


def _instance(attribute: str, kind: ir.TypeRef, value: ir.JsonValue, index: Index) -> Instance | None:
    """What class the decoded value of a field must be, when its type says so plainly: a model,
    a closed enum's or a known open enum's member, a date, or a list or dict of models."""
    if value is None:
        return None
    if isinstance(kind, ir.Nullable):
        kind = kind.inner
    shape = "one"
    if isinstance(kind, ir.ListOf | ir.DictOf) and value:
        shape = "each" if isinstance(kind, ir.ListOf) else "values"
        kind = kind.item if isinstance(kind, ir.ListOf) else kind.value
        if not isinstance(kind, ir.Ref) or not isinstance(index.get(kind.target), ir.Model):
            return None
    if isinstance(kind, ir.Primitive) and PRIMITIVE_TYPES[kind.name].module and shape == "one":
        return Instance(attribute, shape, kind.name, declared=False)
    if not isinstance(kind, ir.Ref):
        return None
    target = index.get(kind.target)
    if isinstance(target, ir.Model) or (isinstance(target, ir.Enum) and _is_member(target, value)):
        return Instance(attribute, shape, kind.target, declared=True)
    return None


def _union_checks(union: ir.UnionType, samples: Samples, index: Index) -> UnionChecks:
    """A variant is decoded through the union only where no earlier variant would take its value:
    the runtime tries them in order. A discriminated union's test decodes its models by their tags."""
    variants: list[Variant] = []
    for position, variant in enumerate(union.variants):
        found = _variant(variant, samples, index)
        if found is None or (union.discriminator and not found.from_tests):
            continue
        if union.discriminator:
            variants.append(replace(found, tag=union.tags[position]))
        elif not any(examples.fits(_value(found, samples), e, index) for e in union.variants[:position]):
            variants.append(found)
    tags = {str(tag) for tag in union.tags}
    unknown = next(name for name in ("no such tag", "no such tag_") if name not in tags)
    refused = _wrong_value(ir.UnionOf(union.variants), index)
    refuses_empty = not examples.fits({}, ir.UnionOf(union.variants), index)
    return UnionChecks(tuple(variants), unknown if union.discriminator else "", refused, refuses_empty)


def _is_member(enum: ir.Enum, value: ir.JsonValue) -> bool:
    return any(type(m.value) is type(value) and m.value == value for m in enum.members)


SCALARS = ("str", "int", "float", "bool")  # the primitives whose placeholder decodes to their own type


def _variant(variant: ir.TypeRef, samples: Samples, index: Index) -> Variant | None:
    if isinstance(variant, ir.Primitive) and variant.name in SCALARS:
        primitive = PRIMITIVE_TYPES[variant.name]
        return Variant("", primitive.annotation, primitive.placeholder)
    if isinstance(variant, ir.ListOf | ir.DictOf):
        return Variant("", "list", []) if isinstance(variant, ir.ListOf) else Variant("", "dict", {})
    target = index.get(variant.target) if isinstance(variant, ir.Ref) else None
    if isinstance(target, ir.Enum) and target.members:
        return Variant(ir.qualified_name(target), "", target.members[0].value)
    if isinstance(target, ir.Model) and samples[ir.qualified_name(target)] is not None:
        return Variant(ir.qualified_name(target), "", None)
    return None


def _value(variant: Variant, samples: Samples) -> ir.JsonValue:
    if not variant.from_tests:
        return variant.value
    found = samples[variant.target]
    return found.value if found is not None else None


def _enum_checks(enum: ir.Enum) -> EnumChecks:
    values = {m.value for m in enum.members}
    if any(isinstance(value, int) and not isinstance(value, bool) for value in values):
        numbers = [value for value in values if isinstance(value, int)]
        return EnumChecks(max(numbers) + 1)
    return EnumChecks(next(name for name in ("no such value", "no such value_") if name not in values))
