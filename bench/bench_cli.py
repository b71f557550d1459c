"""Start-up of the command line: `planner --help`, `validate` and `solve` as whole commands, against `import pandas`.

Each command runs in a fresh interpreter, as a user types it, with the project's bytecode written by an untimed
warm-up run (PYTHONDONTWRITEBYTECODE is removed from the commands' environment) and the venv's packages
precompiled by `make setup`. `planner ARGS` is run as the installed script runs it (`from planner.cli import
main`) with this checkout first on the path, so a worktree measures its own code. The commands take turns in
every round, so a change in the machine's load reaches all of them alike; each figure is the median of the
rounds, and a ratio is the median of the per-round ratios to `python -c "import pandas"` (the reference:
every command that reads a history needs pandas). CPU is the child's user + system time, which tracks the work
when the shared machine makes the wall time wait for a core.

Targets (issue 13, on an idle machine): --help under 0.3 s, validate of one scenario under 0.6 s, solve of a
demo scenario under 1 s. "cpu ok" means the wall time misses the target but the CPU time meets it.

validate and solve are timed twice: cold (`--no-cache`: the scenario loaded, its curves fitted, the plan solved)
and warm (the result cache holds the answer, its files unchanged: planner/data/cache.py). The warm commands use a
cache folder of the benchmark's own, filled by the warm-up; the user's cache is never read or written.

```
.venv/bin/python bench/bench_cli.py            # 7 rounds after a warm-up (~1 min)
.venv/bin/python bench/bench_cli.py --quick    # smoke run used by tests: 2 rounds
.venv/bin/python bench/bench_cli.py --scenario scenarios/us_outdoor/baseline.yaml
```
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.insight.report import text_table as table  # noqa: E402

DEMO = ROOT / "scenarios" / "tmall_flagship" / "baseline.yaml"
PLANNER = "import sys; from planner.cli import main; sys.exit(main())"  # what the installed `planner` script runs
# Run a command and write the names of the modules it loaded to the file named first (untimed runs only).
LISTED = (
    "import json, sys\n"
    "listing, sys.argv = sys.argv[1], ['planner', *sys.argv[2:]]\n"
    "try:\n    from planner.cli import main\n    code = main()\n"
    "finally:\n    json.dump(sorted(sys.modules), open(listing, 'w', encoding='utf-8'))\n"
    "sys.exit(code)\n"
)
LIBRARIES = ("pandas", "scipy", "pydantic", "ruamel", "pulp", "highspy", "openpyxl", "altair", "streamlit", "dask")


@dataclass(frozen=True)
class Command:
    """One command line to time: its label, the interpreter's arguments, and its target in seconds (if any)."""

    label: str
    arguments: tuple[str, ...]
    target: float | None = None
    planner_arguments: tuple[str, ...] | None = None  # for the untimed listing of loaded libraries


COLD, WARM = "cold", "warm"  # how the validate and solve rows are labelled (and paired in the second table)


def commands(scenario: Path) -> list[Command]:
    """Return the reference commands and the command lines the issue sets targets for, validate and solve twice."""
    shown = os.path.relpath(scenario, ROOT)
    listed: list[Command] = [
        Command("python -c pass", ("-c", "pass")),
        Command('python -c "import pandas"', ("-c", "import pandas")),
        Command("planner --help", ("-c", PLANNER, "--help"), 0.3, ("--help",)),
    ]
    for name, target in (("validate", 0.6), ("solve", 1.0)):
        line = (name, str(scenario))
        cold = (*line, "--no-cache")
        listed.append(Command(f"planner {name} {shown} ({COLD}, --no-cache)", ("-c", PLANNER, *cold), target, cold))
        listed.append(Command(f"planner {name} {shown} ({WARM}, cache hit)", ("-c", PLANNER, *line), target, line))
    return listed


