"""Benchmark: gen-models on synthetic corpora and the real ones, against datamodel-code-generator.

    python benchmarks/generation.py [--repeat 3] [--large 10000] [--corpus NAME ...] [--json OUT]

Every timing is the wall-clock median of `--repeat` runs of the installed `gen-models` command in a
fresh process, with its own empty $XDG_CACHE_HOME where the scenario says "cold". The ratios
compare numbers measured side by side in this same run. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from synthetic import corpus

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
Measure = dict[str, float]


def write_corpus(folder: Path, count: int) -> Path:
    for path, text in corpus(count, seed=7).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


def gen_models(specs: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one gen-models run."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "gen-models"), str(specs), "-o", str(out), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the real corpora have specs gen-models rejects, or --check found work
        raise SystemExit(f"gen-models {specs} exited with {code}")
    return elapsed, usage.ru_maxrss / 1024


def median(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(run) for run in range(runs))


def scenarios(specs: Path, work: Path, runs: int) -> Measure:
    """Each round takes, in turn: a cold run of gen-models, one of datamodel-codegen, a warm
    --check on what the cold run wrote, and a run after one spec changed. A ratio compares medians
    of samples taken side by side, so a slow moment of the machine slows both sides.

    Every cold run writes into a folder of its own and nothing is deleted in between: on this
    machine's disk, deleting a run's 3,700 files slows file creation for the next seconds, which
    would time the disk rather than the tool."""
    schema = export_jsonschema(specs, work)
    target = sorted(specs.rglob("*.md"))[len(list(specs.rglob("*.md"))) // 2]
    original = target.read_text(encoding="utf-8")
    samples: dict[str, list[float]] = {"cold": [], "peak": [], "anchor": [], "warm": [], "changed": []}
    for run in range(runs):
        out, cache = work / f"cold-{run}" / "generated", work / f"cache-{run}"
        seconds, peak = gen_models(specs, out, cache)
        samples["cold"].append(seconds)
        samples["peak"].append(peak)
        samples["anchor"].append(datamodel_codegen(schema, work / f"dmc-{run}"))
        samples["warm"].append(gen_models(specs, out, cache, "--check")[0])
        target.write_text(original.replace("\n\n", f"\n\nRevision {run}.\n\n", 1), encoding="utf-8")
        samples["changed"].append(gen_models(specs, out, cache)[0])
        target.write_text(original, encoding="utf-8")
    cold, anchor, warm, changed = (statistics.median(samples[k]) for k in ("cold", "anchor", "warm", "changed"))
    return {
        "cold_s": cold,
        "peak_rss_mb": max(samples["peak"]),
        "datamodel_codegen_s": anchor,
        "cold_vs_datamodel_codegen": cold / anchor,
        "warm_check_s": warm,
        "warm_check_vs_cold": warm / cold,
        "one_changed_s": changed,
        "one_changed_vs_cold": changed / cold,
        "samples": {name: [round(value, 3) for value in values] for name, values in samples.items()},
    }


def export_jsonschema(specs: Path, work: Path) -> Path:
    """Our --emit jsonschema of the specs: the same declarations, for datamodel-codegen."""
    schema = work / "schema.json"
    exported = subprocess.run(
        [str(BIN / "gen-models"), str(specs), "-o", str(work / "unused"), "--emit", "jsonschema"],
        capture_output=True,
        text=True,
        check=False,
    )
    schema.write_text(exported.stdout, encoding="utf-8")
    return schema


def datamodel_codegen(schema: Path, target: Path) -> float:
    """Seconds of one datamodel-codegen run writing dataclasses only."""
    start = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "datamodel-codegen"),
            "--input",
            str(schema),
            "--input-file-type",
            "jsonschema",
            "--output",
            str(target),  # a folder: namespaced definitions (`shared.Pet`) make a module each
            "--output-model-type",
            "dataclasses.dataclass",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def import_time(package_root: Path, statement: str, runs: int) -> float:
    """Median seconds of one import statement in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"

    def run(_: int) -> float:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=package_root, capture_output=True, text=True, check=True
        )
        return float(done.stdout)

    return median(max(runs, 7), run)


def import_scenario(work: Path, runs: int) -> Measure:
    """Import of one model from a 1,000-model package and from a 10-model package: a model with no
    references (what the package's lazy exports cost), and one with references (what it drags in)."""
    small, large = corpus(10, seed=7), corpus(1000, seed=7)
    packages = {}
    for count, specs in ((10, small), (1000, large)):
        folder = work / f"import-{count}" / "specs"
        for path, text in specs.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        packages[count] = work / f"import-{count}"
        gen_models(folder, packages[count] / "pkg", work / "cache-import")
    models = [path for path, text in small.items() if "## Fields" in text]
    leaf = next(path for path in models if "../models/" not in large[path])
    linked = next(path for path in models if "../models/" in large[path])
    result: Measure = {}
    for label, path in (("leaf", leaf), ("linked", linked)):
        statement = f"from pkg.models import {small[path].splitlines()[0][2:]}"
        seconds = {count: import_time(packages[count], statement, runs) for count in (10, 1000)}
        result[f"import_{label}_10_s"], result[f"import_{label}_1000_s"] = seconds[10], seconds[1000]
        result[f"import_{label}_ratio"] = seconds[1000] / seconds[10]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=int, default=10000, help="size of the large synthetic corpus (0: skip)")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        help="a real corpus of ../shared/corpus to measure as the synthetic one (default: the four largest)",
    )
    args = parser.parse_args()
    args.corpus = args.corpus or ["cribl-legacy", "polar", "formance", "clerk"]
    # As an install from a wheel would: with an editable install and PYTHONDONTWRITEBYTECODE set,
    # every run would otherwise compile gen-models' own modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    report: dict[str, object] = {"python": platform.python_version(), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        specs = write_corpus(work / "s1000" / "specs", 1000)
        ours = scenarios(specs, work / "s1000", args.repeat)
        report["synthetic_1000"] = ours
        if args.large:
            large = write_corpus(work / "large" / "specs", args.large)
            seconds, peak = gen_models(large, work / "large" / "out" / "generated", work / "cache-large")
            report[f"synthetic_{args.large}"] = {
                "cold_s": seconds,
                "peak_rss_mb": peak,
                "vs_1000": seconds / ours["cold_s"],
            }
        report["imports"] = import_scenario(work, args.repeat)
        for name in args.corpus:
            folder = CORPORA / name / "docs" / "models"
            if folder.is_dir():
                specs = work / name / "models"  # a copy, which the edits change; links climb into `models`
                shutil.copytree(folder, specs)
                report[name] = {"specs": len(list(specs.rglob("*.md"))), **scenarios(specs, work / name, args.repeat)}
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
