"""A deterministic synthetic spec corpus with a realistic mix, in the Speakeasy Python dialect.

    python benchmarks/synthetic.py OUT_FOLDER --specs 1000 [--seed 7]

About 70% models of 3-40 fields, 20% enums, 10% unions; fields of every primitive, Optional,
Nullable, lists, dicts, links to other specs and examples on some rows. Links mostly point to
later specs, as in real APIs, with a few small cycles (a model that refers to itself or to the
one before it).
The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PRIMITIVES = ("str", "int", "float", "bool", "datetime", "date", "Any")
WORDS = (
    "account",
    "amount",
    "balance",
    "card",
    "city",
    "code",
    "count",
    "country",
    "created",
    "currency",
    "customer",
    "date",
    "detail",
    "email",
    "event",
    "fee",
    "file",
    "id",
    "invoice",
    "item",
    "kind",
    "label",
    "limit",
    "line",
    "merchant",
    "meta",
    "name",
    "note",
    "order",
    "owner",
    "page",
    "payment",
    "plan",
    "price",
    "quantity",
    "rate",
    "reason",
    "reference",
    "region",
    "score",
    "session",
    "source",
    "state",
    "status",
    "tag",
    "tax",
    "text",
    "title",
    "token",
    "total",
    "type",
    "unit",
    "updated",
    "url",
    "user",
    "value",
    "version",
    "weight",
    "zone",
)
HEADER = "| Field | Type | Required | Description | Example |\n| ----- | ---- | -------- | ----------- | ------- |\n"
EXAMPLES = {
    "str": '"sample"',
    "int": "42",
    "float": "1.5",
    "bool": "true",
    "date": '"2024-05-01"',
    "datetime": '"2024-05-01T12:00:00Z"',
}


def corpus(count: int, seed: int) -> dict[str, str]:
    """{relative path: markdown} for `count` specs; spec i is the same in every corpus that has it,
    except for links to specs beyond the corpus's end."""
    rngs = [random.Random(f"{seed}-{index}") for index in range(count)]
    kinds = ["model" if rng.random() < 0.7 else "enum" if rng.random() < 0.67 else "union" for rng in rngs]
    names = [f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}{index}" for index, rng in enumerate(rngs)]
    model_indexes = [i for i in range(count) if kinds[i] == "model"]
    enum_names = [names[i] for i in range(count) if kinds[i] == "enum"]
    specs = {}
    for index, (kind, name, rng) in enumerate(zip(kinds, names, rngs, strict=True)):
        later = [names[i] for i in model_indexes if index < i <= index + 60]
        cycle = [names[i] for i in model_indexes if index - 3 <= i <= index] if rng.random() < 0.05 else []
        if kind == "model":
            text = model(rng, name, later + cycle, enum_names[index // 8 :][:5])
        elif kind == "enum":
            text = enum(rng, name)
        else:
            text = union(rng, name, later)
        specs[f"models/{name.lower()}.md"] = text
    return specs


def link(name: str) -> str:
    return f"[models.{name}](../models/{name.lower()}.md)"


def model(rng: random.Random, name: str, others: list[str], enums: list[str]) -> str:
    rows = []
    for position in range(rng.randint(3, 40)):
        field = f"{rng.choice(WORDS)}_{position}"
        base = rng.choice(PRIMITIVES)
        required = rng.random() < 0.5
        roll = rng.random()
        example = EXAMPLES.get(base, "") if rng.random() < 0.3 else ""
        if roll < 0.08 and others:
            type_cell, example = f"List[{link(rng.choice(others))}]", ""
        elif roll < 0.16 and others:
            target = rng.choice(others)
            type_cell = link(target) if required else f"[Optional[models.{target}]](../models/{target.lower()}.md)"
            example = ""
        elif roll < 0.22:
            type_cell = f"Dict[str, *{base}*]"
            example = f'{{<br/>"key": {EXAMPLES[base]}<br/>}}' if example and base in EXAMPLES else ""
        elif roll < 0.30:
            type_cell = f"List[*{base}*]"
            example = f"[<br/>{EXAMPLES[base]}<br/>]" if example and base in EXAMPLES else ""
        elif roll < 0.34 and enums:
            type_cell, example = link(rng.choice(enums)), ""
        else:
            wrapper = "" if required else rng.choice(("Optional", "OptionalNullable"))
            type_cell = f"*{wrapper}[{base}]*" if wrapper else f"*{base}*"
        mark = ":heavy_check_mark:" if required else ":heavy_minus_sign:"
        rows.append(f"| `{field}` | {type_cell} | {mark} | The {field.replace('_', ' ')} of the {name}. | {example} |")
    return f"# {name}\n\nA {name} record.\n\n\n## Fields\n\n{HEADER}" + "\n".join(rows) + "\n"


def enum(rng: random.Random, name: str) -> str:
    values = sorted({rng.choice(WORDS) for _ in range(rng.randint(2, 12))})
    rows = "\n".join(f"| `{value.upper()}` | {value} |" for value in values)
    opening = "\n\nThis is an open enum. Unrecognized values will be captured." if rng.random() < 0.2 else ""
    return f"# {name}\n\nThe kinds of {name}.{opening}\n\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n{rows}\n"


def union(rng: random.Random, name: str, models: list[str]) -> str:
    variants = ["`str`", "`List[int]`"] + [f"`models.{m}`" for m in rng.sample(models, min(len(models), 2))]
    blocks = "\n\n".join(
        f"### {variant}\n\n```python\nvalue: {variant.strip('`')} = /* values here */\n```"
        for variant in variants[: rng.randint(2, 4)]
    )
    return f"# {name}\n\nOne of several shapes.\n\n\n## Supported Types\n\n{blocks}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for path, text in corpus(args.specs, args.seed).items():
        (args.out / path).parent.mkdir(parents=True, exist_ok=True)
        (args.out / path).write_text(text, encoding="utf-8")
    print(json.dumps({"specs": args.specs, "seed": args.seed, "out": str(args.out)}))


if __name__ == "__main__":
    main()
