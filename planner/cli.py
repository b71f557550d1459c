"""The `planner` command: solve, explain, frontier, backtest, validate and schema.

User mistakes exit 2 with one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from planner.api import solve
from planner.data.io import (
    load_scenario,
    locate_problems,
    scenario_files,
    schema_json,
    to_json,
    write_text_atomically,
)
from planner.data.reading import MAX_MAGNITUDE, is_control
from planner.insight.exports import plan_to_csv
from planner.insight.report import plan_text
from planner.model.errors import InfeasibleError, PlannerError, cap_problems
from planner.optimize.pipeline import check_scenario

EXIT_USER_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its usage line and the reason (or --help)
        return stop.code if isinstance(stop.code, int) else EXIT_USER_ERROR
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except PlannerError as error:
        if isinstance(error, InfeasibleError) and error.summary:
            _error(" ".join(str(sentence) for sentence in error.summary))
        for problem in cap_problems(error.problems):
            _error(str(problem))
        return EXIT_USER_ERROR
    except OSError as error:  # an output path that cannot be written
        _error(f"{error.filename or ''}: {error.strerror or error}")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def _error(text: str) -> None:
    """Print one problem to standard error, control characters shown as escapes, never raw."""
    print("error: " + "".join(ascii(ch)[1:-1] if is_control(ch) else ch for ch in text), file=sys.stderr)


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

    explain = commands.add_parser("explain", help="solve a scenario and explain the plan in plain words")
    explain.add_argument("scenario", type=Path)
    explain.add_argument("--budget", type=_amount, help="override the scenario's budget amount")
    explain.add_argument("--language", "--lang", choices=("en", "zh"), default="en")
    explain.add_argument("--range", action="store_true", help="add P10/P50/P90 of the outcome (bootstrap of history)")
    explain.set_defaults(command=_explain)

    curve = commands.add_parser("frontier", help="best objective at every budget from zero to a multiple of today's")
    curve.add_argument("scenario", type=Path)
    curve.add_argument("--points", type=int, default=50, help="number of budgets (default 50)")
    curve.add_argument("--up-to", type=float, default=2.0, help="largest budget as a multiple of today's (default 2)")
    curve.add_argument("--csv", type=Path, help="write the table (budget, objective, marginal, mix) as CSV")
    curve.add_argument("--chart", type=Path, help="write the chart as a standalone HTML page")
    curve.set_defaults(command=_frontier)

    back = commands.add_parser("backtest", help="fit curves on earlier weeks, score them on later weeks")
    back.add_argument("scenario", type=Path)
    back.add_argument("--split", type=float, default=0.75, help="share of weeks to fit on (default 0.75)")
    back.set_defaults(command=_backtest)

    schema = commands.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.add_argument("--output", "-o", type=Path)
    schema.set_defaults(command=_schema)
    return parser


def _amount(text: str) -> float:
    try:
        value = float(text.replace(",", "").lstrip("¥$€£"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite amount")
    if value < 0:
        raise argparse.ArgumentTypeError("the budget cannot be negative")
    if value > MAX_MAGNITUDE:
        raise argparse.ArgumentTypeError(f"{text!r} is too large: at most {MAX_MAGNITUDE:g}")
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


def _explain(args: argparse.Namespace) -> int:
    from planner.insight.trust import outcome_range

    scenario = load_scenario(args.scenario)
    try:
        plan = solve(scenario, budget=args.budget)
        lines = [plan.explain(args.language)]
        if args.range:
            spread = outcome_range(plan)
            low, mid, high = spread.conversions
            label = "转化 P10 / P50 / P90" if args.language == "zh" else "conversions P10 / P50 / P90"
            lines.append(f"{label}: {low:,.0f} / {mid:,.0f} / {high:,.0f}  ({spread.draws} bootstrap draws)")
            if spread.fixed_channels:
                lines.append(
                    f"(no spread from {', '.join(spread.fixed_channels)}: their yields are given, not from history)"
                )
    except InfeasibleError as error:
        if args.language == "zh":
            for line in locate_problems(error, args.scenario).render("zh").splitlines():
                _error(line)
            return EXIT_USER_ERROR
        raise locate_problems(error, args.scenario) from None
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _frontier(args: argparse.Namespace) -> int:
    from planner.data.io import table_to_csv, write_chart_html
    from planner.insight.report import frontier_chart, frontier_text
    from planner.optimize.frontier import frontier

    if args.points < 2:
        raise PlannerError("--points must be at least 2")
    if not 0 < args.up_to <= 100:
        raise PlannerError("--up-to must be a multiple of today's budget between 0 and 100")
    scenario = load_scenario(args.scenario)
    try:
        result = frontier(scenario, points=args.points, up_to=args.up_to)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    if args.csv:
        write_text_atomically(args.csv, table_to_csv(result.table))
    if args.chart:
        write_chart_html(frontier_chart(result), args.chart)
    sys.stdout.write(frontier_text(result))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from planner.insight.report import backtest_text
    from planner.insight.trust import backtest_channels

    if not 0.2 <= args.split <= 0.9:
        raise PlannerError("--split must be between 0.2 and 0.9")
    scenario = load_scenario(args.scenario)
    try:
        table = backtest_channels(scenario, args.split)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    sys.stdout.write(backtest_text(table))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from planner.curves.response import build_responses
    from planner.data.history import load_history
    from planner.data.inputs import load_curve_tables

    files = scenario_files(args.paths)
    if not files:
        _error("no scenario files (*.yaml, *.yml) found; name a scenario file or a folder holding some")
        return EXIT_USER_ERROR
    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path)
            check_scenario(scenario)
            build_responses(scenario, load_history(scenario), load_curve_tables(scenario))
        except PlannerError as raw:
            error = locate_problems(raw, path)
            failed += 1
            for problem in cap_problems(error.problems):
                _error(str(problem) if problem.file else f"{path}: {problem}")
            continue
        if not args.quiet:
            print(f"ok: {ascii(str(path))[1:-1] if any(is_control(ch) for ch in str(path)) else path}")
    if failed:
        print(f"{failed} of {len(files)} scenario files are invalid", file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


def _schema(args: argparse.Namespace) -> int:
    _emit(schema_json(), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
