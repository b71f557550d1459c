"""The `planner` command: solve, explain, frontier, report, backtest, review, validate, schema and new.

User mistakes exit 2 with one line per problem, never a traceback. Every command that prints words takes
`--lang en|zh`; without it the language comes from PLANNER_LANG, then LC_ALL, LC_MESSAGES or LANG
(Chinese when the first one set starts with "zh", else English). `--help` speaks the same language, its texts
from the catalogue (area cli), with --lang anywhere on the line.
"""

from __future__ import annotations

import argparse
import errno
import functools
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

# Only what parsing the arguments and reporting a mistake need: each command imports its own needs when it runs,
# so `planner --help` and a mistyped option never load pandas, SciPy, PuLP or HiGHS (tests/test_cli_imports.py).
from planner.data.reading import MAX_MAGNITUDE, is_control
from planner.model.errors import InfeasibleError, PlannerError, Problem, ScenarioError, cap_problems
from planner.model.formatting import format_number, parse_amount
from planner.model.i18n import Join, Number, Text, label, render

if TYPE_CHECKING:
    from planner.model.plan import Plan

EXIT_USER_ERROR = 2
Kept = TypeVar("Kept")  # what a command keeps in the result cache (_through_cache)
LANGUAGE_VARIABLES = ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """Return 'zh' when the first of PLANNER_LANG, LC_ALL, LC_MESSAGES, LANG that is set starts with zh, else 'en'."""
    environ = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        if value := environ.get(name, "").strip():
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _language_in(argv: Sequence[str]) -> str:
    """Return the language named by --lang/--language in raw arguments (before parsing), else the default."""
    for index, argument in enumerate(argv):
        for option in ("--lang", "--language"):
            if argument == option and index + 1 < len(argv) and argv[index + 1] in ("en", "zh"):
                return argv[index + 1]
            if argument.startswith(option + "=") and argument.split("=", 1)[1] in ("en", "zh"):
                return argument.split("=", 1)[1]
    return default_language()


