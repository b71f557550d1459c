"""The import step in the app (AppTest uploads files): upload → preview → column mapping → write the history."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner import solve
from planner.data.imports import mapping_yaml, read_mapping
from planner.data.imports.parsing import DATE_FORMATS, date_label
from planner.data.io import load_scenario
from planner.model.formatting import format_money, format_number
from tests.app_helpers import english_sweep, open_app, own_words
from tests.exports_gen import FOLDER, expected_weekly, file_name

THREE = ("ztc_gbk", "wanxiangtai_bom", "qianchuan_xlsx")  # GBK with a 合计 row, UTF-8 with a BOM, a workbook


def sample(key: str) -> tuple[str, bytes, str]:
    path = FOLDER / file_name(key)
    return path.name, path.read_bytes(), "application/octet-stream"


def upload(at: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    at.file_uploader(key="import_files").set_value(list(files)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the first table whose headers start with these."""
    return next(d.value for d in at.dataframe if tuple(d.value.columns[: len(columns)]) == columns)


def editor(at: AppTest, file: str, name: str):
    widgets = [*at.selectbox, *at.text_input]
    return next(w for w in widgets if str(w.key).startswith("import::") and str(w.key).endswith(f"::{file}::{name}"))


def ztc_rows(spend_cells: dict[int, str] | None = None) -> bytes:
    """A small 直通车 export (GBK): 7 days from Monday 2026-03-02, spend 100 + day, 3 orders a day."""
    lines = ["日期,计划名称,花费,总成交笔数,总成交金额"]
    for day in range(7):
        lines.append(f"2026-03-{2 + day:02d},计划A,{100 + day}.50,3,{600 + day}")
    for line, cell in (spend_cells or {}).items():
        parts = lines[line - 1].split(",")
        parts[2] = cell
        lines[line - 1] = ",".join(parts)
    return ("\n".join(lines) + "\n").encode("gbk")


def test_gbk_bom_and_xlsx_uploads_are_recognised_and_summed_per_channel_and_week(folder: Path) -> None:
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    at = upload(open_app(), *(sample(key) for key in THREE))
    files = table(at, "File", "Status").set_index("File")
    assert list(files["Encoding"]) == ["GBK/GB18030", "UTF-8 BOM", "xlsx"]
    assert list(files["Delimiter"]) == ["comma-separated", "comma-separated", "—"]
    assert list(files["Platform"]) == ["直通车", "万相台", "巨量千川"]
    assert files.loc["直通车_2026-03.csv", "Dropped or read as 0"] == "total rows dropped: 1"
    assert files.loc["万相台_2026-03.csv", "Dates"] == "YYYY/M/D"
    assert set(files["Status"]) == {"imported"}
    assert any("Every file was imported (3)." in s.value for s in at.success)
    assert any("has only 5 of 7 days" in w.value for w in at.warning)  # the partial first week is said
    totals = table(at, "Channel", "Weeks").set_index("Channel")
    for key in THREE:  # the generator's exact sums, shown by the number policy
        weeks = {week: sums for (channel, week), sums in expected_weekly(key).items()}
        channel = next(channel for channel, _ in expected_weekly(key))
        assert totals.loc[channel, "Weeks"] == str(len(weeks))
        assert totals.loc[channel, "Spend"] == format_money(sum(w["spend"] for w in weeks.values()) / 100, "¥")
        conversions = sum(w["conversions"] for w in weeks.values()) / 100
        assert totals.loc[channel, "Conversions"] == format_number(conversions)
    # Staged in a temporary folder of the session, never in the scenarios folder.
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    staged = at.session_state["import::staging"].folder
    assert not staged.is_relative_to(folder)
    assert sorted(p.name for p in staged.iterdir()) == sorted(file_name(key) for key in THREE)


def test_a_mapping_edit_reads_another_column_and_renames_the_channel(folder: Path) -> None:
    at = upload(open_app(), sample("ztc_gbk"))
    ztc = file_name("ztc_gbk")
    assert editor(at, ztc, "conversions").value == "总成交笔数"  # the total, not the direct orders
    editor(at, ztc, "conversions").set_value("直接成交笔数").run()
    editor(at, ztc, "channel_name").set_value("直通车-女装").run()
    assert not at.exception
    # The direct orders, summed independently of the importer (pandas, GBK, the 合计 row left out).
    raw = pd.read_csv(FOLDER / ztc, encoding="gbk")
    direct = raw.loc[raw["日期"] != "合计", "直接成交笔数"].astype(float).sum()
    totals = table(at, "Channel", "Weeks").set_index("Channel")
    assert list(totals.index) == ["直通车-女装"]
    assert totals.loc["直通车-女装", "Conversions"] == format_number(direct)
    # The editors show the mapping now in force, and the download is that mapping.
    assert editor(at, ztc, "conversions").value == "直接成交笔数"
    assert editor(at, ztc, "channel_name").value == "直通车-女装"
    assert any(b.proto.label == "Download the mapping (YAML)" for b in at.get("download_button"))
    (entry,) = at.session_state["import::mapping"].files
    assert (entry.match, entry.channel, entry.columns["conversions"]) == ("直通车_*.csv", "直通车-女装", "直接成交笔数")


