"""The same API documented in two dialects gives the same models: atoma's Python and TypeScript
docs, formance's Python and Go docs (../shared/corpus). Each pair is compared declaration by
declaration, over what both dialects can say; the README's table of dialects (Dialects) lists
the rest, and EXPECTED the differences between the two SDKs' own versions of the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from generator import ir
from generator.incremental import read

Shape = tuple[str, object]


def key(name: str) -> str:
    """Names as both dialects can say them: the SDKs recase them (`JSONSchema` -> `JsonSchema`,
    `schema` -> `schema_`, `ExternalID`), so neither case nor underscores count."""
    return name.replace("_", "").lower()


def type_shape(type_ref: ir.TypeRef, index: dict[str, ir.Declaration], loose_numbers: bool) -> str:
    """A type as both can say it: without nullability (TypeScript and Go docs show none), a
    declaration by its kind or, for an enum, its values (the SDKs name inline types differently),
    and, where one dialect cannot tell them apart, int as float."""
    if isinstance(type_ref, ir.Primitive):
        return "float" if loose_numbers and type_ref.name == "int" else type_ref.name
    if isinstance(type_ref, ir.Nullable):
        return type_shape(type_ref.inner, index, loose_numbers)
    if isinstance(type_ref, ir.Ref):
        target = index[type_ref.target]
        return (
            f"enum{sorted(map(repr, (m.value for m in target.members)))}"
            if isinstance(target, ir.Enum)
            else (type(target).__name__)
        )
    parts = ",".join(sorted(type_shape(part, index, loose_numbers) for part in ir.children(type_ref)))
    values = sorted(map(repr, type_ref.values)) if isinstance(type_ref, ir.LiteralOf) else ""
    return f"{type(type_ref).__name__}[{parts}{values}]"


def shapes(docs: Path, loose_numbers: bool) -> dict[str, Shape]:
    declarations, diagnostics = read(docs)
    assert not [d for d in diagnostics if d.severity == "error"]
    index = {ir.qualified_name(d): d for d in declarations}
    found: dict[str, Shape] = {}
    for d in declarations:
        if isinstance(d, ir.Model):
            fields = {key(f.wire_name): (type_shape(f.type, index, loose_numbers), f.required) for f in d.fields}
            found[key(d.name)] = ("model", fields)
        elif isinstance(d, ir.Enum):
            found[key(d.name)] = ("enum", sorted(map(repr, (m.value for m in d.members))))
        else:
            found[key(d.name)] = ("union", sorted(type_shape(v, index, loose_numbers) for v in d.variants))
    return found


QUERY = "the Go SDK's request carries the operation's `query` body, which the Python docs of their version omit"
EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("atoma-python/docs/models", "atoma-typescript/docs/models"): {},
    ("formance/docs/models", "formance-go/docs/pkg/models"): {
        "v2importlogsrequest": "the Go docs write the uploaded body as `any`, the Python docs as bytes",
        **dict.fromkeys(
            [
                "listpoliciesrequest",
                "listreconciliationsrequest",
                "v2countaccountsrequest",
                "v2counttransactionsrequest",
                "v2getbalancesaggregatedrequest",
                "v2getvolumeswithbalancesrequest",
                "v2listaccountsrequest",
                "v2listledgersrequest",
                "v2listlogsrequest",
                "v2listtransactionsrequest",
                "v3listaccountsrequest",
                "v3listbankaccountsrequest",
                "v3listconnectorschedulesrequest",
                "v3listconnectorsrequest",
                "v3listpaymentinitiationadjustmentsrequest",
                "v3listpaymentinitiationrelatedpaymentsrequest",
                "v3listpaymentinitiationsrequest",
                "v3listpaymentsrequest",
                "v3listpoolsrequest",
            ],
            QUERY,
        ),
    },
}


@pytest.mark.corpus
@pytest.mark.parametrize(("first", "second"), list(EXPECTED), ids=["atoma", "formance"])
def test_the_same_api_in_two_dialects_gives_the_same_models(first: str, second: str) -> None:
    if not (CORPUS / first).is_dir() or not (CORPUS / second).is_dir():
        pytest.skip("../shared/corpus is absent")
    loose = "typescript" in second  # TypeScript's number is int or float
    ones, others = shapes(CORPUS / first, loose), shapes(CORPUS / second, loose)
    common = sorted(set(ones) & set(others))
    assert len(common) > 0.9 * min(len(ones), len(others))  # the rest: versions of the API apart
    differing = {name for name in common if ones[name] != others[name]}
    assert differing == set(EXPECTED[(first, second)]), {name: (ones[name], others[name]) for name in differing}
