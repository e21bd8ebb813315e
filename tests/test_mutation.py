"""The generated tests catch a broken model: for a handful of declarations of the atoma corpus, each
mutation of the generated code (a field dropped, a required mark flipped, an enum value changed, a
union variant swapped) makes that declaration's own test module fail, and the unbroken code passes."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS

from generator.cli import main

ATOMA = CORPUS / "atoma-python" / "docs" / "models"
PACKAGE = "mutants"
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not ATOMA.is_dir(), reason="../shared/corpus is absent")]

Change = Callable[[ast.Module], None]


@dataclass(frozen=True)
class Mutant:
    name: str  # what was broken, for the report
    module: Path  # the generated module it breaks
    tests: Path  # the test module that must catch it
    change: Change


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mutation")
    assert main([str(ATOMA), "-o", str(root / PACKAGE), "--no-cache"]) == 0
    return root / PACKAGE


def test_every_mutant_fails_its_declarations_tests(package: Path) -> None:
    mutants = list(mutants_of(package))
    kinds = {mutant.name.split(":")[0] for mutant in mutants}
    assert kinds == {"drop field", "make optional", "make required", "change enum value", "swap variant"}
    assert len(mutants) >= 12
    for tests in sorted({mutant.tests for mutant in mutants}):
        assert run_tests(package, tests) == 0, f"{tests.name} fails before any mutation"
    survivors = [mutant.name for mutant in mutants if not caught(package, mutant)]
    assert survivors == []


def caught(package: Path, mutant: Mutant) -> bool:
    original = mutant.module.read_text(encoding="utf-8")
    tree = ast.parse(original)
    mutant.change(tree)
    mutant.module.write_text(ast.unparse(tree), encoding="utf-8")
    try:
        return run_tests(package, mutant.tests) != 0
    finally:
        mutant.module.write_text(original, encoding="utf-8")


def run_tests(package: Path, tests: Path) -> int:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no stale bytecode between mutants
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", str(tests)]
    return subprocess.run(command, cwd=package.parent, env=environment, capture_output=True).returncode


# Choosing the mutants: the first few declarations of each kind, in file order, whose test module
# exercises them (a model with an example, an enum, a union whose variants it decodes).


def mutants_of(package: Path) -> Iterator[Mutant]:
    modules = sorted(path for path in package.glob("*.py") if not path.name.startswith("_"))
    models = [(path, node) for path in modules for node in classes(path) if is_model(node)]
    testable = [(path, node) for path, node in models if "EXAMPLE" in module_tests(package, path).read_text()]
    chosen = [(path, node) for path, node in testable if required_fields(node) and optional_fields(node)][:3]
    for path, model in chosen:
        tests = module_tests(package, path)
        required, optional = required_fields(model)[0], optional_fields(model)[0]
        yield Mutant(f"drop field: {model.name}.{required}", path, tests, drop_field(model.name, required))
        yield Mutant(f"drop field: {model.name}.{optional}", path, tests, drop_field(model.name, optional))
        yield Mutant(f"make optional: {model.name}.{required}", path, tests, make_optional(model.name, required))
        yield Mutant(f"make required: {model.name}.{optional}", path, tests, make_required(model.name, optional))
    enums = [(path, node) for path in modules for node in classes(path) if is_enum(node)][:3]
    for path, enum in enums:
        yield Mutant(f"change enum value: {enum.name}", path, module_tests(package, path), change_enum_value(enum.name))
    unions = [(path, alias) for path in modules for alias in aliases(path) if len(class_names(alias)) >= 2][:3]
    for path, alias in unions:
        first, second = class_names(alias)[:2]
        name = f"swap variant: {first} for {second} in {target_name(alias)}"
        yield Mutant(name, path, module_tests(package, path), swap_variant(target_name(alias), first, second))


def module_tests(package: Path, module: Path) -> Path:
    return package / "tests" / f"test_{module.stem}.py"


def classes(path: Path) -> list[ast.ClassDef]:
    return [node for node in ast.parse(path.read_text()).body if isinstance(node, ast.ClassDef)]


def aliases(path: Path) -> list[ast.AnnAssign]:
    return [
        node
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.annotation) == "TypeAlias"
    ]


def target_name(alias: ast.AnnAssign) -> str:
    assert isinstance(alias.target, ast.Name)
    return alias.target.id


def class_names(alias: ast.AnnAssign) -> list[str]:
    """The variants of a union alias that are classes of the package (capitalised names)."""
    assert alias.value is not None
    found = [node.id for node in ast.walk(alias.value) if isinstance(node, ast.Name) and node.id[:1].isupper()]
    return list(dict.fromkeys(name for name in found if name not in ("Annotated", "Any")))


def is_model(node: ast.ClassDef) -> bool:
    return any(ast.unparse(base) == "rt.Model" for base in node.bases)


def is_enum(node: ast.ClassDef) -> bool:
    return any(ast.unparse(base) == "Enum" for base in node.bases)


def fields(model: ast.ClassDef) -> list[ast.AnnAssign]:
    return [n for n in model.body if isinstance(n, ast.AnnAssign) and "ClassVar" not in ast.unparse(n.annotation)]


def name_of(field: ast.AnnAssign) -> str:
    assert isinstance(field.target, ast.Name)
    return field.target.id


def required_fields(model: ast.ClassDef) -> list[str]:
    return [name_of(f) for f in fields(model) if f.value is None]


def optional_fields(model: ast.ClassDef) -> list[str]:
    return [name_of(f) for f in fields(model) if f.value is not None and ast.unparse(f.value) == "UNSET"]


# The mutations: each finds its node in the freshly parsed module and changes it in place.


def in_class(tree: ast.Module, name: str) -> ast.ClassDef:
    return next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == name)


def drop_field(model: str, field: str) -> Change:
    def change(tree: ast.Module) -> None:
        body = in_class(tree, model).body
        body[:] = [n for n in body if not (isinstance(n, ast.AnnAssign) and name_of(n) == field)]

    return change


def make_optional(model: str, field: str) -> Change:
    def change(tree: ast.Module) -> None:
        node = next(f for f in fields(in_class(tree, model)) if name_of(f) == field)
        node.annotation = ast.BinOp(node.annotation, ast.BitOr(), ast.parse("rt.Unset", mode="eval").body)
        node.value = ast.parse("rt.UNSET", mode="eval").body

    return change


def make_required(model: str, field: str) -> Change:
    def change(tree: ast.Module) -> None:
        node = next(f for f in fields(in_class(tree, model)) if name_of(f) == field)
        members = [m for m in ast.unparse(node.annotation).split(" | ") if m != "Unset"]
        node.annotation = ast.parse(" | ".join(members), mode="eval").body
        node.value = None

    return change


def change_enum_value(enum: str) -> Change:
    def change(tree: ast.Module) -> None:
        member = next(n for n in in_class(tree, enum).body if isinstance(n, ast.Assign))
        assert isinstance(member.value, ast.Constant)
        value = member.value.value
        member.value = ast.Constant(value + "_changed" if isinstance(value, str) else value + 1000)

    return change


def swap_variant(alias: str, old: str, new: str) -> Change:
    def change(tree: ast.Module) -> None:
        node = next(n for n in tree.body if isinstance(n, ast.AnnAssign) and ast.unparse(n.target) == alias)
        assert node.value is not None
        for name in ast.walk(node.value):
            if isinstance(name, ast.Name) and name.id == old:
                name.id = new

    return change
