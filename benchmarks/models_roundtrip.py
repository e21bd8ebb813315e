"""Benchmark: load and dump a chat completion response with the generated models, pydantic and cattrs.

Generates the atoma corpus into a temporary folder, checks that every implementation loads the
payload and dumps back a dict equal to it, then times load, dump and load+dump with timeit.
Run it from anywhere: `python benchmarks/models_roundtrip.py` (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import reprlib
import statistics
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import roundtrip_cattrs
import roundtrip_pydantic
from roundtrip_payload import build_payload

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "atoma-python" / "docs" / "models"
CHOICES = 50
OPERATIONS = ("load", "dump", "load+dump")
BASELINES = ("pydantic", "cattrs")
MAX_SHOWN = 20

Payload = dict[str, Any]
Runs = dict[str, dict[str, list[float]]]
Table = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Implementation:
    name: str
    load: Callable[[Payload], Any]
    dump: Callable[[Any], Payload]


def generated_implementation(out_root: Path) -> Implementation:
    """Run gen-models on the atoma corpus into `out_root/atoma` and import its ChatCompletionResponse."""
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found: {CORPUS}")
    command = [sys.executable, "-m", "generator", str(CORPUS), "-o", str(out_root / "atoma")]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"gen-models exited with {done.returncode}:\n{done.stderr}")
    sys.path.insert(0, str(out_root))
    response = importlib.import_module("atoma").ChatCompletionResponse
    return Implementation("generated", response.from_dict, response.to_dict)


def implementations(out_root: Path) -> list[Implementation]:
    return [
        generated_implementation(out_root),
        Implementation("pydantic", roundtrip_pydantic.load, roundtrip_pydantic.dump),
        Implementation("cattrs", roundtrip_cattrs.load, roundtrip_cattrs.dump),
    ]


def short(value: object) -> str:
    """A repr cut to a line: two levels deep, four items, sixty characters of text."""
    shortener = reprlib.Repr()
    shortener.maxlevel, shortener.maxdict, shortener.maxlist, shortener.maxstring = 2, 4, 4, 60
    return shortener.repr(value)


def differences(expected: object, actual: object, path: str = "$") -> Iterator[str]:
    """One line per place where `actual` differs from `expected`; types count (1 is not 1.0)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        yield from _dict_differences(expected, actual, path)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            yield f"{path}: expected {len(expected)} items, got {len(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
            yield from differences(want, got, f"{path}[{index}]")
    elif type(expected) is not type(actual) or expected != actual:
        yield f"{path}: expected {short(expected)}, got {short(actual)}"


def _dict_differences(expected: dict[str, Any], actual: dict[str, Any], path: str) -> Iterator[str]:
    for key, want in expected.items():
        if key in actual:
            yield from differences(want, actual[key], f"{path}.{key}")
        else:
            yield f"{path}.{key}: missing, expected {short(want)}"
    for key, got in actual.items():
        if key not in expected:
            yield f"{path}.{key}: not in the input, got {short(got)}"


def roundtrip_problems(implementation: Implementation) -> list[str]:
    """How loading a fresh payload and dumping it fails to give back the input (empty: it does not)."""
    payload = build_payload(CHOICES)
    try:
        loaded = implementation.load(payload)
    except Exception as error:
        return [f"load raised {type(error).__name__}: {error}"]
    try:
        dumped = implementation.dump(loaded)
    except Exception as error:
        return [f"dump raised {type(error).__name__}: {error}"]
    expected = build_payload(CHOICES)
    changed = [f"load modified its input: {line}" for line in differences(expected, payload)]
    return changed + list(differences(expected, dumped))


def check_roundtrips(candidates: list[Implementation]) -> bool:
    """Print every implementation whose round trip is not exact; True when all of them are."""
    exact = True
    for implementation in candidates:
        problems = roundtrip_problems(implementation)
        if problems:
            exact = False
            print(f"{implementation.name}: the round trip does not give back the input:", file=sys.stderr)
            for line in problems[:MAX_SHOWN]:
                print("  " + line.replace("\n", "\n    "), file=sys.stderr)
            if len(problems) > MAX_SHOWN:
                print(f"  ... and {len(problems) - MAX_SHOWN} more", file=sys.stderr)
    return exact


def operations(implementation: Implementation) -> dict[str, Callable[[], object]]:
    """The timed calls, each on its own fresh payload; dump works on a response loaded beforehand."""
    load, dump = implementation.load, implementation.dump
    payload = build_payload(CHOICES)
    loaded = load(payload)
    return {"load": lambda: load(payload), "dump": lambda: dump(loaded), "load+dump": lambda: dump(load(payload))}


def measure(candidates: list[Implementation], repeat: int) -> Runs:
    """Microseconds per call, `repeat` samples per operation, each sample 0.2 s or more.

    The samples go round-robin over every implementation and operation, so that a slow moment
    of the machine falls on all of them rather than on one.
    """
    timers: dict[tuple[str, str], tuple[timeit.Timer, int]] = {}
    for implementation in candidates:
        for operation, call in operations(implementation).items():
            timer = timeit.Timer(call)
            timers[implementation.name, operation] = (timer, timer.autorange()[0])
    runs: Runs = {implementation.name: {operation: [] for operation in OPERATIONS} for implementation in candidates}
    for _ in range(repeat):
        for (name, operation), (timer, number) in timers.items():
            runs[name][operation].append(timer.timeit(number) / number * 1e6)
    return runs


def medians(runs: Runs) -> Table:
    return {name: {op: statistics.median(times) for op, times in ops.items()} for name, ops in runs.items()}


def ratios(median: Table) -> Table:
    generated = median["generated"]
    return {f"generated/{base}": {op: generated[op] / median[base][op] for op in OPERATIONS} for base in BASELINES}


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "versions": {package: version(package) for package in ("pydantic", "pydantic-core", "cattrs")},
        "choices": CHOICES,
        "payload_json_bytes": len(json.dumps(build_payload(CHOICES))),
    }


def table(median: Table, ratio: Table) -> list[str]:
    names = list(median)
    header = ["operation", *(f"{name} us" for name in names), *ratio]
    rows = [
        [op, *(f"{median[name][op]:.1f}" for name in names), *(f"{ratio[key][op]:.2f}x" for key in ratio)]
        for op in OPERATIONS
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return ["  ".join([row[0].ljust(widths[0]), *map(str.rjust, row[1:], widths[1:])]) for row in [header, *rows]]


def render(env: dict[str, Any], repeat: int, median: Table, ratio: Table) -> str:
    versions = ", ".join(f"{package} {number}" for package, number in env["versions"].items())
    return "\n".join(
        [
            f"Python {env['python']} ({env['implementation']}) on {env['platform']}",
            f"os.cpu_count() = {env['cpu_count']}",
            versions,
            f"payload: ChatCompletionResponse with {env['choices']} choices, {env['payload_json_bytes']} bytes as JSON",
            f"median of {repeat} timeit repeats, microseconds per call; ratio > 1 means generated is slower",
            "",
            *table(median, ratio),
        ]
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats per operation (default: 7)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-models-") as out_root:
        candidates = implementations(Path(out_root))
        if not check_roundtrips(candidates):
            return 1
        runs = measure(candidates, args.repeat)
    env, median = environment(), medians(runs)
    ratio = ratios(median)
    print(render(env, args.repeat, median, ratio))
    if args.json:
        report = {**env, "repeat": args.repeat, "median_us": median, "ratios": ratio, "runs_us": runs}
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
