"""Python names for spec names: identifiers that are safe, readable and unique."""

from __future__ import annotations

import keyword
import re

# Names that generated annotations use; neither a class nor a field may shadow them.
ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "datetime", "decimal", "Any", "Literal"}
)
# What the lazy package __init__ binds, calls or annotates with.
INIT_NAMES = frozenset(
    {"annotations", "importlib", "TYPE_CHECKING", "_MODULES", "_CLASS_NAMES", "getattr", "globals", "sorted"}
    | {"AttributeError", "str", "object", "list"}
)
# Names the generated modules and tests bind; a declaration may not take them.
RESERVED_CLASS_NAMES = (
    ANNOTATION_NAMES
    | INIT_NAMES
    | {
        "dataclass",
        "dataclasses",
        "rt",
        "TypeAlias",
        "Enum",
        "ClassVar",
        "Annotated",
        "EXAMPLE",
        "load_example",
        "ModelContract",
        "ExampleContract",
        "EnumContract",
        "UnionContract",
        "UNSET",
        "Unset",
    }
)
# What every generated model already has (see _runtime.Model).
# (a field is a name in the class body, where the annotations after it are resolved)
RESERVED_FIELD_NAMES = ANNOTATION_NAMES | {
    "rt",
    "UNSET",
    "Unset",
    "ClassVar",
    "Annotated",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
    "decode",
    "constant",
    "unknown_fields",
    "_unknown",
    "_known",
    "_decoders",
    "_encoders",
    "_json_keys",
    "_prepare",
    "_additional_properties",
    "_extra",
    "dataclasses",
}
# What every Enum already has.
RESERVED_MEMBER_NAMES = frozenset({"name", "value", "mro"})
RESERVED_FILE_NAMES = frozenset({"_runtime", "docs", "tests"})


NOT_IDENTIFIER = re.compile(r"\W", re.ASCII)  # compiled once: identifier() runs for every name


def identifier(name: str) -> str:
    """`foo-bar` -> `foo_bar`, `2fa` -> `_2fa`, `class` -> `class_`."""
    text = NOT_IDENTIFIER.sub("_", name) or "_"
    if text.startswith("__"):  # Python would mangle it inside a class
        text = text.lstrip("_") + "_"
    if text[0].isdigit():
        text = "_" + text
    if keyword.iskeyword(text):  # soft keywords (match, type) are fine as names
        text += "_"
    return text


def class_name(name: str) -> str:
    text = identifier(name)
    return text + "_" if text in RESERVED_CLASS_NAMES else text


def export_name(name: str, python_name: str) -> str:
    """The name a package exports a declaration under: its spec name as an identifier, although
    its class takes another (`Any_`) where its module needs the name; only the names the package
    itself uses are not given back."""
    text = identifier(name)
    return python_name if text in INIT_NAMES else text


def field_name(name: str, class_names: frozenset[str]) -> str:
    """A field may not shadow a name its class's annotations use, nor a model method."""
    text = identifier(name)
    return text + "_" if text in RESERVED_FIELD_NAMES or text in class_names else text


def module_name(stem: str) -> str:
    text = identifier(stem.lower())
    return text + "_" if text in RESERVED_FILE_NAMES else text


def member_name(value: str) -> str:
    """An enum member name derived from its value: `json_object` -> `JSON_OBJECT`."""
    text = identifier(re.sub(r"[^0-9A-Za-z]+", "_", str(value)).strip("_").upper() or "VALUE")
    text = text if not text.startswith("_") else "V" + text
    return text + "_" if text in RESERVED_MEMBER_NAMES else text


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`, ... : the first that is not taken."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def camel_case(name: str) -> str:
    """`finish_reason` -> `finishReason`; leading and trailing underscores stay."""
    core = name.strip("_")
    head, *rest = core.split("_") if core else [""]
    camel = head + "".join(part[:1].upper() + part[1:] for part in rest)
    return name[: len(name) - len(name.lstrip("_"))] + camel + name[len(name.rstrip("_")) :]
