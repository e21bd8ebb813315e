"""Work on every core: results in order, errors raised here, and black kept out of this process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.fmt import format_files
from generator.parallel import THRESHOLD, Workers, parallel_map


def square(number: int) -> int:
    return number * number


def fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


@pytest.mark.parametrize("count", [3, THRESHOLD * 4], ids=["here", "in workers"])
def test_results_come_back_in_order(count: int) -> None:
    assert parallel_map(square, list(range(count)), "squaring") == [n * n for n in range(count)]


def test_an_error_in_a_worker_is_raised_here() -> None:
    with Workers() as workers, pytest.raises(ValueError, match="seven"):
        workers.map(fail_on_seven, list(range(THRESHOLD)), "checking")


def test_the_formatter_formats_in_workers_that_imported_black_themselves() -> None:
    """Importing black costs a tenth of a second; where there are workers, it is their cost."""
    code = (
        "import sys\n"
        "from generator.fmt import black_mode, format_files\n"
        "from generator.parallel import Workers\n"
        "with Workers(prepare=black_mode) as workers:\n"
        "    files = format_files({'a.py': 'x=( 1 )', 'a.md': 'x=( 1 )'}, workers)\n"
        "    print(files == {'a.py': 'x = 1\\n', 'a.md': 'x=( 1 )'}, workers.pool is None,"
        " 'black' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    formatted, no_workers, black_here = done.stdout.split()
    assert formatted == "True"
    assert black_here == no_workers  # black is imported here only when there is no worker to do it


def test_a_template_that_makes_invalid_python_is_an_error_here() -> None:
    with Workers() as workers, pytest.raises(Exception, match=r"(?i)cannot parse"):
        format_files({"a.py": "def (:\n"}, workers)
