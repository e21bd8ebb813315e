"""Findings -> entries of a report: each finding with its levels and fingerprint, and whether a
suppression allows it. None depends on a message's words:

- `allow = [{fingerprint, reason}]` under [tool.gen-models.diff];
- `<!-- gen-models: allow RULE[, RULE...] -->` in a spec, on the line of the row, heading or value
  that changed, or on its own line just above it; for a change inside a declaration, also beside
  the declaration's heading; for a removal, in the old specs where the removed thing was.

A suppression that allows nothing is reported as a warning, so that none outlives its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import sources
from ..diagnostics import Diagnostic, Span, warning
from .findings import RULES, Finding
from .settings import DiffSettings
from .severity import Verdicts, fingerprint, verdicts

ALLOW = re.compile(r"<!--\s*gen-models:\s*allow\s+(.*?)\s*-->")


@dataclass(frozen=True)
class InlineAllow:
    span: Span  # the comment, in the new specs (or in the old ones)
    rules: tuple[str, ...]
    in_old: bool = False


@dataclass(frozen=True)
class Entry:
    """A finding as a report shows it."""

    finding: Finding
    verdicts: Verdicts
    fingerprint: str
    allowed: str = ""  # why it is allowed, or "" when it is not


def inline_allows(root: Path, in_old: bool = False, paths: Iterable[str] | None = None) -> list[InlineAllow]:
    """The allow comments in the specs under root (only in `paths`, when given)."""
    files = sources.discover(root)[0] if paths is None else [root / path for path in sorted(set(paths))]
    found = []
    for path, data in sources.read_bytes(root, [file for file in files if file.is_file()])[0]:
        decoded = sources.decode(path, data)[0] if b"gen-models:" in data else None
        for number, line in enumerate(decoded.text.split("\n") if decoded else (), start=1):
            for match in ALLOW.finditer(line):
                rules = tuple(rule for rule in re.split(r"[\s,]+", match.group(1)) if rule)
                found.append(InlineAllow(Span(path, number, match.start() + 1), rules, in_old))
    return found


def judged(
    findings: list[Finding], settings: DiffSettings, inline: list[InlineAllow]
) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries, and a warning for each suppression that allows nothing."""
    reasons = {allowance.fingerprint: allowance.reason for allowance in settings.allow}
    used_prints: set[str] = set()
    used_comments: set[InlineAllow] = set()
    entries = []
    for finding in findings:
        printed = fingerprint(finding)
        allowed = reasons.get(printed, "")
        if allowed:
            used_prints.add(printed)
        comment = next((c for c in inline if _allows(c, finding)), None)
        if comment is not None:
            used_comments.add(comment)
            allowed = allowed or f"an allow comment in the spec, line {comment.span.line}"
        entries.append(Entry(finding, verdicts(finding, settings.rules), printed, allowed))
    unused = [c for c in inline if not c.in_old and c not in used_comments]
    return entries, _unused(settings, unused, used_prints)


def _allows(comment: InlineAllow, finding: Finding) -> bool:
    if finding.rule not in comment.rules:
        return False
    places = [(finding.in_old, finding.span), *((False, anchor) for anchor in finding.anchors)]
    return any(
        in_old == comment.in_old
        and span.path == comment.span.path
        and span.line in (comment.span.line, comment.span.line + 1)
        for in_old, span in places
    )


def _unused(settings: DiffSettings, inline: list[InlineAllow], used: set[str]) -> list[Diagnostic]:
    problems = []
    for comment in inline:
        unknown = [rule for rule in comment.rules if rule not in RULES]
        if unknown:
            problems.append(warning("unknown-rule", comment.span, f"no rule is named `{unknown[0]}`"))
        else:
            problems.append(warning("unused-allow", comment.span, "this allow comment matches no change; remove it"))
    if settings.pyproject is not None:
        text = settings.pyproject.read_text(encoding="utf-8")
        for allowance in settings.allow:
            if allowance.fingerprint not in used:
                span = Span(str(settings.pyproject), _line_of(text, allowance.fingerprint))
                message = f"the allowance of fingerprint {allowance.fingerprint} matches no change; remove it"
                problems.append(warning("unused-allow", span, message))
    return problems


def _line_of(text: str, needle: str) -> int:
    return text[: max(text.find(needle), 0)].count("\n") + 1
