"""Black, chunk by chunk: formatting a module's top-level definitions apart, and the statements
of its head, as fmt.format_python does to reuse what every generated test module shares, gives
black's output for the whole module."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, PROJECT

from generator import pipeline, sources
from generator.config import DEFAULT_OPTIONS
from generator.fmt import TOP_LEVEL, _head_pieces, format_python, format_whole
from generator.parallel import Workers
from generator.render import Context

AWKWARD = [
    '"""Doc."""\n\n\nimport os\n\n\nX = 1\n\n\n\n\ndef f():\n  return os\n\n\n# trailing\n# comments\n',
    "import a\n\n\n@decorator(\n    1)\nclass A:\n\n\n    x: int\n\n\nif a:\n    pass\n\n\n# c\ndef g(): pass\n",
    "X = [1,\n]\n\n\nY = {'a':  (1,2)}\n\n\nasync def h():\n    await h()\n\n\n",
    '"""Doc."""\n\n\n\nfrom __future__ import annotations\n\n\nZ: "int" = 1\n\n\nclass B(A): ...\n',
    '"""Doc."""\n\n\ndef f(): ...\n\n\nclass C: ...\n\n\nclass D: ...\n\n\n\nx = f()\n',
    "import a\n\n\n# a comment\n\n\ndef f(): ...\n# USER CODE BEGIN\n\n\n\n# USER CODE END\n",
    # Heads, which are cut before each import or assignment where black keeps the blank lines.
    '"""Doc."""\nimport os\nX = 1\nimport sys\nY: int = 2\n"""Y."""\n\nZ = (\n1,\n)\n\n\n\nW = 3\n',
    '"""Doc.\n\nX = 1\n"""\n\nfrom a import (b,\n  c)\nX = [1,\n]\n\n\n\n\nif X:\n    Y=1\nZ = {}\n',
    '"""Doc."""\n\nimport a\n# a comment\nX = 1\nclass A: pass\nY = 2\n\n\ndef f(): ...\n',
    '"""Doc."""\n\nX = """\nY = 1\n"""\nZ = 2\n',
    "X = 1\nimport a\nY = 2\n",
    '"""Doc."""\n\nX = 1\n\n\nY = 2\nimport a\n\n\nZ = 3\n',
]


@pytest.mark.parametrize("source", AWKWARD)
def test_awkward_modules_format_as_black_formats_them_whole(source: str) -> None:
    assert format_python(source, chunked=True) == format_whole(source)


def rendered(specs: Path) -> dict[str, str]:
    """The package's Python files as the templates write them, before black."""
    loaded, _ = sources.load(specs, None)
    plain = pipeline.PLAIN
    unformatted = pipeline.Stages(plain.parse, plain.reserved, plain.render, lambda files, _: files)
    with Workers(start=False) as workers:
        result = pipeline.build(loaded, specs.as_posix(), Context("out", DEFAULT_OPTIONS), workers, unformatted)
    return {path: text for path, text in result.files.items() if path.endswith(".py")}


@pytest.mark.parametrize(
    "specs",
    [
        pytest.param(PROJECT / "specs", id="showcase"),
        pytest.param(
            CORPUS / "atoma-python" / "docs" / "models",
            id="atoma",
            marks=pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent"),
        ),
    ],
)
def test_generated_modules_format_as_black_formats_them_whole(specs: Path) -> None:
    files = rendered(specs)
    assert len(files) > 10
    assert [path for path, text in files.items() if format_python(text, chunked=True) != format_whole(text)] == []


def test_each_generated_test_module_head_is_cut_into_statements() -> None:
    """What makes chunking pay: a template that put a comment or a definition in a head would
    keep it whole, and black would format each head's shared statements again."""
    heads = [TOP_LEVEL.split(text)[0] for path, text in rendered(PROJECT / "specs").items() if "/test_" in path]
    assert heads
    assert [head for head in heads if sum(code for code, _ in _head_pieces(head)) < 4] == []
