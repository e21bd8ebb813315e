"""generator.resolve: links bound, names made safe, modules chosen, order fixed."""

from __future__ import annotations

import itertools
import keyword

import pytest

from generator import ir, naming
from generator.diagnostics import Diagnostic, Severity
from generator.dialects.speakeasy import read_declarations
from generator.markdown import parse_document
from generator.resolve import resolve

ROOT = "models"


def model(name: str, *fields: tuple[str, str]) -> str:
    """A spec with one model; each field is (name, type cell)."""
    rows = "\n".join(f"| `{field}` | {type_cell} |" for field, type_cell in fields)
    return f"# {name}\n\n## Fields\n\n| Field | Type |\n| ----- | ---- |\n{rows}\n"


def declarations_of(files: dict[str, str]) -> list[ir.Declaration]:
    found: list[ir.Declaration] = []
    for path, text in files.items():
        namespace = tuple(naming.module_name(part) for part in path.split("/")[:-1])
        declarations, diagnostics = read_declarations(parse_document(path, text), namespace)
        assert diagnostics == []
        found.extend(declarations)
    return found


def run(files: dict[str, str]) -> tuple[dict[str, ir.Declaration], list[Diagnostic]]:
    resolution = resolve(declarations_of(files), ROOT)
    return {ir.qualified_name(d): d for d in resolution.declarations}, list(resolution.diagnostics)


def targets(declaration: ir.Declaration) -> list[str]:
    return [ref.target for ref in ir.references(declaration)]


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def test_links_are_bound_to_their_target() -> None:
    by_name, diagnostics = run(
        {
            "pet.md": model(
                "Pet",
                ("owner", "[models.Owner](../models/owner.md)"),
                ("tag", "[Optional[models.Tag]](tag.md)"),
                ("toy", "List[[models.Toy](sub/toy.md)]"),
            ),
            "owner.md": model("Owner", ("name", "*str*")),
            "tag.md": model("Tag", ("name", "*str*")),
            "sub/toy.md": model("Toy", ("tag", "[models.Tag](../tag.md)")),
        }
    )
    assert diagnostics == []
    assert targets(by_name["Pet"]) == ["Owner", "Tag", "sub.Toy"]
    assert targets(by_name["sub.Toy"]) == ["Tag"]


def test_in_page_anchor_binds_to_the_declaration_in_the_same_file() -> None:
    retry = (
        model("RetryConfig", ("backoff", "[BackoffStrategy](#backoffstrategy)"))
        + "\n"
        + ("## BackoffStrategy\n\n### Fields\n\n| Name | Type |\n| ---- | ---- |\n| `exponent` | *float* |\n")
    )
    by_name, diagnostics = run({"utils/retryconfig.md": retry, "other.md": model("BackoffStrategy", ("x", "*int*"))})
    assert diagnostics == []
    assert targets(by_name["utils.RetryConfig"]) == ["utils.BackoffStrategy"]


def test_link_without_anchor_to_a_file_of_several_declarations_picks_by_name() -> None:
    two = model("First", ("a", "*int*")) + "\n" + model("Second", ("b", "*int*")).replace("# Second", "## Second")
    by_name, diagnostics = run({"two.md": two, "user.md": model("User", ("s", "[models.Second](two.md)"))})
    assert diagnostics == []
    assert targets(by_name["User"]) == ["Second"]


@pytest.mark.parametrize(
    "link", ["../../out.md", "../other/pet.md", "https://example.com/pet.md", "/abs/pet.md", "mailto:a@b.c"]
)
def test_links_outside_the_root(link: str) -> None:
    by_name, diagnostics = run({"user.md": model("User", ("pet", f"[models.Pet]({link})")), "pet.md": model("Pet")})
    assert [(d.code, d.severity, d.span.line) for d in diagnostics] == [("link-outside-root", Severity.ERROR, 7)]
    assert targets(by_name["User"]) == [""]


def test_dangling_link_hints_at_a_close_file() -> None:
    by_name, diagnostics = run(
        {"user.md": model("User", ("owner", "[models.Owner](ownr.md)")), "owner.md": model("Owner", ("n", "*str*"))}
    )
    (problem,) = diagnostics
    assert (problem.code, problem.severity) == ("dangling-link", Severity.ERROR)
    assert problem.hint == "did you mean `owner.md`?"
    assert targets(by_name["User"]) == [""]


def test_dangling_anchor() -> None:
    _, diagnostics = run({"user.md": model("User", ("a", "[Missing](#missing)"))})
    assert codes(diagnostics) == ["dangling-link"]


