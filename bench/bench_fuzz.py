"""Fuzz benchmark: random mutations of the demo scenarios through load and solve; only PlannerError may escape.

Prints the examples run, the outcomes (solved, rejected, and every escape by exception type with where it
was raised), and the seconds taken (load-and-solve time split by outcome). ``--examples N`` (default 10,000),
``--seed S`` (default 0), ``--quick`` (500 examples). Exit code 1 if anything escaped.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_cases import demo_documents, fuzz_folders, fuzz_text, run_fuzz_example  # noqa: E402


def main() -> int:
    """Run the fuzz benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="500 examples")
    args = parser.parse_args()
    examples = 500 if args.quick else args.examples
    rng = random.Random(args.seed)
    documents = demo_documents()
    outcomes: collections.Counter[str] = collections.Counter()
    seconds: dict[str, float] = collections.defaultdict(float)
    escapes: dict[str, list[str]] = collections.defaultdict(list)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        folders = fuzz_folders(Path(scratch))
        for _ in range(examples):
            store, text = fuzz_text(documents, rng)
            begin = time.perf_counter()
            outcome, detail = run_fuzz_example(text, folders[store])
            seconds[outcome] += time.perf_counter() - begin
            outcomes[outcome] += 1
            if outcome not in ("solved", "rejected"):
                escapes[outcome].append(detail)
    total = time.perf_counter() - started
    print(f"fuzz: {examples:,} examples (seed {args.seed}) in {total:.1f} s ({1000 * total / examples:.1f} ms each)")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<20} {count:>7,}  {seconds[outcome]:8.1f} s")
    escaped = sum(len(details) for details in escapes.values())
    print(f"escapes: {escaped} (target 0)")
    for kind, details in sorted(escapes.items()):
        print(f"  {kind}: {len(details)}")
        for detail in sorted(set(details))[:5]:
            print(f"    {detail}")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())