def environment(cache: Path) -> dict[str, str]:
    """Return the commands' environment: bytecode allowed, this checkout first on the path, the cache in `cache`."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "PLANNER_NO_CACHE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PLANNER_CACHE_DIR"] = str(cache)
    return env


def run_once(command: Command, env: dict[str, str]) -> tuple[float, float]:
    """Return the wall and CPU seconds (user + system of the child) of one run; fail on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *command.arguments], capture_output=True, cwd=ROOT, env=env, check=False
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{command.label} exited {result.returncode}:\n{result.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def loaded_libraries(command: Command, env: dict[str, str]) -> str:
    """Return which of the heavy libraries a planner command loads (one untimed run), or '' for the references."""
    if command.planner_arguments is None:
        return ""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules.json"
        subprocess.run(
            [sys.executable, "-c", LISTED, str(listing), *command.planner_arguments],
            capture_output=True, cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        modules = {name.split(".")[0] for name in json.loads(listing.read_text(encoding="utf-8"))}
    return " ".join(name for name in LIBRARIES if name in modules) or "none of them"


def verdict(wall: float, cpu: float, target: float | None) -> str:
    """Return met, cpu ok (the wall time waited for a core) or NOT met."""
    if target is None:
        return ""
    return "met" if wall < target else "cpu ok" if cpu < target else "NOT met"


def bench(command_list: list[Command], rounds: int, cache: Path) -> tuple[str, str, str]:
    """Return the timing table, cold against warm, and the loaded libraries, after an untimed warm-up of each."""
    env = environment(cache)
    for command in command_list:  # warm-up: writes the project's bytecode, fills the page cache and the result cache
        run_once(command, env)
    walls: dict[str, list[float]] = {c.label: [] for c in command_list}
    cpus: dict[str, list[float]] = {c.label: [] for c in command_list}
    for _ in range(rounds):
        for command in command_list:
            wall, cpu = run_once(command, env)
            walls[command.label].append(wall)
            cpus[command.label].append(cpu)
    pandas = walls['python -c "import pandas"']
    rows = []
    ratios: dict[str, float] = {}
    for command in command_list:
        wall, cpu = statistics.median(walls[command.label]), statistics.median(cpus[command.label])
        ratio = statistics.median(w / p for w, p in zip(walls[command.label], pandas, strict=True))
        ratios[command.label] = ratio
        target = command.target
        rows.append(
            [
                command.label,
                f"{wall:.3f}",
                f"{min(walls[command.label]):.3f}",
                f"{cpu:.3f}",
                f"{ratio:.2f}",
                f"< {target:.1f}" if target else "",
                f"{target / statistics.median(pandas):.2f}" if target else "",
                verdict(wall, cpu, target),
            ]
        )
    header = ["command", "median s", "min s", "cpu s", "x pandas", "target s", "target x pandas", ""]
    libraries = [[c.label, loaded_libraries(c, env)] for c in command_list if c.planner_arguments]
    loads = table(["command", f"loads (of {', '.join(LIBRARIES)})"], libraries, right_align_from=2)
    return table(header, rows), side_by_side(command_list, walls, ratios), loads


def side_by_side(command_list: list[Command], walls: dict[str, list[float]], ratios: dict[str, float]) -> str:
    """Return the cold and warm medians of validate and solve side by side, each with its ratio to import pandas."""
    rows = []
    for cold in (c for c in command_list if f"({COLD}," in c.label):
        command = cold.label.split(f" ({COLD},")[0]
        warm = next(c for c in command_list if c.label.startswith(f"{command} ({WARM},"))
        figures = []
        for label in (cold.label, warm.label):
            figures += [f"{statistics.median(walls[label]):.3f}", f"{ratios[label]:.2f}"]
        rows.append([command, *figures, f"< {cold.target:.1f}" if cold.target else ""])
    header = ["command", "cold s", "cold x pandas", "warm s", "warm x pandas", "target s"]
    return table(header, rows)


def machine() -> str:
    """Return one line describing the machine, its load and the interpreter."""
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"cpus {os.cpu_count()}, load avg (1/5/15 min) {load}, {platform.machine()}, python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 rounds")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds after the warm-up (default 7)")
    parser.add_argument("--scenario", type=Path, default=DEMO, help="the scenario to validate and solve")
    args = parser.parse_args(argv)
    rounds = 2 if args.quick else args.rounds
    started = time.perf_counter()
    print(f"Promo Planner command-line start-up ({'quick' if args.quick else 'full'}: {rounds} rounds after a warm-up)")
    print(f"machine before: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="bench-cli-cache-") as cache:
        timings, pairs, libraries = bench(commands(args.scenario.resolve()), rounds, Path(cache))
    print(timings)
    print(f"\n{pairs}")
    print(f"\nmachine after: {machine()}")
    print("targets are for an idle machine; compare the x pandas column across machines and loads\n")
    print(libraries)
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
