"""`[tool.gen-models.diff]` in pyproject.toml: what the diff reports and fails on, and the
changes a team has accepted.

    [tool.gen-models.diff]
    surface = ["read-new", "python"]     # default: all three
    fail-on = "warning"                  # error (default), warning, info or none
    rules = { field-removed = "warning", enum-value-added = "ok" }
    allow = [{ fingerprint = "3f2a9c0d1e4b5a67", reason = "v2 clients never read it" }]

A rule's level replaces the derived one on every surface the change affects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ConfigError, subtable
from .findings import RULES
from .severity import SURFACES, Level


@dataclass(frozen=True)
class Allowance:
    fingerprint: str
    reason: str


@dataclass(frozen=True)
class DiffSettings:
    surfaces: tuple[str, ...] = SURFACES
    fail_on: Level | None = Level.ERROR  # None: never fail
    rules: Mapping[str, Level] = field(default_factory=dict)
    allow: tuple[Allowance, ...] = ()
    pyproject: Path | None = None  # where the allowances are written


def diff_settings(pyproject: Path | None, surface: str | None, fail_on: str | None) -> DiffSettings:
    """The table's settings, with the command line's --surface and --fail-on over them."""
    table = subtable(pyproject, "diff") if pyproject is not None else {}
    where = f"{pyproject}: [tool.gen-models.diff]"
    unknown = sorted(set(table) - {"surface", "fail-on", "rules", "allow"})
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}`")
    surfaces = (
        [name.strip() for name in surface.split(",")] if surface is not None else table.get("surface", list(SURFACES))
    )
    return DiffSettings(
        _surfaces(surfaces, where),
        _fail_on(fail_on if fail_on is not None else table.get("fail-on", "error"), where),
        _rules(table.get("rules", {}), where),
        _allowances(table.get("allow", []), where),
        pyproject,
    )


def _surfaces(names: Any, where: str) -> tuple[str, ...]:
    if not isinstance(names, list) or not names or any(name not in SURFACES for name in names):
        raise ConfigError(f"surface: choose among {', '.join(SURFACES)} (in {where} or --surface)")
    return tuple(surface for surface in SURFACES if surface in names)


def _fail_on(name: Any, where: str) -> Level | None:
    if name == "none":
        return None
    if name not in ("error", "warning", "info"):
        raise ConfigError(f"fail-on must be error, warning, info or none (in {where} or --fail-on)")
    return Level.named(name)


def _rules(table: Any, where: str) -> dict[str, Level]:
    levels = ("error", "warning", "info", "ok")
    if not isinstance(table, dict):
        raise ConfigError(f"{where} rules must be a table of rule = level")
    for rule, level in table.items():
        if rule not in RULES:
            raise ConfigError(f"{where} rules: no rule is named `{rule}`; the rules are {', '.join(RULES)}")
        if level not in levels:
            raise ConfigError(f"{where} rules: `{rule}` must be one of {', '.join(levels)}")
    return {rule: Level.named(level) for rule, level in table.items()}


def _allowances(entries: Any, where: str) -> tuple[Allowance, ...]:
    shape = f'{where} allow must be a list of {{ fingerprint = "...", reason = "..." }}'
    if not isinstance(entries, list):
        raise ConfigError(shape)
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"fingerprint", "reason"}:
            raise ConfigError(shape)
        if not all(isinstance(value, str) and value.strip() for value in entry.values()):
            raise ConfigError(f"{where} allow: each fingerprint and reason must be a non-empty string")
        found.append(Allowance(entry["fingerprint"], entry["reason"]))
    return tuple(found)