class _Parser(argparse.ArgumentParser):
    """Argument parsing whose help and mistakes are in the reader's language (mistakes exit 2, like every other)."""

    language = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **{**kwargs, "add_help": False})
        # argparse's own words (section titles, -h) are English: the catalogue's, in the language, instead.
        self._positionals.title = _help("positionals")
        self._optionals.title = _help("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_help("help"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        _error(_argparse_message(message, _Parser.language), _Parser.language)
        raise SystemExit(EXIT_USER_ERROR)


class _HelpFormatter(argparse.HelpFormatter):
    """Help in the reader's language: "usage:" and the section headings translated, and Chinese wrapped by the
    columns it takes (a Chinese character is two columns wide; textwrap counts it as one)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _help("usage") if prefix is None else prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        # argparse lines the usage's continuation lines up under the prefix by its length in characters.
        extra = _columns(prefix or "") - len(prefix or "")
        self._width -= extra
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        return text.replace("\n ", "\n" + " " * (extra + 1)) if extra else text

    def format_help(self) -> str:
        text = super().format_help()
        for title in (_help("positionals"), _help("options")):  # argparse writes "TITLE:"
            text = text.replace(f"\n{title}:\n", f"\n{_help('heading', title=title)}\n")
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width) if _columns(text) > len(text) else super()._split_lines(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if _columns(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _columns(text: str) -> int:
    """Return the columns a text takes in a terminal: two for each wide (Chinese) character."""
    return len(text) + sum(1 for character in text if _is_wide(character))


NO_LINE_START = "，。；：、）》」』！？…"  # Chinese punctuation stays at the end of the line before,
NO_LINE_END = "（《「『"  # and an opening bracket goes to the next line with what it opens


def _wrap(text: str, width: int) -> list[str]:
    """Return a text in lines of at most `width` columns, broken between words and between wide characters."""
    pieces: list[str] = []  # words (runs of narrow characters), single spaces and single wide characters
    for character in " ".join(text.split()):
        joins = pieces and not _is_wide(character) and character != " "
        if joins and pieces[-1] != " " and not _is_wide(pieces[-1][-1]):
            pieces[-1] += character
        else:
            pieces.append(character)
    lines, line = [], ""
    for piece in pieces:
        if line and _columns(line + piece) > width and piece != " " and piece not in NO_LINE_START:
            carried = line[-1] if line[-1] in NO_LINE_END and line[:-1].strip() else ""
            lines.append(line.removesuffix(carried).rstrip())
            line = carried
        if line or piece != " ":
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def _help(key: str, /, **fields: Any) -> str:
    """Return a help text from the catalogue (cli.help.KEY) in the reader's language, ready for argparse."""
    return Text(f"cli.help.{key}", **fields).render(_Parser.language).replace("%", "%%")


def _budget_help() -> str:
    return _help("budget", examples=Join(["2500000", "¥2,500,000", "2.5m", "250万"]))


def _argparse_message(message: str, language: str) -> str:
    """Return argparse's two common complaints in the language (option names and values as typed)."""
    if match := re.fullmatch(r"argument (\S+?): (.*)", message, flags=re.S):
        option, reason = match.groups()
        if reason.startswith("invalid choice:"):
            choice = reason.removeprefix("invalid choice:").split("(choose from")[0].strip()
            reason = Text("cli.invalid_choice", value=choice).render(language)
        elif reason.startswith("expected one argument"):
            reason = Text("cli.expected_value").render(language)
        elif value := re.fullmatch(r"invalid (int|float) value: (.*)", reason, flags=re.S):
            kind = Text(f"cli.kind.{value.group(1)}").render(language)
            reason = Text("cli.invalid_value", value=value.group(2), kind=kind).render(language)
        elif other := re.fullmatch(r"not allowed with argument (.*)", reason, flags=re.S):
            reason = Text("cli.not_allowed_with", other=other.group(1)).render(language)
        return Text("cli.argument", option=option.replace("/", " / "), reason=reason).render(language)
    if message.startswith("the following arguments are required:"):
        names = [name.strip() for name in message.split(":", 1)[1].split(",")]
        return Text("cli.required", names=Join(names)).render(language)
    if message.startswith("unrecognized arguments:"):
        return Text("cli.unrecognized", arguments=message.split(":", 1)[1].strip()).render(language)
    if match := re.fullmatch(r"ambiguous option: (\S+) could match (.*)", message, flags=re.S):
        return Text("cli.ambiguous", option=match.group(1), matches=match.group(2)).render(language)
    return message


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    _Parser.language = _language_in(arguments)
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as stop:  # argparse has printed its usage line and the reason (or --help)
        return stop.code if isinstance(stop.code, int) else EXIT_USER_ERROR
    language = getattr(args, "language", None) or _Parser.language
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except PlannerError as error:
        _report(error, language)
        return EXIT_USER_ERROR
    except OSError as error:  # an output path that cannot be written
        _error(_os_error(error, language), language)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def _report(error: PlannerError, language: str, file: Path | None = None) -> None:
    """Print a user's mistake: one line per problem, in the language (a conflict led by "no plan")."""
    if isinstance(error, InfeasibleError):
        # The conflict in two or three sentences when the optimiser wrote them, else a plain "no plan".
        summary = [render(sentence, language) for sentence in getattr(error, "summary", ()) or ()]
        _error(("" if language == "zh" else " ").join(summary) or label("cli.no_plan", language), language)
    for problem in cap_problems(error.problems):
        text = problem.render(language)
        _error(text if problem.file or file is None else f"{file}: {text}", language)


def _os_error(error: OSError, language: str) -> str:
    """Return an operating-system error about a file in the reader's language (the common ones translated)."""
    known = {errno.ENOENT: "cli.os.not_found", errno.EACCES: "cli.os.denied", errno.EISDIR: "cli.os.is_folder"}
    reason = label(known[error.errno], language) if error.errno in known else (error.strerror or str(error))
    return f"{error.filename or ''}: {reason}"


def _error(text: str, language: str = "en") -> None:
    """Print one problem to standard error, control characters shown as escapes, never raw."""
    shown = "".join(ascii(ch)[1:-1] if is_control(ch) else ch for ch in text)
    print(Text("cli.error", message=shown).render(language), file=sys.stderr)


def _add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        "--lang",
        choices=("en", "zh"),
        default=None,
        help=_help("language", en="en", zh="zh", variable="PLANNER_LANG", lang="LANG"),
    )


def _add_no_cache(parser: argparse.ArgumentParser) -> None:
    cache = _help("no_cache", variable="PLANNER_NO_CACHE", folder="PLANNER_CACHE_DIR", default="~/.cache/promo-planner")
    parser.add_argument("--no-cache", action="store_true", help=cache)


