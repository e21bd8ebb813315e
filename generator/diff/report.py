"""A diff's entries as text: one line each, GitHub annotations, JSON, or a markdown pull-request
comment (templates/diff/report.md.jinja). Entries come most severe first, and in a fixed order
after that, so that the same specs give the same report byte for byte."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity
from .findings import RULES, Finding
from .severity import Level, worst
from .suppress import Entry

SEVERITIES = {Level.INFO: Severity.INFO, Level.WARNING: Severity.WARNING, Level.ERROR: Severity.ERROR}


@dataclass(frozen=True)
class Report:
    old: str  # how each side is named
    new: str
    entries: tuple[Entry, ...]  # their spans as the reader should see them
    surfaces: tuple[str, ...]  # the surfaces that count
    fail_on: Level | None
    unreadable: tuple[Diagnostic, ...] = ()  # the errors of a side whose specs do not load: nothing compared

    @property
    def failing(self) -> list[Entry]:
        """The entries that are not allowed and reach --fail-on."""
        return [e for e in self.entries if not e.allowed and self.fail_on is not None and self.level(e) >= self.fail_on]

    def level(self, entry: Entry) -> Level:
        return worst(entry.verdicts, self.surfaces)


def ordered(entries: Sequence[Entry], surfaces: tuple[str, ...]) -> tuple[Entry, ...]:
    """The allowed entries last, the others most severe first; then by place in the specs' names."""

    def key(entry: Entry) -> tuple[object, ...]:
        f = entry.finding
        return (
            bool(entry.allowed),
            -worst(entry.verdicts, surfaces),
            f.declaration,
            f.field,
            f.rule,
            f.old,
            f.new,
            f.span,
        )

    return tuple(sorted(entries, key=key))


def message(finding: Finding) -> str:
    """`models.Pet.name: field removed, was `int``: what changed, not how much it matters."""
    subject = ".".join(part for part in (finding.declaration, finding.field) if part)
    if finding.old and finding.new:
        change = f": `{finding.old}` -> `{finding.new}`"
    elif finding.old or finding.new:
        change = f", was `{finding.old}`" if finding.old else f": `{finding.new}`"
    else:
        change = ""
    guess = " (a guess: a removed and an added field alike but for the name)" if finding.heuristic else ""
    return f"{subject}: {RULES[finding.rule]}{guess}{change}"


def verdict_text(report: Report, entry: Entry) -> str:
    return ", ".join(f"{surface} {entry.verdicts[surface]}" for surface in report.surfaces)


def as_text(report: Report) -> str:
    """Nothing when the specs of a side do not load: their errors are all there is to say."""
    if report.unreadable:
        return ""
    lines = []
    for entry in report.entries:
        shown = "allowed" if entry.allowed else str(report.level(entry))
        note = f"; {entry.allowed}" if entry.allowed else ""
        rule = entry.finding.rule
        lines.append(
            f"{entry.finding.span}: {shown}[{rule}]: {message(entry.finding)} ({verdict_text(report, entry)}){note}"
        )
    lines.append(summary(report))
    return "".join(line + "\n" for line in lines)


def summary(report: Report) -> str:
    counts = {level: 0 for level in reversed(Level)}
    for entry in report.entries:
        if not entry.allowed:
            counts[report.level(entry)] += 1
    allowed = sum(1 for entry in report.entries if entry.allowed)
    parts = [f"{count} {level}" for level, count in counts.items() if count] + (
        [f"{allowed} allowed"] if allowed else []
    )
    return f"gen-models diff {report.old} {report.new}: {', '.join(parts) or 'no changes'}"


def as_diagnostics(report: Report) -> list[Diagnostic]:
    """An annotation for each entry that is not allowed and matters on some surface."""
    found = []
    for entry in report.entries:
        level = report.level(entry)
        if level and not entry.allowed:
            text = f"{message(entry.finding)} ({verdict_text(report, entry)})"
            found.append(Diagnostic(entry.finding.rule, SEVERITIES[level], entry.finding.span, text))
    return found


def as_json(report: Report, diagnostics: list[dict[str, object]]) -> str:
    """`findings` is null when the specs of a side do not load; `diagnostics` then holds their errors."""
    records = [
        {
            "id": entry.finding.rule,
            "severity": {surface: str(level) for surface, level in entry.verdicts.items()},
            "declaration": entry.finding.declaration,
            "field": entry.finding.field,
            "old": entry.finding.old,
            "new": entry.finding.new,
            "span": {"path": entry.finding.span.path, "line": entry.finding.span.line, "col": entry.finding.span.col},
            "heuristic": entry.finding.heuristic,
            "fingerprint": entry.fingerprint,
            "allowed": entry.allowed or None,
            "message": message(entry.finding),
        }
        for entry in report.entries
    ]
    found = None if report.unreadable else records
    document = {"old": report.old, "new": report.new, "findings": found, "diagnostics": diagnostics}
    return json.dumps(document, indent=1) + "\n"


def as_markdown(report: Report) -> str:
    from ..render import environment  # Jinja, for this format only

    shown = [e for e in report.entries if not e.allowed]
    groups = [(level, [e for e in shown if report.level(e) is level]) for level in reversed(Level)]
    return (
        environment()
        .get_template("diff/report.md.jinja")
        .render(
            report=report,
            groups=[(str(level), entries) for level, entries in groups if entries],
            allowed=[e for e in report.entries if e.allowed],
            failing=len(report.failing),
            message=message,
            unreadable=[str(d) for d in report.unreadable],
        )
    )
