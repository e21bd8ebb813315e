"""Options: what changes the generated code (Options), and how a run is set up (Settings),
read from the command line and from `[tool.gen-models]` in pyproject.toml, the command line winning."""

from __future__ import annotations

import sys
import typing
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

WireCase = Literal["spec", "camel", "snake"]
OutputFormat = Literal["text", "github", "json"]
Emit = Literal["files", "ir", "jsonschema"]


@dataclass(frozen=True)
class Options:
    """What changes the generated code."""

    # "camel" / "snake": the JSON keys are the camelCase / snake_case of the names the dialect reads.
    wire_case: WireCase = "spec"
    # Accept null for an optional field that is not nullable, as if it were absent.
    null_as_absent: bool = False
    # A reference to no spec is Any, with a warning, rather than an error.
    missing_as_any: bool = False
    # The dialect every spec is read in; "" works it out for each file.
    dialect: str = ""


DEFAULT_OPTIONS = Options()


@dataclass(frozen=True)
class Settings:
    """One run: where to read and write, what to do, and the Options."""

    specs: Path | None = None
    output: Path = Path("generated")
    emit: Emit = "files"
    check: bool = False
    diff: bool = False
    templates: Path | None = None
    output_format: OutputFormat = "text"
    watch: bool = False
    cache: bool = True
    debug: bool = False
    verbose: bool = False
    wire_case: WireCase = "spec"
    null_as_absent: bool = False
    missing_as_any: bool = False
    dialect: str = ""

    @property
    def options(self) -> Options:
        return Options(self.wire_case, self.null_as_absent, self.missing_as_any, self.dialect)


def choices(name: str) -> tuple[str, ...]:
    """The values a Settings field may take, from its Literal type (or the registry of dialects);
    () for any other field."""
    if name == "dialect":
        from .dialects import REGISTRY

        return tuple(REGISTRY)
    hint = typing.get_type_hints(Settings)[name]
    return typing.get_args(hint) if typing.get_origin(hint) is Literal else ()


PATHS = ("specs", "output", "templates")
# Sub-tables of [tool.gen-models] that configure one command each, read by that command.
SUBTABLES = ("diff",)


class ConfigError(Exception):
    pass


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.gen-models] table, from start upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "gen-models" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def settings_from(pyproject: Path | None, cli: dict[str, Any]) -> Settings:
    """Settings from the pyproject table, then the command line's explicit values over them."""
    values: dict[str, Any] = {}
    if pyproject is not None:
        values.update(_table(pyproject))
    values.update({key: value for key, value in cli.items() if value is not None})
    return replace(Settings(), **values)


def _table(pyproject: Path) -> dict[str, Any]:
    table = _read_toml(pyproject).get("tool", {}).get("gen-models", {})
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if raw_key in SUBTABLES:
            continue
        if key not in known:
            raise ConfigError(f"{pyproject}: unknown key `{raw_key}` in [tool.gen-models]")
        values[key] = _value(pyproject, raw_key, key, value)
    return values


def subtable(pyproject: Path, name: str) -> dict[str, Any]:
    """[tool.gen-models.<name>] of a pyproject.toml, or {} without one."""
    table = _read_toml(pyproject).get("tool", {}).get("gen-models", {}).get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.gen-models] {name} must be a table")
    return table


def _value(pyproject: Path, raw_key: str, key: str, value: object) -> object:
    where = f"{pyproject}: [tool.gen-models] {raw_key}"
    if key in PATHS:
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a path string")
        return pyproject.parent / value
    if choices(key):
        if value not in choices(key):
            raise ConfigError(f"{where} must be one of {', '.join(choices(key))}")
        return value
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false")
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as problem:
        raise ConfigError(f"{path}: {problem}") from None