def _parser() -> argparse.ArgumentParser:
    """Return the command line's parser, every help text in the reader's language (`_Parser.language`)."""
    parser = _Parser(prog="planner", description=_help("description"))
    _add_language(parser)  # also before the command: `planner --lang zh --help`
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    html, png, svg = ".html", ".png", ".svg"

    run = commands.add_parser("solve", help=_help("solve"), description=_help("solve"))
    run.add_argument("scenario", type=Path, help=_help("scenario"))
    run.add_argument("--budget", type=_amount, help=_budget_help())
    run.add_argument("--format", choices=("table", "csv", "json"), default="table")
    run.add_argument("--output", "-o", type=Path, help=_help("output"))
    run.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help=_help("solve.csv", long="FILE-periods.csv", wide="FILE-periods-wide.csv"),
    )
    run.add_argument(
        "--excel-csv", action="store_true", help=_help("solve.excel_csv", csv="--csv", lang="--lang", line_end="CRLF")
    )
    run.add_argument("--xlsx", type=Path, metavar="FILE", help=_help("solve.xlsx", lang="--lang"))
    run.add_argument(
        "--periods",
        nargs="?",
        const="long",
        choices=("long", "wide"),
        help=_help(
            "solve.periods",
            format="--format csv",
            long="long",
            wide="wide",
            long_file="FILE-periods.csv",
            wide_file="FILE-periods-wide.csv",
        ),
    )
    run.add_argument("--chart", type=Path, metavar="FILE", help=_help("solve.chart", html=html, png=png, svg=svg))
    _add_no_cache(run)
    _add_language(run)
    run.set_defaults(command=_solve)

    check = commands.add_parser("validate", help=_help("validate"), description=_help("validate"))
    patterns = Join(["*.yaml", "*.yml"])
    check.add_argument("paths", nargs="+", type=Path, help=_help("validate.paths", patterns=patterns))
    check.add_argument("--quiet", "-q", action="store_true", help=_help("validate.quiet"))
    _add_no_cache(check)
    _add_language(check)
    check.set_defaults(command=_validate)

    explain = commands.add_parser("explain", help=_help("explain"), description=_help("explain"))
    explain.add_argument("scenario", type=Path, help=_help("scenario"))
    explain.add_argument("--budget", type=_amount, help=_budget_help())
    _add_language(explain)
    explain.add_argument("--range", action="store_true", help=_help("explain.range"))
    explain.add_argument("--all-channels", action="store_true", help=_help("explain.all_channels"))
    explain.set_defaults(command=_explain)

    curve = commands.add_parser("frontier", help=_help("frontier"), description=_help("frontier"))
    curve.add_argument("scenario", type=Path, help=_help("scenario"))
    curve.add_argument("--points", type=int, default=50, help=_help("frontier.points", default=50))
    curve.add_argument("--up-to", type=float, default=2.0, help=_help("frontier.up_to", default=2))
    curve.add_argument("--csv", type=Path, help=_help("frontier.csv"))
    curve.add_argument("--chart", type=Path, help=_help("frontier.chart", html=html, png=png, svg=svg))
    _add_language(curve)
    curve.set_defaults(command=_frontier)

    report = commands.add_parser(
        "report", help=_help("report", browser="Chromium"), description=_help("report", browser="Chromium")
    )
    report.add_argument("scenario", type=Path, help=_help("scenario"))
    report.add_argument(
        "--output",
        "-o",
        type=Path,
        action="append",
        required=True,
        help=_help("report.output", html="plan.html", pdf="plan.pdf"),
    )
    _add_language(report)
    report.add_argument("--budget", type=_amount, help=_budget_help())
    report.set_defaults(command=_write_report)

    back = commands.add_parser("backtest", help=_help("backtest"), description=_help("backtest"))
    back.add_argument("scenario", type=Path, help=_help("scenario"))
    back.add_argument("--split", type=float, default=0.75, help=_help("backtest.split", default=0.75))
    _add_language(back)
    back.set_defaults(command=_backtest)

    schema = commands.add_parser(
        "schema", help=_help("schema", schema="JSON Schema"), description=_help("schema", schema="JSON Schema")
    )
    schema.add_argument("--output", "-o", type=Path, help=_help("output"))
    schema.set_defaults(command=_schema)
    _add_import_command(commands)
    _add_import_curves_command(commands)
    _add_review_command(commands)
    _add_new_command(commands)
    _add_batch_command(commands)
    return parser


def _add_batch_command(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "batch",
        help=_help("batch"),
        description=_help("batch.description", parquet="Parquet", doc="docs/scaling.md"),
    )
    patterns = Join(["*.yaml", "*.yml"])
    run.add_argument("paths", nargs="+", help=_help("batch.paths", patterns=patterns))
    overrides = _help("batch.overrides", budget="budget", example="channels.<id>.max_spend")
    run.add_argument("--overrides", type=Path, metavar="FILE", help=overrides)
    folder = _help("batch.output", default="batch-results")
    run.add_argument("--output", "-o", type=Path, default=Path("batch-results"), help=folder)
    run.add_argument("--workers", type=int, help=_help("batch.workers"))
    scheduler = _help("batch.scheduler", dask="Dask", example="host:8786")
    run.add_argument("--scheduler", metavar="ADDRESS", help=scheduler)
    run.add_argument("--quiet", "-q", action="store_true", help=_help("batch.quiet"))
    _add_language(run)
    run.set_defaults(command=_batch)


