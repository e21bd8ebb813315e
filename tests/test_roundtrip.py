"""Property tests over every model of the atoma-python corpus: valid payloads derived from the IR
round-trip exactly, and anything else is rejected with a ValidationError and nothing else."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payloads import ANY_JSON, Payloads

from generator import ir
from generator.cli import main
from generator.incremental import read as read_specs

ATOMA = CORPUS / "atoma-python" / "docs" / "models"
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not ATOMA.is_dir(), reason="../shared/corpus is absent")]
DECLARATIONS = read_specs(ATOMA)[0] if ATOMA.is_dir() else []
MODELS = [d for d in DECLARATIONS if isinstance(d, ir.Model)]
PAYLOADS = Payloads(DECLARATIONS)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("roundtrip") / "atoma_roundtrip"
    assert main([str(ATOMA), "-o", str(out)]) == 0
    sys.path.insert(0, str(out.parent))
    yield importlib.import_module("atoma_roundtrip")
    sys.path.remove(str(out.parent))
    for name in [m for m in sys.modules if m.split(".")[0] == "atoma_roundtrip"]:
        del sys.modules[name]


def model_class(package: ModuleType, model: ir.Model) -> Any:
    return getattr(importlib.import_module(f"{package.__name__}.{model.module}"), model.python_name)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_valid_payloads_round_trip_both_ways(package: ModuleType, model: ir.Model) -> None:
    cls = model_class(package, model)

    @SETTINGS
    @given(PAYLOADS.for_declaration(model))
    def check(payload: dict[str, Any]) -> None:
        value = cls.from_dict(payload)
        assert value.to_dict() == payload
        assert cls.from_dict(value.to_dict()) == value
        assert cls.from_json(value.to_json()) == value

    check()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_anything_else_raises_only_validation_errors(package: ModuleType, model: ir.Model) -> None:
    cls = model_class(package, model)
    field_names = st.sampled_from([f.wire_name for f in model.fields]) if model.fields else st.text()

    def spoiled(payload: dict[str, Any]) -> st.SearchStrategy[Any]:
        return st.tuples(field_names, ANY_JSON).map(lambda change: {**payload, change[0]: change[1]})

    @SETTINGS
    @given(ANY_JSON | PAYLOADS.for_declaration(model).flatmap(spoiled))
    def check(payload: Any) -> None:
        try:
            value = cls.from_dict(payload)
        except package.ValidationError as problem:
            assert problem.errors, "a ValidationError lists its errors"
            assert all(error.startswith(model.python_name) for error in problem.errors)
        else:
            assert value.to_dict() == payload, "what was accepted must round-trip"

    check()
