"""Two real processes save the same opened copy of a scenario at the same moment, many times over.

Used by tests/test_workspace.py (a few hundred trials) and bench/bench_saves.py (as many as asked).
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).resolve().parent.parent / "scenarios" / "tmall_flagship"


@dataclass(frozen=True)
class Outcome:
    """How the trials ended: how often exactly one save won, and every trial where that failed."""

    trials: int
    one_winner: int
    both_won: int
    none_won: int
    lost_edits: int  # the file on disk is not the text of the save that reported success


def _saver(worker: int, path: str, start: Any, results: Any, trials: int) -> None:
    from planner.data.io import load_scenario
    from planner.editing.documents import save_scenario
    from planner.model.errors import PlannerError

    target = Path(path)
    for trial in range(trials):
        start.wait()
        opened = target.read_bytes().decode("utf-8")
        scenario = load_scenario(target)
        start.wait()  # both have opened the same copy; now both save at once
        assert scenario.budget is not None
        mine = scenario.with_budget(1_000_000 + 1_000 * trial + worker)
        try:
            text = save_scenario(target, mine, opened)
        except PlannerError:
            results.put((trial, worker, None))
        else:
            results.put((trial, worker, text))


def run_trials(folder: Path, trials: int) -> Outcome:
    """Run trials of two processes saving one file at once; return how they ended."""
    shutil.copytree(SOURCE, folder, dirs_exist_ok=True)
    path = folder / "baseline.yaml"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    results = context.Queue()
    workers = [context.Process(target=_saver, args=(i, str(path), start, results, trials)) for i in range(2)]
    for worker in workers:
        worker.start()
    one = both = none = lost = 0
    try:
        for _ in range(trials):
            start.wait(timeout=120)
            start.wait(timeout=120)
            outcomes = [results.get(timeout=120) for _ in range(2)]
            won = [text for _, _, text in outcomes if text is not None]
            one += len(won) == 1
            both += len(won) == 2
            none += not won
            lost += any(text != path.read_bytes().decode("utf-8") for text in won[-1:]) or len(won) == 2
    except (queue.Empty, TimeoutError, multiprocessing.context.ProcessError):
        for worker in workers:
            worker.kill()
        raise
    for worker in workers:
        worker.join(timeout=60)
    return Outcome(trials, one, both, none, lost)
