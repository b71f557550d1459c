"""The `planner` command: solve, validate and schema. User mistakes exit 2 with one line per problem."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from planner.errors import PlannerError
from planner.io import (
    load_scenario,
    locate_problems,
    plan_to_csv,
    scenario_files,
    schema_json,
    to_json,
    write_text_atomically,
)
from planner.optimize import check_scenario, solve
from planner.report import plan_text

EXIT_USER_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except PlannerError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Optimal promotion-budget plans from scenario files.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("solve", help="solve a scenario and print the plan")
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--budget", type=_amount, help="override the scenario's budget amount")
    run.add_argument("--format", choices=("table", "csv", "json"), default="table")
    run.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    run.set_defaults(command=_solve)

    check = commands.add_parser(
        "validate", help="check scenario files (and their history) without solving; exit 2 if any is invalid"
    )
    check.add_argument("paths", nargs="+", type=Path, help="scenario files or folders (searched for *.yaml, *.yml)")
    check.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    check.set_defaults(command=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.add_argument("--output", "-o", type=Path)
    schema.set_defaults(command=_schema)
    return parser


def _amount(text: str) -> float:
    try:
        value = float(text.replace(",", "").lstrip("¥$€£"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the budget cannot be negative")
    return value


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomically(output, text)


def _solve(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    try:
        plan = solve(scenario, budget=args.budget)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    if args.format == "json":
        text = to_json(plan.to_dict())
    elif args.format == "csv":
        text = plan_to_csv(plan)
    else:
        text = plan_text(plan)
    _emit(text, args.output)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from planner.history import load_history
    from planner.response import build_responses

    files = scenario_files(args.paths)
    if not files:
        print("error: no scenario files (*.yaml, *.yml) found", file=sys.stderr)
        return EXIT_USER_ERROR
    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path)
            check_scenario(scenario)
            build_responses(scenario, load_history(scenario))
        except PlannerError as raw:
            error = locate_problems(raw, path)
            failed += 1
            for problem in error.problems:
                print(f"error: {problem}" if problem.file else f"error: {path}: {problem}", file=sys.stderr)
            continue
        if not args.quiet:
            print(f"ok: {path}")
    if failed:
        print(f"{failed} of {len(files)} scenario files are invalid", file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


def _schema(args: argparse.Namespace) -> int:
    _emit(schema_json(), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
