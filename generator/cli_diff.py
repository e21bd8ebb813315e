"""The `gen-models diff` command: its arguments, exit codes and printing (cli.py dispatches to it)."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from .cache import default_folder
from .cli import (
    EXIT_BREAKING,
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    as_github,
    as_json,
    display,
    internal_error,
    option_arguments,
    run_arguments,
)
from .config import ConfigError, find_pyproject, settings_from
from .diagnostics import Diagnostic
from .diff import Report, report, run, sides
from .diff.settings import diff_settings
from .diff.sides import Side, SideError

FORMATS = ("text", "github", "json", "markdown")
OPTIONS = ("wire_case", "null_as_absent", "missing_as_any", "dialect")


def diff_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gen-models diff",
        usage="gen-models diff [options] OLD NEW\n       gen-models diff [options] --against REF [SPECS]",
        description="Report what a change of the specs breaks: for code generated from the new specs reading "
        "old payloads (read-old), for code generated from the old specs reading new payloads (read-new), and for "
        "the Python API (python). OLD may be REF:PATH, a folder as it was at a git ref (PATH from the top of the "
        "repository, or from here when it starts with ./). Exit codes: 0 nothing at or above --fail-on, "
        "4 breaking changes, 1 the specs of a side do not load, 2 bad usage, 3 internal error. Defaults may "
        "come from [tool.gen-models.diff] in pyproject.toml.",
    )
    p.add_argument("folders", nargs="*", type=Path, metavar="OLD NEW", help=argparse.SUPPRESS)
    p.add_argument("--against", metavar="REF", help="compare SPECS (default: `specs` of pyproject.toml) with REF's")
    p.add_argument("--surface", help="the surfaces that count, comma-separated (default: read-old,read-new,python)")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "none"), help="exit 4 from this level on")
    p.add_argument("--output-format", choices=FORMATS, default="text", help="markdown: a pull-request comment")
    option_arguments(p)
    run_arguments(p)
    return p


def diff_main(argv: list[str]) -> int:
    arguments = vars(diff_parser().parse_args(argv))
    cli_options = {key: arguments[key] for key in OPTIONS}
    try:
        chosen = settings_from(find_pyproject(Path.cwd()), {"cache": arguments["cache"], "debug": arguments["debug"]})
    except ConfigError as problem:
        return _usage(problem)
    try:
        with ExitStack() as stack:
            old, new = _sides(arguments, chosen.specs, cli_options, stack)
            pyproject = find_pyproject(new.specs.resolve())
            what = diff_settings(pyproject, arguments["surface"], arguments["fail_on"])
            result, problems = run(old, new, what, default_folder() if chosen.cache else None, display)
    except (ConfigError, SideError) as problem:
        return _usage(problem)
    except KeyboardInterrupt:
        return 130
    except Exception as problem:
        return internal_error(replace(chosen, specs=None), problem)
    return _printed(result, problems, arguments["output_format"])


def _usage(problem: Exception) -> int:
    print(f"gen-models diff: error: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _sides(arguments: dict[str, Any], specs: Path | None, cli: dict[str, Any], stack: ExitStack) -> tuple[Side, Side]:
    """The old and the new side, as the arguments name them."""
    folders: list[Path] = arguments["folders"]
    if arguments["against"] is not None:
        if len(folders) > 1:
            raise ConfigError("with --against REF, give at most one spec folder: the new side")
        specs = folders[0] if folders else specs and Path(display(specs))
        if specs is None:
            raise ConfigError("no spec folder: give one, or set `specs` in [tool.gen-models] of pyproject.toml")
        new = sides.folder(specs, cli)
        return stack.enter_context(sides.at_ref(arguments["against"], specs, cli)), new
    if len(folders) != 2:
        raise ConfigError("give two spec folders, OLD and NEW, or --against REF")
    old_argument, new_folder = folders
    at_ref = None if old_argument.is_dir() else sides.at_ref_path(str(old_argument), cli)
    old = stack.enter_context(at_ref) if at_ref is not None else sides.folder(old_argument, cli)
    return old, sides.folder(new_folder, cli)


def _printed(result: Report, problems: list[Diagnostic], output_format: str) -> int:
    """The report on stdout (in text and markdown, the problems on stderr), and the exit code."""
    problems = [*result.unreadable, *problems]
    if output_format == "json":
        sys.stdout.write(report.as_json(result, [as_json(d) for d in problems]))
    elif output_format == "github":
        for annotation in [*problems, *report.as_diagnostics(result)]:
            print(as_github(annotation))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.stdout.write(report.as_markdown(result) if output_format == "markdown" else report.as_text(result))
    if result.unreadable:
        print("gen-models diff: the specs of a side do not load; nothing was compared", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_BREAKING if result.failing else EXIT_OK
