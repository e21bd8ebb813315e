"""The command line: settings, exit codes and printing. The only module that prints."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import keyword
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from . import __version__, write
from .cache import default_folder
from .config import ConfigError, Settings, choices, find_pyproject, settings_from
from .diagnostics import Diagnostic, InternalError, Severity, Span, error, has_errors
from .incremental import build, read

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BREAKING = 4  # gen-models diff: changes at or above --fail-on


def parser() -> argparse.ArgumentParser:
    flag = argparse.BooleanOptionalAction
    p = argparse.ArgumentParser(
        prog="gen-models",
        description="Generate typed Python dataclasses, reference docs and pytest tests from markdown model specs. "
        "Settings may also come from [tool.gen-models] in pyproject.toml; the command line wins.",
        epilog="`gen-models diff OLD NEW` reports what a change of the specs breaks (see gen-models diff --help); "
        "a spec folder named diff is given as ./diff.",
    )
    p.add_argument("specs", type=Path, nargs="?", help="the folder of markdown specs")
    p.add_argument("-o", "--output", type=Path, help="the output folder, a package named after it (default: generated)")
    p.add_argument("--check", action=flag, help="write nothing; exit 1 if any file would be added, changed or removed")
    p.add_argument("--diff", action=flag, help="write nothing; print a unified diff of what would change")
    p.add_argument(
        "--emit",
        choices=choices("emit"),
        help="ir: print the intermediate model as JSON; jsonschema: print it as JSON Schema (default: files)",
    )
    p.add_argument("--templates", type=Path, help="a folder of templates that override the built-in ones by name")
    p.add_argument("--output-format", choices=choices("output_format"), help="how to print diagnostics")
    p.add_argument("--watch", action=flag, help="regenerate whenever a spec or template changes")
    option_arguments(p)
    p.add_argument("-v", "--verbose", action=flag, help="also show info diagnostics one by one")
    run_arguments(p)
    p.add_argument("--version", action="version", version=f"gen-models {__version__}")
    return p


def option_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments that change how the specs are read and the code generated (Options)."""
    p.add_argument(
        "--wire-case", choices=choices("wire_case"), help="JSON keys as the docs give them (default), or recased"
    )
    p.add_argument(
        "--null-as-absent", action=argparse.BooleanOptionalAction, help="accept null for optional fields, as if absent"
    )
    p.add_argument(
        "--missing-as-any",
        action=argparse.BooleanOptionalAction,
        help="a link to no spec, or a name no spec declares, is Any with a warning instead of an error",
    )
    p.add_argument(
        "--dialect", choices=choices("dialect"), help="read every spec in this dialect (default: each file's own)"
    )


def run_arguments(p: argparse.ArgumentParser) -> None:
    flag = argparse.BooleanOptionalAction
    p.add_argument("--cache", action=flag, help="reuse earlier work from $XDG_CACHE_HOME/gen-models (default: on)")
    p.add_argument("--debug", action=flag, help="show a traceback on internal errors")