def _batch(args: argparse.Namespace) -> int:
    from planner.batching.command import run_batch_command

    return run_batch_command(args, _language(args))


def _add_new_command(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "new",
        help=_help("new", examples=Join(["tmall", "jd", "amazon"])),
        description=_help("new.description", history="--history", doc="docs/templates.md"),
    )
    platforms = Join(["tmall", "jd", "pdd", "douyin"])
    template = _help("new.template", examples=platforms, option="--list-templates")
    run.add_argument("--template", "-t", metavar="NAME", help=template)
    run.add_argument("--list-templates", action="store_true", help=_help("new.list_templates"))
    run.add_argument("--history", type=Path, metavar="FILE", help=_help("new.history"))
    run.add_argument("--store", default="", help=_help("new.store"))
    run.add_argument("--currency", help=_help("new.currency", iso="ISO", cny="CNY", usd="USD"))
    run.add_argument("--output", "-o", type=Path, help=_help("new.output"))
    _add_language(run)
    run.set_defaults(command=_new)


def _new(args: argparse.Namespace) -> int:
    from planner.editing.platform_templates import (
        platform_scenario_text,
        read_history_facts,
        template_list,
        template_platform,
    )

    language = _language(args)
    if args.list_templates or (args.template or "").strip().lower() == "list":
        sys.stdout.write(template_list(language))
        return 0
    if not (args.template or "").strip():
        raise PlannerError(Text("templates.needs_template", option="--template", listing="--list-templates"))
    platform = template_platform(args.template)
    output: Path | None = args.output
    if output is not None and (output.exists() or output.is_symlink()):
        raise _output_exists(output)
    history = None
    if args.history is not None:
        # A scenario's history path is relative to the scenario file, so write it relative to where it goes.
        folder = output.parent if output is not None else Path.cwd()
        written = Path(os.path.relpath(args.history.resolve(), folder.resolve())).as_posix()
        history = read_history_facts(args.history, written)
    text = platform_scenario_text(platform, language, args.store, args.currency, history)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:  # "x": created here or not at all, even if another process took the name since the check above
        with output.open("x", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except FileExistsError:
        raise _output_exists(output) from None
    print(Text("report.written", path=str(output)).render(language), file=sys.stderr)
    return 0


def _output_exists(output: Path) -> PlannerError:
    """Return the error for an output file that is there already (new never writes over a file)."""
    return PlannerError([Problem(Text("editing.exists", name=output.name), "--output", str(output))])


def _add_review_command(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "review",
        help=_help("review"),
        description=_help("review.description", plan="--plan", doc="docs/replanning.md"),
    )
    scenario = _help("review.scenario", actuals="calendar: actuals", from_history="actuals_from: history")
    run.add_argument("scenario", type=Path, help=scenario)
    run.add_argument("--plan", type=Path, metavar="FILE", help=_help("review.plan", command="solve --format json"))
    history = _help("review.history", command="planner import", setting="calendar: {actuals_from: history}")
    run.add_argument("--history", type=Path, metavar="FILE", help=history)
    threshold = _help("review.threshold", default="25%", fraction="0.25", percent="25%")
    run.add_argument("--threshold", type=_share, default=0.25, help=threshold)
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.add_argument("--output", "-o", type=Path, help=_help("output"))
    run.add_argument("--csv", type=Path, metavar="FILE", help=_help("review.csv"))
    excel = _help("review.excel_csv", csv="--csv", lang="--lang", line_end="CRLF")
    run.add_argument("--excel-csv", action="store_true", help=excel)
    _add_language(run)
    run.set_defaults(command=_review)


def _share(text: str) -> float:
    """Return a share written 0.25 or 25%, for argparse."""
    written = text.strip()
    try:
        value = float(written.removesuffix("%")) / (100.0 if written.endswith("%") else 1.0)
    except ValueError:
        raise argparse.ArgumentTypeError(label("review.bad_share", _Parser.language)) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(label("review.bad_share", _Parser.language))
    return value


def _review(args: argparse.Namespace) -> int:
    from planner.api import review
    from planner.data.actuals import read_plan_periods
    from planner.data.io import (
        load_scenario,
        locate_problems,
        read_history,
        table_to_csv,
        to_json,
        write_text_atomically,
    )
    from planner.insight.review import review_to_excel_csv

    language = _language(args)
    scenario = load_scenario(args.scenario)
    planned = read_plan_periods(args.plan) if args.plan is not None else None
    history = read_history(args.history) if args.history is not None else None
    try:
        result = review(scenario, history, planned=planned, threshold=args.threshold)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    if args.excel_csv and args.csv is None:
        raise PlannerError(Text("cli.excel_csv_needs_csv", option="--excel-csv", csv="--csv"))
    if args.csv is not None:
        text = review_to_excel_csv(result, language) if args.excel_csv else table_to_csv(result.table)
        write_text_atomically(args.csv, text)
    text = to_json(result.to_dict(language)) if args.format == "json" else result.text(language)
    _emit(text, args.output)
    return 0


def _add_import_command(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("import", help=_help("import", txt="TXT"), description=_help("import.description"))
    run.add_argument("files", nargs="+", type=Path, help=_help("import.files"))
    run.add_argument("--output", "-o", type=Path, help=_help("import.output"))
    run.add_argument("--mapping", type=Path, help=_help("import.mapping"))
    run.add_argument("--write-mapping", type=Path, help=_help("import.write_mapping"))
    run.add_argument("--drop-partial-weeks", action="store_true", help=_help("import.drop_partial_weeks"))
    _add_language(run)
    run.set_defaults(command=_import)


def _import(args: argparse.Namespace) -> int:
    from planner.data.imports import import_exports, import_summary, mapping_yaml, read_mapping
    from planner.data.io import write_history_csv, write_text_atomically

    language = _language(args)
    if args.output is None and args.write_mapping is None:
        raise PlannerError(Text("cli.import_needs_output", output="--output", mapping="--write-mapping"))
    files = [p for path in args.files for p in (sorted(path.iterdir()) if path.is_dir() else [path])]
    files = [p for p in files if not p.name.startswith(".")]
    result = import_exports(files, read_mapping(args.mapping) if args.mapping else None, args.drop_partial_weeks)
    for line in import_summary(result):
        print(render(line, language))
    for problem in result.problems:
        _error(problem.render(language), language)
    if args.write_mapping is not None:
        write_text_atomically(args.write_mapping, mapping_yaml(result.mapping))
        print(render(Text("imports.cli.mapping_written", path=str(args.write_mapping), option="--mapping"), language))
    if result.history.empty:
        dropped = any(note.key == "imports.partial_week_dropped" for note in result.notes)  # read, every week partial
        nothing = Text("imports.cli.all_weeks_dropped", option="--drop-partial-weeks") if dropped else None
        _error(render(nothing or Text("imports.cli.nothing"), language), language)
        return EXIT_USER_ERROR
    if args.output is not None:
        write_history_csv(result.history, args.output)
        print(render(Text("imports.cli.written", path=str(args.output)), language))
    if result.failed:
        failed = Text("imports.cli.some_failed", count=len(result.failed), total=len(result.files))
        _error(render(failed, language), language)
        return 1
    return 0


def _add_import_curves_command(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "import-curves",
        help=_help("import_curves", tools=Join(["PyMC-Marketing", "Meridian", "Robyn"])),
        description=_help("import_curves.description", doc="docs/mmm-curves.md"),
    )
    run.add_argument("table", type=Path, help=_help("import_curves.table"))
    run.add_argument("--output", "-o", type=Path, required=True, help=_help("import_curves.output"))
    run.add_argument("--tool", choices=("pymc", "meridian", "robyn"), help=_help("import_curves.tool"))
    weeks = _help("import_curves.period_weeks", tools=Join(["Meridian", "PyMC-Marketing"]))
    run.add_argument("--period-weeks", type=float, help=weeks)
    run.add_argument("--measure", choices=("conversions", "revenue"), help=_help("import_curves.measure"))
    order_value = _help("import_curves.order_value", key="revenue_per_conversion")
    run.add_argument("--order-value", type=_amount, help=order_value)
    _add_language(run)
    run.set_defaults(command=_import_curves)


def _import_curves(args: argparse.Namespace) -> int:
    from planner.data.imports import curve_summary, read_curve_export, write_curve_tables
    from planner.data.imports.curves import SNIPPET_NAME

    language = _language(args)
    result = read_curve_export(
        args.table,
        tool=args.tool,
        measure=args.measure,
        period_weeks=args.period_weeks,
        order_value=args.order_value,
    )
    for line in curve_summary(result):
        print(render(line, language))
    for problem in result.problems:
        _error(problem.render(language), language)
    args.output.mkdir(parents=True, exist_ok=True)
    write_curve_tables(result, args.output)
    written = Text(
        "mmm.cli.written", count=len(result.curves), snippet=SNIPPET_NAME, folder=str(args.output), weeks="period_weeks"
    )
    print(render(written, language))
    sys.stdout.write(result.snippet())
    return 1 if result.problems else 0


def _amount(text: str) -> float:
    """Return a budget as typed: 2500000, ¥2,500,000, 2.5m, 250万."""
    language = _Parser.language
    value = parse_amount(text)
    if value is None:
        try:
            value = float(text)  # inf, nan: refused below with their own reason
        except ValueError:
            raise argparse.ArgumentTypeError(Text("cli.not_amount", text=repr(text)).render(language)) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(Text("cli.not_finite", text=repr(text)).render(language))
    if value < 0:
        raise argparse.ArgumentTypeError(label("cli.negative_budget", language))
    if value > MAX_MAGNITUDE:
        limit = format_number(MAX_MAGNITUDE, language)
        raise argparse.ArgumentTypeError(Text("cli.too_large", text=repr(text), limit=limit).render(language))
    return value


def _language(args: argparse.Namespace) -> str:
    return str(args.language or _Parser.language)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from planner.data.io import write_text_atomically

        write_text_atomically(output, text)


def periods_csv_paths(csv: Path) -> tuple[Path, Path]:
    """Return where a calendar plan's periods go next to its allocation CSV: plan-periods.csv, plan-periods-wide.csv."""
    suffix = csv.suffix or ".csv"
    return csv.with_name(f"{csv.stem}-periods{suffix}"), csv.with_name(f"{csv.stem}-periods-wide{suffix}")


def _solve(args: argparse.Namespace) -> int:
    from planner.data.rendering import CHART_KINDS

    language = _language(args)
    if args.excel_csv and args.csv is None:
        raise PlannerError(Text("cli.excel_csv_needs_csv", option="--excel-csv", csv="--csv"))
    if args.periods is not None and args.format != "csv":
        raise PlannerError(Text("calendar_output.cli.periods_needs_csv", option="--periods", format="--format csv"))
    if args.chart and args.chart.suffix.lower() not in CHART_KINDS:
        raise PlannerError(Text("chart.unknown_kind", path=str(args.chart), kinds=Join(CHART_KINDS)))
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":  # a workbook named .csv opens as garbage
        raise PlannerError(Text("report.unknown_kind", path=str(args.xlsx), kinds=Join([".xlsx"])))
    # The printed plan of a scenario solved before, its files unchanged since, is the same text: kept and given
    # back without loading pandas, SciPy or the solver. A run that writes files besides (CSV, workbook, chart)
    # solves afresh; a MILP stopped by its time limit (not proven) is not kept: it may do better next time.
    options = {"budget": repr(args.budget), "format": args.format, "periods": args.periods, "language": language}
    writes_files = args.csv is not None or args.xlsx is not None or args.chart is not None
    solved = functools.partial(_solved, args, language)
    text = (
        solved()[0]
        if writes_files
        else _through_cache(args, "solve", args.scenario, options, solved, lambda kept: isinstance(kept, str))
    )
    _emit(text, args.output)
    return 0


def _solved(args: argparse.Namespace, language: str) -> tuple[str, bool]:
    """Return the plan of `planner solve` as printed and whether it is proven optimal, after writing any files."""
    from planner.api import solve
    from planner.data.io import load_scenario, locate_problems, to_json, write_bytes_atomically, write_text_atomically
    from planner.insight.exports import (  # the spreadsheet library itself only when a workbook is asked for
        periods_to_csv,
        periods_to_excel_csv,
        periods_wide_to_csv,
        periods_wide_to_excel_csv,
        plan_to_csv,
        plan_to_excel,
        plan_to_excel_csv,
    )
    from planner.insight.report import plan_text

    scenario = load_scenario(args.scenario)
    try:
        plan = solve(scenario, budget=args.budget)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    if args.periods is not None and plan.periods is None:
        raise PlannerError(Text("calendar_output.cli.no_calendar", option="--periods", file=str(args.scenario)))
    if args.csv is not None:
        write_text_atomically(args.csv, plan_to_excel_csv(plan, language) if args.excel_csv else plan_to_csv(plan))
        if plan.periods is not None:  # a CSV is one table: the periods go to files of their own
            long, wide = periods_csv_paths(args.csv)
            if args.excel_csv:
                write_text_atomically(long, periods_to_excel_csv(plan, language))
                write_text_atomically(wide, periods_wide_to_excel_csv(plan, language))
            else:
                write_text_atomically(long, periods_to_csv(plan))
                write_text_atomically(wide, periods_wide_to_csv(plan))
    if args.xlsx is not None:
        write_bytes_atomically(args.xlsx, plan_to_excel(plan, language))
    if args.format == "json":
        text = to_json(plan.to_dict())
    elif args.periods == "long":
        text = periods_to_csv(plan)
    elif args.periods == "wide":
        text = periods_wide_to_csv(plan)
    elif args.format == "csv":
        text = plan_to_csv(plan)
    else:
        text = plan_text(plan, language)
    if args.chart:
        _write_plan_chart(plan, language, args.chart)
    return text, plan.status == "optimal"


def _write_plan_chart(plan: Plan, language: str, path: Path) -> None:
    """Write a plan's chart: spend by period for a calendar plan, else the plan against history."""
    from planner.data.rendering import write_chart
    from planner.insight.charts import allocation_chart, calendar_chart

    write_chart(calendar_chart(plan, language) or allocation_chart(plan, language), path)


def _explain(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from planner.api import solve
    from planner.data.io import load_scenario, locate_problems
    from planner.insight.explain import explain_plan
    from planner.insight.report import measure_name
    from planner.insight.trust import outcome_range

    language = _language(args)
    scenario = load_scenario(args.scenario)
    try:
        plan = solve(scenario, budget=args.budget)
        if args.all_channels:
            plan = replace(plan, explanation=explain_plan(plan, most_channels=None))
        lines = [plan.explain(language)]
        if any(finding.kind == "channels_shown" for finding in plan.explanation):
            lines.append(Text("cli.explain_all_channels", option="--all-channels").render(language))
        if args.range:
            spread = outcome_range(plan)
            low, mid, high = (Number(value) for value in spread.conversions)
            measure = measure_name(scenario, "conversions")
            text = Text("cli.range", measure=measure, low=low, mid=mid, high=high, draws=spread.draws)
            lines.append(text.render(language))
            for record in [] if spread.periods is None else spread.periods.to_dict("records"):
                low, mid, high = (Number(record[f"conversions_p{n}"]) for n in (10, 50, 90))
                text = Text(
                    "calendar_output.cli.range_period", period=str(record["period"]), low=low, mid=mid, high=high
                )
                lines.append(text.render(language))
            if spread.fixed_channels:
                labels = {c.id: c.display_name for c in scenario.channels}
                fixed = Join(labels.get(c, c) for c in spread.fixed_channels)
                lines.append(Text("cli.range_fixed", channels=fixed).render(language))
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _frontier(args: argparse.Namespace) -> int:
    from planner.api import solve
    from planner.data.io import load_scenario, locate_problems, table_to_csv, write_text_atomically
    from planner.data.rendering import CHART_KINDS, write_chart
    from planner.insight.charts import frontier_chart
    from planner.insight.report import frontier_text
    from planner.optimize.frontier import frontier

    if args.points < 2:
        raise PlannerError(Text("cli.points", option="--points"))
    if not 0 < args.up_to <= 100:
        raise PlannerError(Text("cli.up_to", option="--up-to"))
    if args.chart and args.chart.suffix.lower() not in CHART_KINDS:
        raise PlannerError(Text("chart.unknown_kind", path=str(args.chart), kinds=Join(CHART_KINDS)))
    scenario = load_scenario(args.scenario)
    try:
        result = frontier(scenario, points=args.points, up_to=args.up_to)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    if args.csv:
        write_text_atomically(args.csv, table_to_csv(result.table))
    if args.chart:
        try:
            plan = solve(scenario)  # the plan's own point on the chart
        except PlannerError:
            plan = None  # no plan at today's budget: the chart shows where plans exist
        write_chart(frontier_chart(result, _language(args), plan), args.chart)
    sys.stdout.write(frontier_text(result, _language(args)))
    return 0


EXIT_NO_PDF_ENGINE = 3


def _write_report(args: argparse.Namespace) -> int:
    """Write the plan report as HTML and/or PDF; exit 3 (after writing any HTML asked for) without a PDF engine."""
    from planner.api import solve
    from planner.data.io import load_scenario, locate_problems, write_text_atomically
    from planner.data.provenance import trace_inputs
    from planner.data.rendering import PdfEngineMissingError, html_to_pdf
    from planner.insight.share import plan_report_html

    kinds = (".html", ".htm", ".pdf")
    for path in args.output:
        if path.suffix.lower() not in kinds:
            raise PlannerError(Text("report.unknown_kind", path=str(path), kinds=Join(kinds)))
    scenario = load_scenario(args.scenario)
    try:
        plan = solve(scenario, budget=args.budget)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    # The file's own bytes are the input when the plan is the file's; with --budget, the scenario as solved.
    text = args.scenario.read_bytes() if args.budget is None else None
    language = _language(args)
    page = plan_report_html(plan, language, provenance=trace_inputs(plan.scenario, text))
    pdfs = [path for path in args.output if path.suffix.lower() == ".pdf"]
    for path in [path for path in args.output if path not in pdfs]:
        write_text_atomically(path, page)
        print(Text("report.written", path=str(path)).render(language), file=sys.stderr)
    for path in pdfs:
        try:
            html_to_pdf(page, path)
        except PdfEngineMissingError as error:
            _error(error.render(language), language)
            return EXIT_NO_PDF_ENGINE
        print(Text("report.written", path=str(path)).render(language), file=sys.stderr)
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from planner.data.io import load_scenario, locate_problems
    from planner.insight.report import backtest_text
    from planner.insight.trust import backtest_channels

    if not 0.2 <= args.split <= 0.9:
        raise PlannerError(Text("cli.split", option="--split"))
    scenario = load_scenario(args.scenario)
    try:
        table = backtest_channels(scenario, args.split)
    except PlannerError as error:
        raise locate_problems(error, args.scenario) from None
    sys.stdout.write(backtest_text(table, _language(args)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from planner.data.discovery import scenario_files

    language = _language(args)
    files = scenario_files(args.paths)
    if not files:
        _error(Text("cli.no_files", patterns=Join(["*.yaml", "*.yml"])).render(language), language)
        return EXIT_USER_ERROR
    failed = 0
    for path in files:
        # A scenario found valid before, its files unchanged since, is valid now: nothing to load or fit.
        try:
            _through_cache(args, "validate", path, {}, functools.partial(_check, path), lambda kept: kept is True)
        except PlannerError as raw:
            from planner.data.io import locate_problems

            failed += 1
            _report(locate_problems(raw, path), language, path)
            continue
        if not args.quiet:
            shown = ascii(str(path))[1:-1] if any(is_control(ch) for ch in str(path)) else str(path)
            print(Text("cli.ok", path=shown).render(language))
    if failed:
        print(Text("cli.invalid_files", failed=failed, total=len(files)).render(language), file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


def _check(path: Path) -> tuple[bool, bool]:
    """Raise the problems of one scenario file: its fields, its history and curve tables, and the curve fit.

    Returns (valid, may be kept) for _through_cache: a scenario that passes is valid, and that is kept.
    """
    # What a check needs and no more: the scenario, its history and curve tables, and the curve fit; not the LP,
    # the solver or the reports. optimize.pipeline.check_scenario is written out
    # below (find_problems, then raise) because importing that module brings PuLP and HiGHS with it.
    from planner.curves.response import build_responses
    from planner.data.history import load_history
    from planner.data.inputs import load_curve_tables
    from planner.data.io import load_scenario
    from planner.model.scenario import find_problems

    scenario = load_scenario(path)
    if problems := find_problems(scenario):
        raise ScenarioError(problems)
    build_responses(scenario, load_history(scenario), load_curve_tables(scenario))
    return True, True


def _through_cache(
    args: argparse.Namespace,
    command: str,
    path: Path,
    options: Mapping[str, str | None],
    work: Callable[[], tuple[Kept, bool]],
    expected: Callable[[object], bool],
) -> Kept:
    """Return what `work` works out for a command on a scenario file, or what an earlier run kept while none of
    the files it read has changed since (planner/data/cache.py). `work` returns its result and whether it may be
    kept; what it raises is raised, and nothing is kept. Without a cache (--no-cache), it simply runs `work`."""
    from planner.data.cache import keep, look_up, request_key
    from planner.data.reading import recording_reads

    folder = _cache(args)
    key = request_key(command, path, options) if folder is not None else None
    if folder is None or key is None:
        return work()[0]
    if expected(kept := look_up(folder, key)):
        return cast(Kept, kept)
    with recording_reads() as read:
        value, keepable = work()
    if keepable:
        keep(folder, key, read, value)
    return value


def _cache(args: argparse.Namespace) -> Path | None:
    """Return the result cache's folder, or None with --no-cache or PLANNER_NO_CACHE (see planner/data/cache.py)."""
    from planner.data.cache import cache_folder

    return None if args.no_cache else cache_folder()


def _schema(args: argparse.Namespace) -> int:
    from planner.data.io import schema_json

    _emit(schema_json(), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
