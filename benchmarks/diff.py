"""Benchmark: `gen-models diff` of the largest real corpus against a copy with one change, against
a cold generation of the same corpus.

    python benchmarks/diff.py [--corpus cribl-legacy] [--repeat 3] [--json OUT]

Every timing is the wall-clock median of `--repeat` rounds of the installed `gen-models` command in
a fresh process; each round takes every scenario in turn (see benchmarks/README.md):

- cold generation: `gen-models OLD -o OUT --no-cache` into a new folder;
- diff, no cache: `gen-models diff OLD NEW --no-cache`;
- diff, one change since the cache: the cache holds a diff of OLD against itself, as it would
  after a run on the base branch, and NEW has one spec changed;
- diff, warm: the same diff again, everything in the cache.

It first checks that the diff finds exactly the one change, and that it loads no black.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent


def run(arguments: list[str], cache: Path, codes: tuple[int, ...] = (0, 4)) -> float:
    """Seconds of one gen-models run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "gen-models"), *arguments],
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in codes:
        raise SystemExit(f"gen-models {' '.join(arguments)} exited with {done.returncode}: {done.stderr.decode()}")
    return elapsed


def sides(corpus: Path, work: Path) -> tuple[Path, Path, str]:
    """Two copies of the corpus's docs, each in a folder of the same name (links climb into it by
    that name), the second with one `*str*` cell of its middle spec made `*int*`."""
    old, new = work / "old" / corpus.name, work / "new" / corpus.name
    shutil.copytree(corpus, old)
    shutil.copytree(corpus, new)
    specs = sorted(path for path in new.rglob("*.md") if re.search(r"\| \*str\* +\|", path.read_text("utf-8")))
    target = specs[len(specs) // 2]
    target.write_text(re.sub(r"\| \*str\*( +)\|", r"| *int*\1|", target.read_text("utf-8"), count=1), "utf-8")
    return old, new, target.relative_to(new).as_posix()


def check(old: Path, new: Path, changed: str, cache: Path) -> None:
    """The diff finds the one change, and reads without loading black (in this process; its
    workers only parse)."""
    report = subprocess.run(
        [str(BIN / "gen-models"), "diff", str(old), str(new), "--output-format", "json", "--no-cache"],
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(report.stdout)["findings"]
    assert [f["id"] for f in findings] == ["type-changed"] and findings[0]["span"]["path"].endswith(changed), findings
    probe = (
        "import sys; from generator.cli import main; "
        f"main(['diff', {str(old)!r}, {str(new)!r}, '--no-cache', '--output-format', 'json']); "
        "assert not [m for m in sys.modules if m == 'black' or m.startswith('black.')], 'black was loaded'"
    )
    subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="cribl-legacy", help="a corpus of ../shared/corpus with docs/models")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results and every sample here")
    options = parser.parse_args()
    corpus = CORPORA / options.corpus / "docs" / "models"
    samples: dict[str, list[float]] = {
        "cold_generation": [],
        "diff_no_cache": [],
        "diff_one_change": [],
        "diff_warm": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as temporary:
        work = Path(temporary)
        old, new, changed = sides(corpus, work)
        check(old, new, changed, work / "check-cache")
        for round_ in range(options.repeat):
            cache = work / f"cache-{round_}"
            out = work / f"cold-{round_}" / "generated"
            samples["cold_generation"].append(run([str(old), "-o", str(out), "--no-cache"], cache, (0, 1)))
            samples["diff_no_cache"].append(run(["diff", str(old), str(new), "--no-cache"], cache))
            run(["diff", str(old), str(old)], cache)  # the cache of the base branch
            samples["diff_one_change"].append(run(["diff", str(old), str(new)], cache))
            samples["diff_warm"].append(run(["diff", str(old), str(new)], cache))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    cold = medians["cold_generation"]
    print(f"{options.corpus}: {len(list(corpus.rglob('*.md')))} specs, {options.repeat} rounds, medians")
    for name, seconds in medians.items():
        print(f"  {name:<16} {seconds:6.2f} s  {seconds / cold:5.2f}x of a cold generation")
    if options.json:
        results = {"corpus": options.corpus, "medians_s": medians, "samples_s": samples}
        options.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