def console_main() -> NoReturn:
    """The `gen-models` command: main(), then an exit that skips freeing a large run's objects one
    by one, which takes a tenth of a second or more (mypy exits the same way). The cache has
    committed its writes and the workers have ended by the time main() returns."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:
        from .cli_diff import diff_main  # the diff command's own arguments and printing

        return diff_main(argv[1:])
    arguments = vars(parser().parse_args(argv))
    arguments.pop("version", None)
    try:
        settings = settings_from(find_pyproject(Path.cwd()), arguments)
    except ConfigError as problem:
        print(f"gen-models: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    usage = usage_problem(settings)
    if usage:
        print(f"gen-models: error: {usage}", file=sys.stderr)
        return EXIT_USAGE
    # A run builds many objects that live to its end; collecting garbage as often as Python does
    # by default walks them again and again, a fifth of a run after a small edit (mypy does the same).
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        return watch(settings) if settings.watch else run(settings)
    except KeyboardInterrupt:
        print("gen-models: interrupted; the output folder is as it was, or the next run completes it", file=sys.stderr)
        return 130
    except Exception as problem:
        return internal_error(settings, problem)
    finally:
        gc.set_threshold(*threshold)


def internal_error(settings: Settings, problem: Exception) -> int:
    if settings.debug:
        import traceback  # here, like the other imports a usual run does not need

        traceback.print_exc()
        return EXIT_INTERNAL
    where = ""
    if isinstance(problem, InternalError) and settings.specs is not None:
        where = f" while processing {display(settings.specs / problem.spec)}"
    print(
        f"gen-models: internal error{where}; please report it with that spec "
        "(run again with --debug for the traceback)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def run(settings: Settings) -> int:
    """One run with settings that usage_problem accepted."""
    assert settings.specs is not None
    specs, output = settings.specs.resolve(), settings.output.resolve()
    cache_folder = default_folder() if settings.cache else None
    if settings.emit != "files":
        from . import ir, jsonschema  # only --emit needs them

        declarations, diagnostics = read(specs, output, settings.options, cache_folder)
        report(settings, [located(settings, d) for d in diagnostics])
        document = ir.to_json(declarations) if settings.emit == "ir" else jsonschema.schema(declarations)
        print(json.dumps(document, indent=1))
        return EXIT_ERRORS if has_errors(diagnostics) else EXIT_OK
    result = build(specs, output.name, settings.options, settings.templates, output, cache_folder)
    diagnostics = [located(settings, d) for d in result.diagnostics]
    if result.failed:
        report(settings, diagnostics)
        if settings.output_format == "text":
            print("gen-models: errors found; the output folder was not changed", file=sys.stderr)
        return EXIT_ERRORS
    return update(settings, output, result.files, diagnostics)


def update(settings: Settings, output: Path, generated: dict[str, str], diagnostics: list[Diagnostic]) -> int:
    """Compare the new files with the output folder, then report, diff or write."""
    writing = not (settings.check or settings.diff)
    if writing:
        write.recover(output)  # finish what a killed run left
    files, changes = write.plan(output, generated)
    foreign = [
        error(
            "foreign-file",
            Span(display(output / path)),
            "gen-models did not generate this file and will not overwrite it",
            "move it away, or choose another output folder",
        )
        for path in changes.foreign
    ]
    report(settings, diagnostics + foreign)
    if foreign:
        return EXIT_ERRORS
    if settings.diff:
        sys.stdout.write(write.diff(Path(display(output)), files, changes))
    if settings.check:
        for verb, paths in (("add", changes.added), ("change", changes.changed), ("remove", changes.removed)):
            for path in paths:
                print(f"would {verb} {display(output / path)}", file=sys.stderr)
        interrupted = write.pending(output)
        if interrupted:
            print(
                f"{display(output)} holds the work of an interrupted run; run gen-models to complete it",
                file=sys.stderr,
            )
        return EXIT_OK if changes.clean and not interrupted else EXIT_ERRORS
    if writing:
        try:
            write.write(output, files, changes)
        except OSError as problem:
            print(f"gen-models: error: cannot write {display(output)}: {problem.strerror or problem}", file=sys.stderr)
            return EXIT_ERRORS
    return EXIT_OK


def watch(settings: Settings) -> int:
    """Regenerate on every change to a spec or template, until interrupted; errors never stop it."""
    from watchfiles import watch as changes

    assert settings.specs is not None
    folders = [settings.specs, *([settings.templates] if settings.templates else [])]
    settings = replace(settings, watch=False)
    run_guarded(settings)
    for _ in changes(*folders, watch_filter=lambda _, path: path.endswith((".md", ".jinja"))):
        print("gen-models: change detected; regenerating", file=sys.stderr)
        run_guarded(settings)
    return EXIT_OK


def run_guarded(settings: Settings) -> None:
    try:
        run(settings)
    except Exception as problem:
        internal_error(settings, problem)


def usage_problem(settings: Settings) -> str:
    if settings.specs is None:
        return "no spec folder: give one, or set `specs` in [tool.gen-models] of pyproject.toml"
    specs, output = settings.specs.resolve(), settings.output.resolve()
    if not specs.is_dir():
        return (
            f"the spec folder {settings.specs} does not exist"
            if not specs.exists()
            else f"{settings.specs} is not a folder"
        )
    if output.exists() and not output.is_dir():
        return f"the output {settings.output} is a file, not a folder"
    if not output.name.isidentifier() or keyword.iskeyword(output.name):
        return f"the output folder's name {output.name!r} must be a Python identifier: it is the package name"
    if output == specs or specs in output.parents:
        return "the output folder must not be inside the spec folder"
    if settings.templates is not None and not settings.templates.is_dir():
        return f"the templates folder {settings.templates} does not exist"
    if not (settings.check or settings.diff or settings.emit != "files") and _unwritable(output):
        return f"the output folder {settings.output} cannot be written"
    return ""


def _unwritable(output: Path) -> bool:
    existing = next(folder for folder in (output, *output.parents) if folder.exists())
    return not os.access(existing, os.W_OK | os.X_OK)


def display(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when that is shorter."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)


def located(settings: Settings, diagnostic: Diagnostic) -> Diagnostic:
    """A diagnostic whose path is relative to the spec folder, made relative to the current folder."""
    assert settings.specs is not None
    return replace(diagnostic, span=replace(diagnostic.span, path=display(settings.specs / diagnostic.span.path)))


def report(settings: Settings, diagnostics: list[Diagnostic]) -> None:
    """Every diagnostic; in text and on GitHub, infos only with --verbose, else a count of each kind."""
    if settings.output_format == "json":
        print(json.dumps([as_json(d) for d in diagnostics], indent=1))
        return
    shown = diagnostics if settings.verbose else [d for d in diagnostics if d.severity is not Severity.INFO]
    for diagnostic in shown:
        if settings.output_format == "github":
            print(as_github(diagnostic))
        else:
            print(diagnostic, file=sys.stderr)
    hidden = Counter(d.code for d in diagnostics if d.severity is Severity.INFO and not settings.verbose)
    for code, count in sorted(hidden.items()):
        print(f"gen-models: {count} info[{code}] not shown; --verbose shows them", file=sys.stderr)


def as_json(diagnostic: Diagnostic) -> dict[str, object]:
    span = diagnostic.span
    return {
        "path": span.path,
        "line": span.line,
        "col": span.col,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


def as_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, so the problem shows inline on the pull request."""
    span = diagnostic.span
    message = diagnostic.message + (f" (hint: {diagnostic.hint})" if diagnostic.hint else "")
    properties = f"file={_escape(span.path, True)},line={span.line},col={span.col},title={diagnostic.code}"
    command = "notice" if diagnostic.severity is Severity.INFO else diagnostic.severity.value
    return f"::{command} {properties}::{_escape(message, False)}"


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text
