"""Options that change what gen-models generates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

WireCase = Literal["spec", "camel"]


@dataclass(frozen=True)
class Options:
    # "camel": the JSON keys are the camelCase of the spec's (snake_case) names.
    wire_case: WireCase = "spec"
    # Accept null for an optional field that is not nullable, as if it were absent.
    null_as_absent: bool = False


DEFAULT_OPTIONS = Options()
