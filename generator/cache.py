"""A content-addressed cache of earlier work, so that runs on unchanged input skip it.

Entries are keyed by a hash of everything that decides them (gen-models' own code included),
so a stale entry is never read. It lives in one SQLite file under $XDG_CACHE_HOME/gen-models
(default ~/.cache/gen-models); `--no-cache` turns it off, and deleting the folder is always safe.
It stays small: each run keeps the last few whole runs, and drops other entries after a week.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
import time
from pathlib import Path
from typing import Any

from . import __version__

BATCH = 500  # keys per query, well below SQLite's limit on parameters
SCHEMA = 3  # the cache file's PRAGMA user_version; a file of another version is emptied
KEPT_RUNS = 4  # whole runs kept (each holds every output file), the newest first
KEPT_SECONDS = 7 * 24 * 3600  # how long other entries are kept after they were written


@functools.cache
def _code() -> bytes:
    """A digest of gen-models' version and code: a version number alone does not tell apart two
    builds from a work tree, whose entries may hold objects of different shapes."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(_code())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gen-models"


class Cache:
    """Values by (kind, key). Any trouble with the cache file makes it a cache that holds nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.connection: sqlite3.Connection | None = None
        self.folder: Path | None = None  # set once the cache works; other caches may live beside it
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(folder / "cache.sqlite", timeout=5, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            if self.connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                self.connection.executescript(f"DROP TABLE IF EXISTS entries; VACUUM; PRAGMA user_version = {SCHEMA};")
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS entries"  # `written` before `value`: pruning skips the values
                " (kind TEXT, key TEXT, written INTEGER, value BLOB, PRIMARY KEY (kind, key))"
            )
            self.folder = folder
        except (OSError, sqlite3.Error):
            self.connection = None

    def get(self, kind: str, entry: str) -> Any:
        return self.get_many(kind, [entry]).get(entry)

    def put_many(self, kind: str, entries: dict[str, Any]) -> None:
        """Store entries; storing a whole run also drops what the cache no longer keeps."""
        if self.connection is None or not entries:
            return
        now = int(time.time())
        rows = [
            (kind, entry, now, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            for entry, value in entries.items()
        ]
        try:
            self.connection.execute("BEGIN")
            self.connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
            if kind == "run":
                self._forget_old(now)
            self.connection.execute("COMMIT")
        except sqlite3.Error:
            self.connection = None

    def _forget_old(self, now: int) -> None:
        assert self.connection is not None
        self.connection.execute("DELETE FROM entries WHERE kind != 'run' AND written < ?", (now - KEPT_SECONDS,))
        self.connection.execute(
            "DELETE FROM entries WHERE kind = 'run' AND key NOT IN"
            " (SELECT key FROM entries WHERE kind = 'run' ORDER BY written DESC, rowid DESC LIMIT ?)",
            (KEPT_RUNS,),
        )

    def get_many(self, kind: str, entries: list[str]) -> dict[str, Any]:
        """The entries found, by key; a value that cannot be read counts as missing."""
        found: dict[str, Any] = {}
        if self.connection is None:
            return found
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            query = f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({', '.join('?' * len(batch))})"
            try:
                rows = self.connection.execute(query, (kind, *batch)).fetchall()
            except sqlite3.Error:
                return found
            for entry, value in rows:
                with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    found[entry] = pickle.loads(value)
        return found
