"""Time `import_exports` on two years of daily per-campaign rows for 20 channels in 4 files (about 300k rows).

```
.venv/bin/python bench/bench_import.py             # 5 repeats, prints the median and the machine load
.venv/bin/python bench/bench_import.py --profile   # also cProfile one run (top 25 by cumulative time)
```

The files are generated into a temporary folder, shaped as the platforms write them: one GBK 直通车-style
export with a ￥ prefix and a 合计 row, one UTF-8 BOM export with thousands separators, one UTF-16 tab-separated
export (Excel's "Unicode text") and one UTF-8 export with YYYYMMDD dates; each has a 推广工具 column naming
5 channels and about 20 campaigns per channel and day. Target: under 2 s for the whole import.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.data.imports import import_exports

TARGET_SECONDS = 2.0
DAYS = 730
CHANNELS_PER_FILE = 5
CAMPAIGNS = 21  # per channel and day: 4 files × 5 channels × 21 × 730 ≈ 306,600 rows
# name, encoding, delimiter, date format, money style
FILES = (
    ("直通车_bench.csv", "gbk", ",", "%Y-%m-%d", "yuan"),
    ("万相台_bench.csv", "utf-8-sig", ",", "%Y/%m/%d", "thousands"),
    ("多多_bench.txt", "utf-16", "\t", "%Y-%m-%d", "plain"),
    ("京东_bench.csv", "utf-8", ",", "%Y%m%d", "plain"),
)


def _money(cents: np.ndarray, style: str) -> pd.Series:
    whole = pd.Series(cents // 100)
    fraction = pd.Series(cents % 100).astype(str).str.zfill(2)
    if style == "plain":
        return whole.astype(str) + "." + fraction
    grouped = whole.map("{:,}".format)
    return ("￥" if style == "yuan" else "") + grouped + "." + fraction


def write_files(folder: Path, seed: int = 0) -> tuple[list[Path], int]:
    """Write the four exports and return their paths and the number of data rows."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=DAYS, freq="D")
    paths, rows = [], 0
    for index, (name, encoding, delimiter, date_format, money) in enumerate(FILES):
        channels = [f"渠道{index * CHANNELS_PER_FILE + c + 1:02d}" for c in range(CHANNELS_PER_FILE)]
        count = DAYS * CHANNELS_PER_FILE * CAMPAIGNS
        day = np.repeat(days.strftime(date_format).to_numpy(), CHANNELS_PER_FILE * CAMPAIGNS)
        channel = np.tile(np.repeat(channels, CAMPAIGNS), DAYS)
        campaign = np.tile([f"计划{c:02d}" for c in range(CAMPAIGNS)], DAYS * CHANNELS_PER_FILE)
        spend = rng.integers(1_000, 2_000_000, count)
        orders = rng.integers(0, 200, count)
        revenue = orders * rng.integers(2_000, 50_000, count)
        frame = pd.DataFrame(
            {
                "日期": day,
                "推广工具": channel,
                "计划名称": campaign,
                "花费": _money(spend, money),
                "展现量": rng.integers(100, 100_000, count),
                "点击量": rng.integers(1, 5_000, count),
                "总成交笔数": orders,
                "总成交金额": _money(revenue, money),
            }
        )
        if index == 0:  # a total row at the bottom, as 直通车 writes it
            total = pd.DataFrame([["合计", "", "", "", 0, 0, 0, ""]], columns=frame.columns)
            frame = pd.concat([frame, total], ignore_index=True)
        path = folder / name
        path.write_bytes(frame.to_csv(index=False, sep=delimiter, lineterminator="\r\n").encode(encoding))
        paths.append(path)
        rows += count
    return paths, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths, rows = write_files(Path(folder))
        size = sum(p.stat().st_size for p in paths) / 1024 / 1024
        import_exports(paths[:1])  # warm-up: imports, charset tables
        times, cpu = [], []
        for _ in range(args.repeats):
            load = os.getloadavg()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = import_exports(paths)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert not result.problems, result.problems
        assert len(result.channels) == CHANNELS_PER_FILE * len(FILES)
        median = statistics.median(times)
        print(
            f"import of {rows:,} daily per-campaign rows, {len(result.channels)} channels, {len(paths)} files "
            f"({size:.1f} MB; GBK, UTF-8 BOM, UTF-16 tab, UTF-8) → {len(result.history):,} weekly rows"
        )
        print(
            f"median {median:.2f} s over {args.repeats} runs (min {min(times):.2f} s, max {max(times):.2f} s); "
            f"target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'NOT met'}"
        )
        print(f"CPU time of this process (all its threads): median {statistics.median(cpu):.2f} s")
        print(
            f"machine load (1/5/15 min) before the last run: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
            f"on {os.cpu_count()} cores"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            import_exports(paths)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