def test_dates_that_read_either_way_import_once_the_date_format_is_picked(folder: Path) -> None:
    lines = ["Date,Cost,Orders,Sales"] + [f"{day:02d}/03/2026,10.25,2,50" for day in range(2, 9)]  # 2–8 March
    at = upload(open_app(), ("shop_report.csv", "\n".join(lines).encode(), "text/csv"))
    assert any("can be day/month or month/day" in e.value for e in at.error)
    assert not any("Weeks" in d.value.columns for d in at.dataframe)  # no history yet
    editor(at, "shop_report.csv", "date_format").set_value("%d/%m/%Y").run()
    totals = table(at, "Channel", "Weeks").set_index("Channel")
    assert totals.loc["shop_report", "Weeks"] == "1"  # Monday 2 March to Sunday 8 March: one whole week
    assert totals.loc["shop_report", "First week"] == "2026-03-02"
    assert totals.loc["shop_report", "Spend"] == "¥71.75"  # 7 × 10.25
    assert totals.loc["shop_report", "Conversions"] == "14"
    assert editor(at, "shop_report.csv", "date_format").value == "%d/%m/%Y"


def test_an_uploaded_mapping_file_is_used(folder: Path, tmp_path: Path) -> None:
    first = upload(open_app(), sample("ztc_gbk"))
    editor(first, file_name("ztc_gbk"), "channel_name").set_value("直通车-女装").run()
    text = mapping_yaml(first.session_state["import::mapping"])
    (tmp_path / "import.yaml").write_text(text, encoding="utf-8")
    assert read_mapping(tmp_path / "import.yaml") == first.session_state["import::mapping"]  # the same format

    at = open_app()  # a new session: next month, the saved mapping
    at.file_uploader(key="import_mapping_file").set_value(("import.yaml", text.encode(), "application/x-yaml")).run()
    assert any("Reading the exports with import.yaml (entries: 1)." in i.value for i in at.info)
    upload(at, sample("ztc_gbk"))
    assert list(table(at, "Channel", "Weeks")["Channel"]) == ["直通车-女装"]
    broken = "version: 1\nfiles:\n- match: '*.csv'\n  chanel: x\n"
    at.file_uploader(key="import_mapping_file").set_value(("bad.yaml", broken.encode(), "application/x-yaml")).run()
    wrong = "bad.yaml:4: files -> 0 -> chanel: unknown key chanel (did you mean channel?)"
    assert any(wrong in e.value for e in at.error)


def test_a_malformed_file_is_listed_with_file_line_and_column_and_the_others_imported(folder: Path) -> None:
    bad = ("直通车_坏.csv", ztc_rows({3: "约三百", 6: "abc"}), "text/csv")
    at = upload(open_app(), bad, sample("wanxiangtai_bom"))
    assert table(at, "File", "Status").set_index("File").loc["直通车_坏.csv", "Status"] == "not imported"
    message = next(e.value for e in at.error if "直通车_坏.csv was not imported" in e.value)
    assert "直通车_坏.csv:3: 花费: 2 cells are not numbers (lines 3, 6), e.g. '约三百'" in message
    assert any("1 of 2 files were not imported" in w.value for w in at.warning)
    assert list(table(at, "Channel", "Weeks")["Channel"]) == ["万相台"]
    assert any(b.key == "import_write" for b in at.button)  # the others can be written


def test_nothing_is_written_when_nothing_could_be_read(folder: Path) -> None:
    at = upload(open_app(), ("空.csv", b"", "text/csv"), ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "x"))
    assert any("No file could be imported" in e.value for e in at.error)
    assert not any(b.key == "import_write" for b in at.button)