def test_unlinked_names_are_bound_by_name() -> None:
    files = {
        "user.md": model("User", ("tag", "models.Tag"), ("typo", "models.Tagg"), ("pet", "shared.Pet")),
        "tag.md": model("Tag", ("n", "*str*")),
        "shared/pet.md": model("Pet", ("n", "*str*")),
        "operations/pet.md": model("Pet", ("n", "*str*")),
    }
    by_name, diagnostics = run(files)
    # `shared.Pet` is in two namespaces; the prefix chooses the one in `shared/`.
    assert targets(by_name["User"]) == ["Tag", "", "shared.Pet"]
    (problem,) = diagnostics
    assert (problem.code, problem.hint) == ("unknown-reference", "did you mean `Tag`?")


def test_ambiguous_unlinked_name() -> None:
    files = {
        "user.md": model("User", ("pet", "models.Pet")),
        "shared/pet.md": model("Pet", ("n", "*str*")),
        "operations/pet.md": model("Pet", ("n", "*str*")),
    }
    by_name, diagnostics = run(files)
    assert codes(diagnostics) == ["ambiguous-reference"]
    assert "operations/pet.md" in diagnostics[0].message and "shared/pet.md" in diagnostics[0].message
    assert targets(by_name["User"]) == [""]


def test_union_variants_are_bound() -> None:
    union = "# Message\n\n## Supported Types\n\n### `models.System`\n\n### [models.User](user.md)\n"
    by_name, diagnostics = run({"message.md": union, "system.md": model("System"), "user.md": model("User")})
    assert diagnostics == []
    assert targets(by_name["Message"]) == ["System", "User"]


@pytest.mark.parametrize(("first", "second"), [("Pet", "Pet"), ("Pet", "PET")], ids=["same", "case-only"])
def test_duplicate_declarations(first: str, second: str) -> None:
    files = {"b.md": model(second, ("y", "*int*")), "a.md": model(first, ("x", "*int*"))}
    by_name, diagnostics = run(files)
    (problem,) = diagnostics
    assert (problem.code, problem.severity, problem.span.path) == ("duplicate-declaration", Severity.ERROR, "b.md")
    assert "a.md:1:1" in problem.message
    # The first by path is kept.
    (kept,) = by_name.values()
    assert kept.span.path == "a.md"


def test_field_names_are_made_safe() -> None:
    fields = [("class", "class_"), ("foo-bar", "foo_bar"), ("2fa", "_2fa"), ("ok_name", "ok_name")]
    # Names the generated class needs: annotations, model methods, and the classes themselves.
    fields += [("str", "str_"), ("to_dict", "to_dict_"), ("Owner", "owner"), ("type", "type")]
    # Names in another casing are made snake_case (PEP 8).
    fields += [("photoUrls", "photo_urls"), ("ExternalID", "external_id")]
    by_name, diagnostics = run(
        {"pet.md": model("Pet", *((name, "*int*") for name, _ in fields)), "owner.md": model("Owner")}
    )
    assert diagnostics == []
    pet = by_name["Pet"]
    assert isinstance(pet, ir.Model)
    assert [(f.name, f.python_name) for f in pet.fields] == fields


def test_declaration_names_are_made_safe() -> None:
    by_name, _ = run({"enum.md": model("Enum", ("x", "*int*")), "pet.md": model("Pet", ("x", "*int*"))})
    assert (by_name["Enum"].python_name, by_name["Pet"].python_name) == ("Enum_", "Pet")


def test_fields_that_would_share_a_python_name_are_numbered() -> None:
    by_name, diagnostics = run(
        {"pet.md": model("Pet", ("foo-bar", "*int*"), ("foo_bar", "*int*"), ("fooBar", "*int*"))}
    )
    assert diagnostics == []
    pet = by_name["Pet"]
    assert isinstance(pet, ir.Model)
    assert [(f.python_name, f.wire_name) for f in pet.fields] == [
        ("foo_bar", "foo-bar"),
        ("foo_bar_2", "foo_bar"),
        ("foo_bar_3", "fooBar"),
    ]


def test_fields_whose_json_keys_are_the_same_are_an_error() -> None:
    _, diagnostics = run({"pet.md": model("Pet", ("from_", "*int*"), ("from", "*int*"))})
    assert [(d.code, d.span.line, d.hint) for d in diagnostics] == [("name-collision", 8, "as is the one at line 7")]


