"""Writing the output folder: only files that gen-models generated are ever changed or removed.

The manifest lists the files of the last run. A run stages every new file beside its target, then
writes a journal of the renames and removals it is about to make, then makes them with Ctrl-C held
back, and deletes the journal. A failure before the journal leaves the output as it was; a run
killed after it leaves a journal, and the next run (`recover`) finishes the work.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

MANIFEST = ".gen-models-manifest.json"
JOURNAL = ".gen-models-journal.json"
STAGED = ".gen-models-new"  # suffix of staged files: `.<name>.gen-models-new`


@dataclass(frozen=True)
class Journal:
    """The renames (target -> staged file) and removals a run is about to make, and its manifest."""

    replace: dict[str, str]
    remove: list[str]
    manifest: list[str]

    @classmethod
    def read(cls, path: Path) -> Journal | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data["replace"]), list(data["remove"]), list(data["manifest"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def text(self) -> str:
        return json.dumps({"replace": self.replace, "remove": self.remove, "manifest": self.manifest}, indent=1)


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
    old, new = _user_block(old_text), _user_block(new_text)
    if old is None or new is None:
        return new_text
    return new_text[: new[0]] + old_text[old[0] : old[1]] + new_text[new[1] :]


def _user_block(text: str) -> tuple[int, int] | None:
    """Where the users' block lies: after the last BEGIN line (the block ends the file, after
    anything a spec may have put in a docstring) and before the END line that follows it."""
    begin = text.rfind("\n# USER CODE BEGIN")
    start = text.find("\n", begin + 1) + 1 if begin >= 0 else 0
    end = text.find("# USER CODE END", start)
    return (start, end) if begin >= 0 and start > 0 and end >= 0 else None


def plan(output: Path, generated: dict[str, str]) -> tuple[dict[str, str], Plan]:
    """The files to write, with the users' blocks kept from the files on disk, and what writing
    them would change. Each file on disk is read once."""
    owned = set(read_manifest(output))
    files: dict[str, str] = {}
    added: list[str] = []
    changed: list[str] = []
    foreign: list[str] = []
    for path, text in sorted(generated.items()):
        try:
            current = (output / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            files[path] = text
            added.append(path)
            continue
        except IsADirectoryError:
            files[path] = text
            foreign.append(path)
            continue
        except OSError:  # there, but unreadable: it differs
            current = b""
        if "USER CODE" in text:
            text = keep_user_code(text, current.decode("utf-8", errors="replace"))
        files[path] = text
        if current != text.encode("utf-8"):
            (changed if path in owned else foreign).append(path)
    removed = sorted(path for path in owned - set(generated) if (output / path).is_file())
    return files, Plan(added, changed, removed, foreign)


def diff(output: Path, files: dict[str, str], changes: Plan) -> str:
    """A unified diff of the plan, as `git diff` would show it."""
    chunks: list[str] = []
    for path in sorted(changes.added + changes.changed + changes.removed):
        target = output / path
        old = _read_text(target).splitlines(keepends=True) if path not in changes.added else []
        new = files[path].splitlines(keepends=True) if path not in changes.removed else []
        label = (output / path).as_posix()
        chunks.extend(difflib.unified_diff(old, new, f"a/{label}", f"b/{label}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in chunks)


def pending(output: Path) -> bool:
    """Whether a killed run left work for `recover`."""
    return (output / JOURNAL).exists()


def recover(output: Path) -> None:
    """Finish the work of a run that was killed, and clear staged files that no journal names."""
    journal = Journal.read(output / JOURNAL)
    if journal is not None:
        _commit(output, journal)
    (output / JOURNAL).unlink(missing_ok=True)
    for staged in output.rglob(f"*{STAGED}"):
        if staged.is_file():
            staged.unlink()


def write(output: Path, files: dict[str, str], changes: Plan) -> None:
    """Apply a plan whose `foreign` list is empty."""
    created = [] if output.exists() else [output]
    output.mkdir(parents=True, exist_ok=True)
    staged: dict[str, str] = {}
    try:
        written = changes.added + changes.changed
        for parent in sorted({path.rpartition("/")[0] for path in written} - {""}):
            created.extend(_make_parents(output, output / parent))
        for path in written:
            staged[path] = _stage(output, path, files[path])
        journal = Journal(staged, changes.removed, sorted(files))
        _atomic_write(output / JOURNAL, journal.text())
    except BaseException:
        for temporary in staged.values():
            (output / temporary).unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only folders this run made, and only when empty
        raise
    with _interrupts_held():
        _commit(output, journal)


def _commit(output: Path, journal: Journal) -> None:
    """Rename the staged files into place, remove stale ones, write the manifest; each step can
    be repeated, so a run killed halfway through is finished by the next."""
    for path, staged in journal.replace.items():
        with contextlib.suppress(FileNotFoundError):  # already renamed, by a run that was killed
            os.replace(os.path.join(output, staged), os.path.join(output, path))
    for path in journal.remove:
        (output / path).unlink(missing_ok=True)
        _remove_empty_parents(output, (output / path).parent)
    manifest = {"generator": "gen-models", "files": journal.manifest}
    _atomic_write(output / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    (output / JOURNAL).unlink(missing_ok=True)


def _stage(output: Path, path: str, text: str) -> str:
    """Write text beside its target under a staged name; returns that name, relative to output."""
    folder, _, name = path.rpartition("/")
    staged = f"{folder}/.{name}{STAGED}" if folder else f".{name}{STAGED}"
    with open(os.path.join(output, staged), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    return staged


def _atomic_write(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_parents(output: Path, folder: Path) -> list[Path]:
    """Create folder and its missing parents inside output; returns those it created, outermost first."""
    missing = []
    while folder != output and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir()
    return list(reversed(missing))


def _remove_empty_parents(output: Path, folder: Path) -> None:
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold back Ctrl-C (and SIGTERM) while the renames run; deliver it afterwards."""
    received: list[int] = []

    def hold(number: int, frame: FrameType | None) -> None:
        received.append(number)

    try:
        previous = {number: signal.signal(number, hold) for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals cannot arrive here anyway
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if received:
        raise KeyboardInterrupt