def test_a_single_part_week_left_out_says_so_rather_than_that_nothing_could_be_read(folder: Path) -> None:
    lines = ["Day,Campaign,Cost,Conversions,Conv. value"] + [
        f"2026-10-{d},Search,3000.00,80,9000.00" for d in (19, 20, 21)
    ]
    at = open_app()
    at.checkbox(key="import_drop_partial").check().run()
    upload(at, ("google_ads_2026-10.csv", ("\n".join(lines) + "\n").encode(), "text/csv"))
    assert any("has only 3 of 7 days in the exports and was left out" in w.value for w in at.warning)
    assert any("Every week the exports cover was partial and left out" in e.value for e in at.error)
    assert not any("No file could be imported" in e.value for e in at.error)


def store_export(history: Path, factor: float) -> bytes:
    """The store's own history as one GBK export with a channel column, 直通车's spend scaled by factor."""
    frame = pd.read_csv(history)
    frame.loc[frame["channel"] == "直通车", "spend"] *= factor
    frame = frame.rename(columns={"date": "日期", "channel": "渠道", "spend": "花费"})
    frame = frame.rename(columns={"conversions": "总成交笔数", "revenue": "总成交金额", "clicks": "点击量"})
    return frame.drop(columns=["impressions"]).to_csv(index=False, float_format="%.2f").encode("gbk")


