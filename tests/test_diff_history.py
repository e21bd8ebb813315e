"""gen-models diff on a real history: the atoma corpus, and a next version of it made by the edits
below, as an API's docs change from one release to the next. The report is compared with
tests/snapshots/diff_atoma.md, which a person has read finding by finding.

To write the snapshot again after a deliberate change: GEN_MODELS_UPDATE_SNAPSHOTS=1 pytest
tests/test_diff_history.py, then read the difference before committing it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, PROJECT

from generator.cli import EXIT_BREAKING

ATOMA = CORPUS / "atoma-python" / "docs" / "models"
SNAPSHOT = PROJECT / "tests" / "snapshots" / "diff_atoma.md"
ROW = r"\| `{}` +\|[^\n]*\n?"
# (file, pattern, replacement): each pattern must match exactly once.
EDITS = [
    ("usage.md", ROW.format("total_tokens"), ""),  # a required field removed
    ("completionusage.md", r"(\| `completion_tokens` +\| )\*int\*", r"\1*float*"),  # int -> float
    (
        "completionusage.md",
        r"\[OptionalNullable\[models.PromptTokensDetails\]\]",
        "[Optional[models.PromptTokensDetails]]",
    ),
    (
        "usage.md",
        r"\[models.PromptTokensDetails\]\(../models/prompttokensdetails.md\)",
        "[models.CompletionTokensDetails](../models/completiontokensdetails.md)",
    ),
    (
        "responseformattype.md",
        r"(\| `JSON_SCHEMA` +\| json_schema +\|)",
        "\\1\n| `YAML` | yaml |",
    ),  # a closed enum's value added
    ("toolchoiceliteral.md", ROW.format("AUTO"), ""),  # a value removed
    (
        "createimagerequest.md",
        r"(\| `n` +\| )\*OptionalNullable\[int\]\*( +\| ):heavy_minus_sign:",
        r"\1*Nullable[int]*\2:heavy_check_mark:",
    ),
    ("createimagerequest.md", r"\| `user` ", "| `user_id` "),  # renamed, nothing else changed
    ("createimagerequest.md", r"\| `style` ", "| ~~`style`~~ "),  # deprecated
    ("createimagerequest.md", r"\| `response_format` ", "| `responseFormat` "),  # another JSON key, the same attribute
    (
        "chatcompletionmessage.md",
        r"### `models.Tool`\n\n```python\nvalue: models.Tool = /\* values here \*/\n```\n",
        "",
    ),
    ("model.md", r"Individual model object in the response", "A model that the service can run"),  # prose: no change
]
NEW_SPECS = {
    "moderation.md": "# Moderation\n\nA moderation verdict.\n\n## Fields\n\n| Field | Type | Required | Description |\n"
    "| --- | --- | --- | --- |\n| `flagged` | *bool* | :heavy_check_mark: | Whether the input was flagged |\n"
}
REMOVED_SPECS = ["healthresponse.md"]

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not ATOMA.is_dir(), reason="../shared/corpus is absent")]


def next_version(old: Path, new: Path) -> None:
    shutil.copytree(old, new)
    for name, pattern, replacement in EDITS:
        path = new / name
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"))
        assert count == 1, f"{name}: {pattern} matched {count} times"
        path.write_text(text, encoding="utf-8")
    for name, text in NEW_SPECS.items():
        (new / name).write_text(text, encoding="utf-8")
    for name in REMOVED_SPECS:
        (new / name).unlink()


def test_the_next_version_of_atoma_against_its_reviewed_snapshot(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Links climb into the folder by its name (`../models/usage.md`): each side keeps it.
    shutil.copytree(ATOMA, tmp_path / "old" / "models")
    next_version(tmp_path / "old" / "models", tmp_path / "new" / "models")
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "old/models", "new/models", "--output-format", "markdown")
    assert result.code == EXIT_BREAKING, result.err
    assert result.err == ""
    if os.environ.get("GEN_MODELS_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(result.out, encoding="utf-8")
    assert result.out == SNAPSHOT.read_text(encoding="utf-8")
