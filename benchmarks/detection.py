"""What working out each file's dialect costs, as a share of a cold run.

For each real corpus: parse every spec once, then time every registered dialect's `recognise` on
every document (what a run without --dialect does), and a cold `gen-models` run of the same corpus
(new output folder, --no-cache). Detection runs in the parsing workers, so its CPU time is compared
with the cold run's CPU time (of all its processes) as well as with its wall time.

    python benchmarks/detection.py                     # every corpus in ../shared/corpus
    python benchmarks/detection.py cribl-legacy formance-go --repeat 5
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_sweep import find_entries  # the corpora and their docs folders, as the sweep finds them

from generator.dialects import dialects, reader
from generator.markdown import Document, parse_document

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def documents(folder: Path) -> list[Document]:
    paths = sorted(folder.rglob("*.md"))
    return [parse_document(str(path), path.read_text(encoding="utf-8")) for path in paths]


def detection_seconds(docs: list[Document], repeat: int) -> float:
    """The median time to score every document with every dialect."""
    known = list(dialects().values())

    def once() -> float:
        reader._parsed.cache_clear()  # as cold as a run's fresh worker processes
        start = time.perf_counter()
        for document in docs:
            for dialect in known:
                dialect.recognise(document)
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(repeat))


def cold_run(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds (of gen-models and its workers) of one cold run, errors allowed."""
    with tempfile.TemporaryDirectory() as work:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        command = [
            sys.executable,
            "-m",
            "generator",
            str(folder),
            "-o",
            f"{work}/out",
            "--no-cache",
            "--missing-as-any",
        ]
        subprocess.run(command, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", help="corpus names (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    print("| Corpus | Specs | Detection | Cold run (wall / CPU) | Detection / cold CPU |")
    print("| --- | --- | --- | --- | --- |")
    for entry in find_entries(CORPORA, arguments.corpora):
        folder, name = entry.docs, entry.name
        docs = documents(folder)
        detection = detection_seconds(docs, arguments.repeat)
        runs = [cold_run(folder) for _ in range(arguments.repeat)]
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(
            f"| {name} | {len(docs)} | {detection:.3f} s | {wall:.2f} s / {cpu:.2f} s | {detection / cpu:.2%} |",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
