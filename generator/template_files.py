"""Where the templates are, and a fingerprint of them for the cache; this needs no Jinja."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import cache


def templates_dir() -> Path:
    """The templates shipped in the wheel, or the source checkout's `templates/`."""
    packaged = Path(str(resources.files("generator"))) / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"


def templates_fingerprint(extra_dir: Path | None = None) -> str:
    """A hash of every template that a run may read, so that the cache knows when they change."""
    parts: list[bytes | str] = []
    for folder in (extra_dir, templates_dir()):
        if folder is not None:
            for path in sorted(folder.rglob("*.jinja")):
                parts.extend((path.relative_to(folder).as_posix(), path.read_bytes()))
    return cache.key("templates", *parts)
