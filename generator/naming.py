"""Python names for spec names: identifiers that are safe, readable and unique."""

from __future__ import annotations

import keyword
import re

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


def class_name(name: str, reserved: frozenset[str]) -> str:
    """A class name that shadows none of the names generated modules use (`reserved`)."""
    text = identifier(name)
    return text + "_" if text in reserved else text


def export_name(name: str, reserved: frozenset[str]) -> str:
    """The name a package exports a declaration under: its spec name as an identifier, even where
    its class takes another (`Any_`), unless the package's `__init__` uses that name (`reserved`)."""
    text = identifier(name)
    return text + "_" if text in reserved else text


def field_name(name: str, class_names: frozenset[str], reserved: frozenset[str]) -> str:
    """A field may not shadow a name its class body reads or every model has (`reserved`), nor a
    class its annotations name."""
    text = identifier(name)
    return text + "_" if text in reserved or text in class_names else text


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


# Where a word starts: after a lower-case letter or digit, and at the end of an acronym, which a
# lone plural `s` does not end (`URLs`, `IDs`).
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z](?!s(?:[^a-z]|$))[a-z])")


def snake_case(name: str) -> str:
    """`photoUrls` -> `photo_urls`, `ExternalID` -> `external_id`, `HTTPStatus` -> `http_status`;
    a name already in snake_case is as it was."""
    return _WORD_START.sub("_", name).lower()


def camel_case(name: str) -> str:
    """`finish_reason` -> `finishReason`; leading and trailing underscores stay."""
    core = name.strip("_")
    head, *rest = core.split("_") if core else [""]
    camel = head + "".join(part[:1].upper() + part[1:] for part in rest)
    return name[: len(name) - len(name.lstrip("_"))] + camel + name[len(name.rstrip("_")) :]
