"""Python names for spec names: identifiers that are safe, readable and unique."""

from __future__ import annotations

import keyword
import re

# Names the generated modules themselves bind; a declaration may not shadow them.
RESERVED_MODULE_NAMES = frozenset({"annotations", "dataclass", "field", "rt", "TypeAlias", "Enum", "Literal", "Any"})
RESERVED_FILE_NAMES = frozenset({"_runtime", "docs", "tests"})


def identifier(name: str) -> str:
    """`foo-bar` -> `foo_bar`, `2fa` -> `_2fa`, `class` -> `class_`."""
    text = re.sub(r"\W", "_", name, flags=re.ASCII) or "_"
    if text[0].isdigit():
        text = "_" + text
    if keyword.iskeyword(text) or keyword.issoftkeyword(text):
        text += "_"
    return text


def class_name(name: str) -> str:
    text = identifier(name)
    return text + "_" if text in RESERVED_MODULE_NAMES else text


def module_name(stem: str) -> str:
    text = identifier(stem.lower())
    return text + "_" if text in RESERVED_FILE_NAMES else text


def member_name(value: str) -> str:
    """An enum member name derived from its value: `json_object` -> `JSON_OBJECT`."""
    text = identifier(re.sub(r"[^0-9A-Za-z]+", "_", str(value)).strip("_").upper() or "VALUE")
    return text if not text.startswith("_") else "V" + text
