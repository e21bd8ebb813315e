"""Writing the output folder: only files gen-models generated are ever changed or removed.

The manifest lists the files of the last run. Files are replaced one by one through a temporary
file and a rename; the manifest is widened before and narrowed after, so a run that is killed
leaves a manifest that still knows every file it may have written, and the next run repairs all.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".gen-models-manifest.json"
USER_CODE = re.compile(r"^# USER CODE BEGIN[^\n]*\n(.*?)^# USER CODE END", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Plan:
    """What a run would change in the output folder."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    foreign: list[str]  # files in the way that gen-models did not generate

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def read_manifest(output: Path) -> list[str]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return [str(path) for path in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def keep_user_code(new_text: str, old_text: str) -> str:
    """Carry the block between the USER CODE markers over from the file on disk."""
    old, new = USER_CODE.search(old_text), USER_CODE.search(new_text)
    if old is None or new is None:
        return new_text
    return new_text[: new.start(1)] + old.group(1) + new_text[new.end(1) :]


def merge(output: Path, files: dict[str, str]) -> dict[str, str]:
    """The generated files with the users' blocks from the files on disk kept."""
    merged = {}
    for path, text in files.items():
        target = output / path
        merged[path] = keep_user_code(text, target.read_text(encoding="utf-8")) if target.is_file() else text
    return merged


def plan(output: Path, files: dict[str, str]) -> Plan:
    owned = set(read_manifest(output))
    added, changed, foreign = [], [], []
    for path, text in sorted(files.items()):
        target = output / path
        if not target.exists():
            added.append(path)
        elif path not in owned and target.read_bytes() != text.encode("utf-8"):
            foreign.append(path)
        elif target.read_bytes() != text.encode("utf-8"):
            changed.append(path)
    removed = sorted(path for path in owned - set(files) if (output / path).is_file())
    return Plan(added, changed, removed, foreign)


def write(output: Path, files: dict[str, str], changes: Plan) -> None:
    """Apply a plan whose `foreign` list is empty."""
    output.mkdir(parents=True, exist_ok=True)
    _write_manifest(output, sorted(set(read_manifest(output)) | set(files)))
    for path in changes.added + changes.changed:
        _replace(output / path, files[path])
    for path in changes.removed:
        (output / path).unlink()
        _remove_empty_parents(output, (output / path).parent)
    _write_manifest(output, sorted(files))


def _write_manifest(output: Path, paths: list[str]) -> None:
    text = json.dumps({"generator": "gen-models", "files": paths}, indent=1) + "\n"
    _replace(output / MANIFEST, text)


def _replace(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_parents(output: Path, folder: Path) -> None:
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
