"""The two sides of a diff: a spec folder, or a spec folder as it was at a git ref, each with the
options of its own `[tool.gen-models]` (the `wire_case` of one side may differ from the other's).

A ref is read through the `git` command: `git archive` of the folder into a temporary folder,
with the pyproject.toml files above it, as they were at that ref.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..config import Options, find_pyproject, settings_from


@dataclass(frozen=True)
class Side:
    label: str  # how the report names it: the folder, or REF:PATH
    specs: Path  # the folder to read
    shown: Path  # the folder that paths in the report are relative to (the working tree's, for a ref)
    options: Options


class SideError(Exception):
    """A side that cannot be read: no such folder, no git, no such ref or path."""


def folder(path: Path, cli: dict[str, Any]) -> Side:
    if not path.is_dir():
        raise SideError(f"the spec folder {path} does not exist" if not path.exists() else f"{path} is not a folder")
    return Side(str(path), path, path, _options(path, cli))


@contextmanager
def at_ref(ref: str, path: Path, cli: dict[str, Any]) -> Iterator[Side]:
    """The folder `path` of the working tree, as it was at `ref`."""
    top = _top(path)
    relative = _inside(top, path)
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", problem=f"no commit is named {ref!r}")
    archive = _git(top, "archive", "--format=tar", ref, "--", relative, problem=f"{ref} has no folder {relative}")
    with tempfile.TemporaryDirectory(prefix="gen-models-diff-") as temporary:
        tree = Path(temporary)
        with tarfile.open(fileobj=io.BytesIO(archive)) as files:
            files.extractall(tree, filter="data")
        for parent in (PurePosixPath(relative), *PurePosixPath(relative).parents):
            _extract_pyproject(top, ref, parent, tree)
        specs = tree / relative
        yield Side(f"{ref}:{relative}", specs, top / relative, _options(specs, cli))


def at_ref_path(argument: str, cli: dict[str, Any]) -> AbstractContextManager[Side] | None:
    """`REF:PATH` as git reads it: PATH from the top of the repository, or from the current folder
    when it starts with `./` or `../`. None when the argument is no such thing."""
    ref, colon, path = argument.partition(":")
    if not colon or not ref:
        return None
    if path.startswith(("./", "../")) or path in (".", ".."):
        return at_ref(ref, Path.cwd() / path, cli)
    return at_ref(ref, _top(Path.cwd()) / path, cli)


def _options(specs: Path, cli: dict[str, Any]) -> Options:
    return settings_from(find_pyproject(specs.resolve()), cli).options


def _top(path: Path) -> Path:
    existing = next(folder for folder in (path.absolute(), *path.absolute().parents) if folder.is_dir())
    top = _git(existing, "rev-parse", "--show-toplevel", problem=f"{path} is not in a git repository")
    return Path(top.decode().strip()).resolve()


def _inside(top: Path, path: Path) -> str:
    """path relative to top, with forward slashes; `.` for top itself."""
    try:
        return (path.absolute().resolve().relative_to(top)).as_posix()
    except ValueError:
        raise SideError(f"{path} is outside the git repository at {top}") from None


def _extract_pyproject(top: Path, ref: str, folder: PurePosixPath, tree: Path) -> None:
    name = (folder / "pyproject.toml").as_posix()
    done = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=top, capture_output=True, check=False)
    if done.returncode == 0:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(done.stdout)


def _git(where: Path, *arguments: str, problem: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=where, capture_output=True, check=False)
    except FileNotFoundError:
        raise SideError("reading a git ref needs the `git` command, which is not installed") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise SideError(problem + (f" (git: {said[-1]})" if said else ""))
    return done.stdout
