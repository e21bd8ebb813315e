"""The command line: arguments, exit codes and printing. The only module that prints."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from . import __version__, ir, write
from .config import Options
from .diagnostics import Diagnostic
from .pipeline import build, read_specs

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gen-models",
        description="Generate typed Python dataclasses, reference docs and pytest tests from markdown model specs.",
    )
    p.add_argument("specs", type=Path, help="the folder of markdown specs")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("generated"),
        help="the output folder, an importable package named after it (default: generated)",
    )
    p.add_argument(
        "--emit",
        choices=("files", "ir"),
        default="files",
        help="files: write the output folder (default); ir: print the intermediate model as JSON",
    )
    p.add_argument(
        "--templates", type=Path, default=None, help="a folder of templates that override the built-in ones by name"
    )
    p.add_argument(
        "--wire-case",
        choices=("spec", "camel"),
        default="spec",
        help="JSON keys as the spec writes them (default), or their camelCase",
    )
    p.add_argument(
        "--null-as-absent",
        action="store_true",
        help="accept null for optional fields that are not nullable, as if absent",
    )
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    p.add_argument("--version", action="version", version=f"gen-models {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print(
            "gen-models: interrupted; the output folder is unchanged or will be repaired by the next run",
            file=sys.stderr,
        )
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                "gen-models: internal error; please report it with the spec that triggered it "
                "(run again with --debug for details)",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def run(args: argparse.Namespace) -> int:
    problem = usage_problem(args)
    if problem:
        print(f"gen-models: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    specs, output = args.specs.resolve(), args.output.resolve()
    options = Options(wire_case=args.wire_case, null_as_absent=args.null_as_absent)
    if args.emit == "ir":
        declarations, diagnostics = read_specs(specs, output, options)
        report(diagnostics)
        print(json.dumps(ir.to_json(declarations), indent=1))
        return EXIT_ERRORS if any(d.severity.value == "error" for d in diagnostics) else EXIT_OK
    result = build(specs, output.name, options, args.templates, exclude=output)
    report(result.diagnostics)
    if result.failed:
        print("gen-models: errors found; the output folder was not changed", file=sys.stderr)
        return EXIT_ERRORS
    files = write.merge(output, result.files)
    changes = write.plan(output, files)
    if changes.foreign:
        for path in changes.foreign:
            print(
                f"{output / path}: error[foreign-file]: gen-models did not generate this file "
                "and will not overwrite it",
                file=sys.stderr,
            )
        return EXIT_ERRORS
    write.write(output, files, changes)
    return EXIT_OK


def usage_problem(args: argparse.Namespace) -> str:
    specs, output = args.specs.resolve(), args.output.resolve()
    if not specs.is_dir():
        return f"the spec folder {args.specs} does not exist" if not specs.exists() else f"{args.specs} is not a folder"
    if output.exists() and not output.is_dir():
        return f"the output {args.output} is a file, not a folder"
    if not output.name.isidentifier():
        return f"the output folder's name {output.name!r} must be a Python identifier: it becomes the package name"
    if output == specs or specs in output.parents:
        return "the output folder must not be inside the spec folder"
    if args.templates is not None and not args.templates.is_dir():
        return f"the templates folder {args.templates} does not exist"
    return ""


def report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
