"""`gen-models diff`: what a change of the specs breaks, for whom.

Both sides are read to their resolved IR (incremental.read: no rendering, no black), compared
(compare.py), each change judged on three surfaces (severity.py), suppressions applied
(suppress.py), and the entries put in order for a report (report.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..incremental import read
from .compare import compare
from .report import Report, ordered
from .settings import DiffSettings
from .sides import Side
from .suppress import Entry, inline_allows, judged

Shown = Callable[[Path], str]  # a path as the user should read it


def run(
    old: Side, new: Side, settings: DiffSettings, cache_folder: Path | None, shown: Shown
) -> tuple[Report, list[Diagnostic]]:
    """The report, and the suppressions' warnings. Without a cache folder, the sides share one for
    this run only: a spec the change left alone is parsed once."""
    with tempfile.TemporaryDirectory(prefix="gen-models-diff-") as own:
        sides = [(side, *read(side.specs, None, side.options, cache_folder or Path(own))) for side in (old, new)]
    unreadable = [_located(d, s, shown) for s, _, problems in sides for d in problems if d.severity is Severity.ERROR]
    if unreadable:
        return Report(old.label, new.label, (), settings.surfaces, settings.fail_on, tuple(unreadable)), []
    (_, before, _), (_, after, _) = sides
    findings = compare(before, after)
    removals = {f.span.path for f in findings if f.in_old}
    inline = inline_allows(new.specs) + inline_allows(old.specs, in_old=True, paths=removals)
    entries, problems = judged(findings, settings, inline)
    shown_entries = [_shown_entry(entry, old if entry.finding.in_old else new, shown) for entry in entries]
    report = Report(
        old.label, new.label, ordered(shown_entries, settings.surfaces), settings.surfaces, settings.fail_on
    )
    return report, [_located(d, new, shown) for d in problems]


def _located(diagnostic: Diagnostic, side: Side, shown: Shown) -> Diagnostic:
    return replace(diagnostic, span=replace(diagnostic.span, path=shown(side.shown / diagnostic.span.path)))


def _shown_entry(entry: Entry, side: Side, shown: Shown) -> Entry:
    span = entry.finding.span
    finding = replace(entry.finding, span=replace(span, path=shown(side.shown / span.path)))
    return replace(entry, finding=finding)


__all__ = ["DiffSettings", "Report", "run"]