def test_writing_replaces_the_scenarios_history_atomically_and_the_plan_follows(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    history = folder / "tmall_flagship" / "history.csv"
    at = open_app(path)
    before = at.metric[1].value
    upload(at, ("店铺_2026.csv", store_export(history, 1.5), "text/csv"))
    assert at.selectbox(key="import_target_folder::en").value == "tmall_flagship"
    assert at.text_input(key="import_target_name").value == "history.csv"
    assert any("tmall_flagship/history.csv exists and will be replaced" in w.value for w in at.warning)
    expected = at.session_state["import::result"][1].history
    at.button(key="import_write").click().run()
    assert not at.exception
    assert any("Wrote tmall_flagship/history.csv" in s.value and "The plan now uses it." in s.value for s in at.success)
    written = pd.read_csv(history)
    assert list(written.columns) == ["date", "channel", "spend", "conversions", "revenue", "clicks"]
    assert len(written) == len(expected)
    assert [p.name for p in history.parent.iterdir() if p.name.startswith(".history")] == []  # no temporary left
    plan = solve(load_scenario(path))  # the plan of the scenario as it now reads its history
    assert at.metric[1].value == format_number(plan.totals["conversions"])
    assert at.metric[1].value != before
    assert any("holds this history" in s.value for s in at.success)
    assert at.button(key="import_write").disabled  # nothing left to write


def test_a_file_changed_on_disk_since_the_page_showed_it_is_not_overwritten_unawares(folder: Path) -> None:
    target = folder / "tmall_flagship" / "history.csv"
    at = upload(open_app(folder / "tmall_flagship" / "baseline.yaml"), sample("ztc_gbk"))
    colleague = target.read_text(encoding="utf-8") + "2026-10-05,直通车,1,1,1,1,1\n"
    target.write_text(colleague, encoding="utf-8")  # after the page was drawn, before the click
    at.button(key="import_write").click().run()
    assert any("changed on disk since this page showed it; nothing was written" in e.value for e in at.error)
    assert target.read_text(encoding="utf-8") == colleague
    at.button(key="import_write").click().run()  # seen now: a second click writes, keeping the colleague's row
    written = pd.read_csv(target)
    assert written[written["date"] == "2026-10-05"].values.tolist() == [["2026-10-05", "直通车", 1.0, 1, 1.0, 1, 1]]
    first_week = written[(written["date"] == "2026-03-02") & (written["channel"] == "直通车")]
    assert first_week["spend"].tolist() == [expected_weekly("ztc_gbk")[("直通车", "2026-03-02")]["spend"] / 100]


def test_an_import_extends_the_existing_history_or_replaces_it_when_asked(folder: Path) -> None:
    target = folder / "tmall_flagship" / "history.csv"
    original = pd.read_csv(target)
    at = upload(open_app(folder / "tmall_flagship" / "baseline.yaml"), sample("ztc_gbk"))
    assert at.checkbox(key="import_merge").value  # keeping the rest is the default
    imported = at.session_state["import::result"][1].history
    weeks = set(imported["date"])
    replaced = original["channel"].eq("直通车") & original["date"].isin(weeks)
    total = len(original) - int(replaced.sum()) + len(imported)
    counts = f"{total:,} rows will be written: {len(imported)} imported, {total - len(imported):,} kept"
    assert any(counts in c.value for c in at.caption)
    at.button(key="import_write").click().run()
    written = pd.read_csv(target)
    assert len(written) == total
    others = written[~(written["channel"].eq("直通车") & written["date"].isin(weeks))].reset_index(drop=True)
    expected = original[~replaced].sort_values(["date", "channel"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(others, expected, check_dtype=False)  # every other row as it was
    march = written[written["channel"].eq("直通车") & written["date"].isin(weeks)]
    assert march["spend"].sum() == pytest.approx(sum(w["spend"] for w in expected_weekly("ztc_gbk").values()) / 100)

    at.checkbox(key="import_merge").set_value(False).run()  # the whole file replaced by the import
    at.button(key="import_write").click().run()
    assert pd.read_csv(target)["channel"].unique().tolist() == ["直通车"]


def test_a_failed_write_leaves_the_old_file_intact(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "tmall_flagship" / "history.csv"
    old = target.read_bytes()
    at = upload(open_app(folder / "tmall_flagship" / "baseline.yaml"), sample("ztc_gbk"))
    missing = "“Tmall baseline Q4” has channels this history has no rows for: 引力魔方, 钻石展位, 淘宝客, 淘宝直播"
    assert any(missing in w.value for w in at.warning)

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    at.button(key="import_write").click().run()
    assert any("cannot write tmall_flagship/history.csv (No space left on device)" in e.value for e in at.error)
    assert target.read_bytes() == old
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_file_name_in_another_folder_is_created(folder: Path) -> None:
    at = upload(open_app(folder / "tmall_flagship" / "baseline.yaml"), sample("ztc_gbk"))
    at.selectbox(key="import_target_folder::en").set_value("us_outdoor").run()
    at.text_input(key="import_target_name").set_value("直通车 三月").run()
    assert any("us_outdoor/直通车 三月.csv will be created." in i.value for i in at.info)
    assert any("does not read this file" in c.value for c in at.caption)
    at.button(key="import_write").click().run()
    written = pd.read_csv(folder / "us_outdoor" / "直通车 三月.csv")
    assert set(written["channel"]) == {"直通车"}
    assert written["spend"].sum() == pytest.approx(sum(w["spend"] for w in expected_weekly("ztc_gbk").values()) / 100)
    at.text_input(key="import_target_name").set_value("../escape").run()
    assert any("/" in e.value or ".." in e.value for e in at.error)
    assert not any(b.key == "import_write" for b in at.button)


def test_the_import_step_in_chinese_shows_no_english(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    at.radio(key="language").set_value("zh").run()
    bad = ("直通车_坏.csv", ztc_rows({3: "约三百"}), "text/csv")
    upload(at, *(sample(key) for key in THREE), bad)
    headers = {h for report in at.session_state["import::result"][1].files for h in report.headers}  # the files' own
    # YYYY-MM-DD, YYYY/M/D: how a date format is written, in either language.
    notation = {date_label(fmt, unpadded) for fmt in DATE_FORMATS for unpadded in (False, True)}
    allowed = own_words(folder) | {file_name(key) for key in THREE} | headers | notation
    sweep, left = english_sweep(at, allowed)

    sweep("preview")
    editor(at, file_name("ztc_gbk"), "channel_name").set_value("直通车女装").run()
    sweep("after an edit")
    store = folder / "tmall_flagship" / "history.csv"
    upload(at, ("店铺_2026.csv", store_export(store, 1.2), "text/csv"))  # weeks the scenario's window holds
    sweep("the store's own export")
    at.button(key="import_write").click().run()
    sweep("written")
    assert any("已写入 tmall_flagship/history.csv" in s.value for s in at.success)
    report = "\n".join(f"[{where}] {words[:6]}: {text[:160]!r}" for text, (where, words) in left.items())
    assert not left, f"{len(left)} texts with English words in 中文 mode:\n{report}"


def test_the_staging_folder_holds_only_the_current_uploads_and_goes_with_the_session() -> None:
    import gc

    from planner.app.import_tab import Staging

    staging = Staging()
    folder = staging.folder
    paths = staging.stage([("a", "直通车.csv", b"one"), ("b", "直通车.csv", b"two"), ("c", "../../etc/x.csv", b"3")])
    assert [p.name for p in paths] == ["直通车.csv", "直通车 (2).csv", "x.csv"]  # no way out of the folder
    assert all(p.parent == folder for p in paths)
    (again,) = staging.stage([("d", "直通车.csv", b"new")])  # the same name, a new upload: written again
    assert again.read_bytes() == b"new"
    assert sorted(p.name for p in folder.iterdir()) == ["直通车.csv"]
    del staging, paths, again
    gc.collect()
    assert not folder.exists()