def test_python_names_do_not_depend_on_the_python_version(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["type", "match", "case", "_"]
    monkeypatch.setattr(keyword, "issoftkeyword", frozenset({"_", "case", "match"}).__contains__)  # 3.10, 3.11
    on_311 = [naming.identifier(name) for name in names]
    monkeypatch.setattr(keyword, "issoftkeyword", frozenset({"_", "case", "match", "type"}).__contains__)  # 3.12+
    assert [naming.identifier(name) for name in names] == on_311


def test_files_in_a_reference_cycle_share_one_module() -> None:
    by_name, diagnostics = run(
        {
            "b.md": model("B", ("a", "[models.A](a.md)")),
            "a.md": model("A", ("b", "[Optional[models.B]](b.md)"), ("c", "[models.C](c.md)")),
            "c.md": model("C", ("n", "*int*")),
            "sub/d.md": model("D", ("self", "[Optional[models.D]](d.md)")),
        }
    )
    assert diagnostics == []
    assert {name: d.module for name, d in by_name.items()} == {"A": "a", "B": "a", "C": "c", "sub.D": "sub.d"}


def test_files_that_would_share_a_module_name() -> None:
    _, diagnostics = run({"foo-bar.md": model("One"), "foo_bar.md": model("Two")})
    assert codes(diagnostics) == ["module-collision"]


def test_output_order_does_not_depend_on_input_order() -> None:
    files = {
        "pet.md": model("Pet", ("owner", "[models.Owner](owner.md)"), ("bad", "models.Nope")),
        "owner.md": model("Owner", ("pet", "[models.Pet](pet.md)")),
        "pet2.md": model("PET", ("x", "*int*")),
        "shared/tag.md": model("Tag", ("x", "*int*")),
        "alpha.md": model("Alpha", ("tag", "shared.Tag")),
    }
    declarations = declarations_of(files)
    results = {repr(resolve(list(order), ROOT)) for order in itertools.permutations(declarations)}
    assert len(results) == 1
    resolved = resolve(declarations, ROOT).declarations
    assert [ir.qualified_name(d) for d in resolved] == ["Alpha", "Owner", "Pet", "shared.Tag"]


def test_enum_values_that_would_share_a_python_name_get_numbered() -> None:
    spec = '# Sort\n\n## Values\n\n- `"created"`\n- `"-created"`\n- `"+created"`\n- `"name"`\n'
    by_name, diagnostics = run({"sort.md": spec})
    assert diagnostics == []
    sort = by_name["Sort"]
    assert isinstance(sort, ir.Enum)
    assert [m.python_name for m in sort.members] == ["CREATED", "CREATED_2", "CREATED_3", "NAME"]


def test_additional_properties_take_a_name_no_field_has() -> None:
    spec = model("M", ("additional_properties", "*str*"), ("__pydantic_extra__", "Dict[str, [models.Tag](tag.md)]"))
    by_name, diagnostics = run({"m.md": spec, "tag.md": model("Tag", ("n", "*str*"))})
    assert diagnostics == []
    m = by_name["M"]
    assert isinstance(m, ir.Model) and m.additional is not None
    assert (m.fields[0].python_name, m.additional.python_name) == ("additional_properties", "additional_properties_2")
    assert targets(m) == ["Tag"]


def test_missing_references_become_any_with_a_warning_when_asked() -> None:
    from generator.config import Options

    files = {"user.md": model("User", ("a", "[models.Gone](gone.md)"), ("b", "models.Nowhere"), ("c", "*int*"))}
    resolution = resolve(declarations_of(files), ROOT, Options(missing_as_any=True))
    (user,) = resolution.declarations
    assert isinstance(user, ir.Model)
    assert [f.type for f in user.fields] == [ir.Primitive("any"), ir.Primitive("any"), ir.Primitive("int")]
    assert [(d.code, d.severity) for d in resolution.diagnostics] == [
        ("dangling-link", Severity.WARNING),
        ("unknown-reference", Severity.WARNING),
    ]
    assert all(d.message.endswith("it is read as Any") for d in resolution.diagnostics)


def test_union_aliases_follow_the_classes_and_the_aliases_they_need() -> None:
    union = "# {name}\n\n## Supported Types\n\n{variants}\n"
    files = {
        "a.md": union.format(
            name="Clauses", variants="### [models.Filter](a.md#filter)\n\n### [models.Inner](a.md#inner)"
        )
        + "\n"
        + model("Filter", ("clauses", "List[[models.Clauses](a.md#clauses)]"))
        + "\n"
        + union.format(name="Inner", variants="### `str`\n\n### `int`"),
    }
    resolution = resolve(declarations_of(files), ROOT)
    assert resolution.diagnostics == ()
    assert [d.name for d in resolution.declarations] == ["Filter", "Inner", "Clauses"]


def test_a_union_that_contains_itself_directly_is_still_an_error() -> None:
    spec = "# Loop\n\n## Supported Types\n\n### `str`\n\n### Optional[[models.Loop](loop.md)]\n"
    _, diagnostics = run({"loop.md": spec})
    assert codes(diagnostics) == ["recursive-union"]
