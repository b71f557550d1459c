"""`planner batch`: the command's run, with a progress bar (tqdm, to standard error) and the summary at the end."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.batching.run import BatchResult, batch
from planner.data.batch_files import MANIFEST, RESULTS, SUMMARY
from planner.model.i18n import Number, Text, label, render

EXIT_FAILED = 2


def run_batch_command(args: argparse.Namespace, language: str) -> int:
    """Run a batch from the command's arguments, print its summary and return 0, or 2 when any case failed."""
    bar = _progress_bar(language, quiet=args.quiet)
    seen = [0, 0]  # cases finished, of all: for the message when interrupted
    try:
        result = batch(
            args.paths,
            args.overrides,
            output=args.output,
            workers=args.workers,
            scheduler=args.scheduler,
            language=language,
            progress=_advance(bar, seen),
        )
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
            bar = None
        if args.output is not None:
            message = Text("batch.cli.interrupted", done=Number(seen[0]), total=Number(seen[1]), folder=args.output)
            print(render(message, language), file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
    for line in summary_lines(result, language):
        print(line)
    named = "case" in result.failures and result.failures["case"].notna().any()
    for _, failure in result.failures.iterrows():
        if named and isinstance(failure["case"], str) and failure["case"]:
            print(f"{failure['case']}:", file=sys.stderr)  # which case the lines below belong to
        for line in str(failure["error"]).splitlines():
            print(Text("cli.error", message=line).render(language), file=sys.stderr)
    return EXIT_FAILED if result.failed else 0


def summary_lines(result: BatchResult, language: str) -> list[str]:
    """Return the summary printed at the end: cases solved, skipped as already done, failed; where the files are."""
    total = result.solved + result.skipped + result.failed
    counts = Text(
        "batch.cli.summary",
        total=Number(total),
        solved=Number(result.solved),
        skipped=Number(result.skipped),
        failed=Number(result.failed),
    )
    lines = [render(counts, language)]
    if result.output is not None:
        folder = Path(result.output)
        files = ", ".join(str(folder / name) for name in (f"{RESULTS}.csv", f"{SUMMARY}.csv"))
        lines.append(render(Text("batch.cli.written", files=files, format="Parquet", manifest=MANIFEST), language))
    return lines


def _progress_bar(language: str, quiet: bool) -> Any:
    """Return a tqdm bar with an ETA on standard error, or None when quiet or standard error is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=None, desc=label("batch.cli.progress", language), unit=label("batch.cli.unit", language))


def _advance(bar: Any, seen: list[int]) -> Any:
    def advance(finished: int, total: int) -> None:
        seen[:] = [finished, total]
        if bar is None:
            return
        if bar.total != total:
            bar.reset(total=total)
        bar.update(finished - bar.n)

    return advance
