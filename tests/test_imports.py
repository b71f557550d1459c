"""Platform exports → history: exact weekly sums, what is detected and stated, grouped problems, the mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from planner.cli import main
from planner.data.imports import FileMapping, Mapping, import_exports, import_summary, mapping_yaml, read_mapping
from planner.data.imports.parsing import detect_date_format, read_dates, read_numbers
from planner.data.io import read_history, write_history_csv
from planner.model.errors import HistoryError
from planner.model.i18n import render
from tests import exports_gen
from tests.exports_gen import FOLDER, SHAPES, expected_in, expected_weekly, export_bytes, file_name, table

SAMPLES = sorted(SHAPES)


def weekly_hundredths(history: pd.DataFrame) -> dict[tuple[str, str], dict[str, int]]:
    """Return a history's rows as exact hundredths per (channel, week)."""
    fields = [c for c in exports_gen.FIELDS if c in history.columns]
    return {
        (row["channel"], row["date"]): {name: round(float(row[name]) * 100) for name in fields}
        for _, row in history.iterrows()
    }


def sample(key: str) -> Path:
    return FOLDER / file_name(key)


@pytest.mark.parametrize("key", SAMPLES)
def test_each_sample_gives_the_generators_weekly_sums_to_the_cent(key: str) -> None:
    result = import_exports([sample(key)])
    assert not result.problems
    fields = [c for c in exports_gen.FIELDS if c in result.history.columns]
    assert weekly_hundredths(result.history) == expected_in(fields, key)


# key → encoding, delimiter, date format, platform, total rows dropped, channel
DETECTED = {
    "ztc_gbk": ("GBK/GB18030", "comma", "YYYY-MM-DD", "taobao_ztc", 1, "直通车"),
    "wanxiangtai_bom": ("UTF-8 BOM", "comma", "YYYY/M/D", "taobao_wanxiangtai", 0, "万相台"),
    "yinli_yen": ("UTF-8", "comma", "YYYY.MM.DD", "taobao_yinli", 1, "引力魔方"),
    "jd_yyyymmdd": ("UTF-8", "comma", "YYYYMMDD", "jd_kuaiche", 0, "京东快车"),
    "pdd_utf16": ("UTF-16", "tab", "YYYY-MM-DD", "pdd_search", 0, "多多搜索"),
    "qianchuan_xlsx": ("xlsx", "", "YYYY-MM-DD", "douyin_qianchuan", 0, "巨量千川"),
    "google_ads": ("UTF-8", "comma", "YYYY-MM-DD", "google_ads", 1, "Google Ads"),
    "meta_ads": ("UTF-8", "comma", "YYYY-MM-DD", "meta_ads", 0, "Meta Ads"),
    "amazon_sp": ("UTF-8", "comma", "Mon DD, YYYY", "amazon_sp", 0, "Amazon SP"),
    "sycm_store": ("GBK/GB18030", "comma", "YYYY-MM-DD", "sycm_store", 0, "store"),
}


@pytest.mark.parametrize("key", SAMPLES)
def test_encoding_delimiter_dates_platform_and_totals_are_detected_and_stated(key: str) -> None:
    result = import_exports([sample(key)])
    (report,) = result.files
    encoding, delimiter, date_format, platform, totals, channel = DETECTED[key]
    assert (report.encoding, report.delimiter, report.date_format) == (encoding, delimiter, date_format)
    assert (report.platform, report.rows_total, report.channels) == (platform, totals, (channel,))
    assert report.rows_read == len(exports_gen.records(key))
    stated = "\n".join(render(line, "en") for line in import_summary(result))
    assert encoding in stated
    assert date_format in stated
    assert channel in stated
    assert "labelled by their Monday" in stated
    assert "以周一的日期标记" in "\n".join(render(line, "zh") for line in import_summary(result))


def test_the_committed_samples_are_what_the_generator_writes() -> None:
    for key in SAMPLES:
        if SHAPES[key].workbook:  # a zip carries the time it was written
            continue
        assert sample(key).read_bytes() == export_bytes(key), f"run python -m tests.exports_gen ({key})"


def test_every_sample_at_once_merges_into_one_history_that_reads_back(tmp_path: Path) -> None:
    result = import_exports([sample(key) for key in SAMPLES])
    expected: dict[tuple[str, str], dict[str, int]] = {}
    for key in SAMPLES:
        expected |= expected_weekly(key)
    assert weekly_hundredths(result.history) == expected
    assert result.weeks == 5
    assert len(result.channels) == len(SAMPLES)
    path = tmp_path / "history.csv"
    write_history_csv(result.history, path)
    again = read_history(path)
    assert len(again) == len(result.history)
    assert round(again["spend"].sum() * 100) == sum(v["spend"] for v in expected.values())


def test_a_partial_first_week_is_flagged_once_for_all_channels_and_can_be_dropped() -> None:
    result = import_exports([sample("ztc_gbk"), sample("jd_yyyymmdd")])
    partial = [note for note in result.notes if note.key == "imports.partial_week"]
    assert len(partial) == 1
    assert "2026-03-02" in render(partial[0])
    assert "5 of 7 days" in render(partial[0])
    dropped = import_exports([sample("ztc_gbk")], drop_partial_weeks=True)
    assert "2026-03-02" not in set(dropped.history["date"])
    assert len(dropped.history) == 4


def _google_days(path: Path, first: str, count: int, step: int = 1) -> Path:
    """Write a Google Ads export of `count` rows, one every `step` days from `first`."""
    days = pd.date_range(first, periods=count, freq=f"{step}D")
    rows = [["Day", "Campaign", "Cost", "Conversions", "Conv. value"]]
    rows += [[f"{day:%Y-%m-%d}", "Search", "3000.00", "80", "9000.00"] for day in days]
    return _write_rows(path, rows)


def test_a_single_part_week_is_flagged_in_both_languages_and_dropped_with_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _google_days(tmp_path / "google_ads_2026-10.csv", "2026-10-19", 3)  # Monday to Wednesday
    result = import_exports([path])
    (note,) = [n for n in result.notes if n.key == "imports.partial_week"]
    assert render(note, "en").startswith("Google Ads: the week of 2026-10-19 has only 3 of 7 days in the exports")
    assert "2026-10-19 这一周的导出数据只有 7 天中的 3 天（已保留" in render(note, "zh")
    assert list(result.history["date"]) == ["2026-10-19"]  # kept, and said
    dropped = import_exports([path], drop_partial_weeks=True)
    (note,) = [n for n in dropped.notes if n.key == "imports.partial_week_dropped"]
    assert "3 of 7 days in the exports and was left out" in render(note, "en")
    assert "7 天中的 3 天，已略去" in render(note, "zh")
    assert dropped.history.empty
    out = tmp_path / "history.csv"
    assert main(["import", str(path), "-o", str(out), "--drop-partial-weeks"]) == 2
    assert "every week the exports cover was partial and left out (--drop-partial-weeks)" in capsys.readouterr().err
    assert not out.exists()
    midweek = import_exports([_google_days(tmp_path / "google_ads_mid.csv", "2026-10-21", 3)])  # Wednesday to Friday
    assert ["3 of 7 days" in render(n) for n in midweek.notes if n.key == "imports.partial_week"] == [True]


def test_a_whole_single_week_and_a_weekly_export_are_not_flagged(tmp_path: Path) -> None:
    week = import_exports([_google_days(tmp_path / "google_ads_week.csv", "2026-10-19", 7)], drop_partial_weeks=True)
    assert not [n for n in week.notes if n.key.startswith("imports.partial_week")]
    assert list(week.history["date"]) == ["2026-10-19"]
    assert int(week.history["conversions"].iloc[0]) == 7 * 80
    weekly = import_exports(
        [_google_days(tmp_path / "google_ads_weekly.csv", "2026-10-21", 4, step=7)], drop_partial_weeks=True
    )
    assert not [n for n in weekly.notes if n.key.startswith("imports.partial_week")]
    assert len(weekly.history) == 4


def test_a_partial_last_week_of_a_longer_export_is_flagged_and_dropped(tmp_path: Path) -> None:
    path = _google_days(tmp_path / "google_ads_2026-10.csv", "2026-10-05", 17)  # two whole weeks, then Mon to Wed
    (note,) = [n for n in import_exports([path]).notes if n.key == "imports.partial_week"]
    assert "the week of 2026-10-19 has only 3 of 7 days" in render(note)
    dropped = import_exports([path], drop_partial_weeks=True)
    assert list(dropped.history["date"]) == ["2026-10-05", "2026-10-12"]


def test_the_same_days_in_two_files_are_summed_and_said() -> None:
    result = import_exports([sample("meta_ads"), sample("meta_ads")])
    (note,) = [n for n in result.notes if n.key == "imports.days_in_two_files"]
    assert "Meta Ads: 33 days" in render(note)
    single = expected_weekly("meta_ads")
    assert weekly_hundredths(result.history) == {k: {f: 2 * v for f, v in d.items()} for k, d in single.items()}


# Amounts and dates, a column at a time.


def test_amounts_with_currency_signs_separators_percents_and_dashes() -> None:
    cells = pd.Series(["¥1,234.50", "￥1,234.50", "$12", "€3.5", "12.5%", "-", "", "1 234", "１２", "abc"])
    numbers = read_numbers(cells)
    assert numbers.hundredths.tolist()[:9] == [123450, 123450, 1200, 350, 12, 0, 0, 123400, 1200]
    assert numbers.failed.tolist() == [False] * 9 + [True]
    assert numbers.empty.sum() == 2
    assert read_numbers(pd.Series(["1.234,50 €", "12,5", "3"])).hundredths.tolist() == [123450, 1250, 300]
    assert read_numbers(pd.Series(["1,234", "12,345.5"])).hundredths.tolist() == [123400, 1234550]


@pytest.mark.parametrize(
    ("cells", "fmt", "first"),
    [
        (["2026-03-30", "2026-03-31"], "%Y-%m-%d", date(2026, 3, 30)),
        (["2026/03/30", "2026/04/01"], "%Y/%m/%d", date(2026, 3, 30)),
        (["2026/3/30", "2026/4/1"], "%Y/%m/%d", date(2026, 3, 30)),
        (["20260330", "20260331"], "%Y%m%d", date(2026, 3, 30)),
        (["2026.03.30", "2026.03.31"], "%Y.%m.%d", date(2026, 3, 30)),
        (["30/03/2026", "01/04/2026"], "%d/%m/%Y", date(2026, 3, 30)),
        (["03/30/2026", "04/01/2026"], "%m/%d/%Y", date(2026, 3, 30)),
        (["46111", "46112"], "excel-serial", date(2026, 3, 30)),
        (["Mar 30, 2026"], "%b %d, %Y", date(2026, 3, 30)),
        (["2026年03月30日"], "%Y年%m月%d日", date(2026, 3, 30)),
    ],
)
def test_date_formats_are_recognised(cells: list[str], fmt: str, first: date) -> None:
    assert detect_date_format(pd.Series(cells)) == fmt
    assert read_dates(pd.Series(cells), fmt).iloc[0].date() == first


def test_day_month_order_is_refused_when_the_file_cannot_tell() -> None:
    assert detect_date_format(pd.Series(["03/04/2026", "04/04/2026"])) == "ambiguous"


# Malformed exports: one grouped message each, with the file, the first line and the column.


def _write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    path.write_bytes(stream.getvalue().encode(encoding))
    return path


def _ztc_rows() -> list[list[str]]:
    return table("ztc_gbk")


def _set(rows: list[list[str]], column: str, lines: list[int], value: str) -> list[list[str]]:
    index = rows[0].index(column)
    for line in lines:
        rows[line - 1][index] = value
    return rows


MALFORMED: dict[str, tuple[Callable[[], list[list[str]]], str, int, str]] = {
    "bad_numbers": (lambda: _set(_ztc_rows(), "花费", [5, 9, 12, 30, 31, 32, 40], "约三百"), "花费", 5, "7 cells"),
    "bad_dates": (lambda: _set(_ztc_rows(), "日期", [7, 8], "2026-02-30"), "日期", 7, "2 dates"),
    "negative": (lambda: _set(_ztc_rows(), "总成交金额", [3, 4, 6], "-12.00"), "总成交金额", 3, "3 amounts"),
    "empty_channel": (
        lambda: [
            [*row, "推广工具" if i == 0 else ("" if i in (3, 8) else "直通车")] for i, row in enumerate(_ztc_rows())
        ],
        "推广工具",
        4,
        "2 rows",
    ),
    "ambiguous_dates": (
        lambda: [
            ["日期", "花费", "成交笔数", "成交金额"],
            ["03/04/2026", "1", "1", "1"],
            ["04/04/2026", "1", "1", "1"],
        ],
        "日期",
        2,
        "day/month",
    ),
    "missing_conversions": (
        lambda: [list(row[:3]) for row in _ztc_rows()],
        "",
        1,
        "no column for conversions",
    ),
    "no_header": (lambda: [["报表说明"], ["这里没有表头"], ["1", "2"]], "", 1, "no header line"),
    "field_count": (lambda: [*_ztc_rows()[:6], [*_ztc_rows()[6], "多余"], *_ztc_rows()[7:]], "", 7, "has 11 fields"),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_each_malformed_export_gives_one_grouped_message_with_file_line_and_column(kind: str, tmp_path: Path) -> None:
    make, column, line, words = MALFORMED[kind]
    path = _write_rows(tmp_path / f"直通车_{kind}.csv", make())
    result = import_exports([path])
    (problem,) = result.problems
    assert (problem.file, problem.field, problem.line) == (str(path), column, line)
    assert words in render(problem.text)
    assert render(problem.text, "zh") != render(problem.text, "en")
    assert not result.files[0].imported
    assert result.history.empty


def test_a_gbk_file_read_as_utf8_by_the_mapping_says_where_and_what_to_set(tmp_path: Path) -> None:
    path = tmp_path / "直通车_2026-03.csv"
    path.write_bytes(export_bytes("ztc_gbk"))
    mapping = Mapping(files=(FileMapping(match="直通车_*.csv", encoding="utf-8"),))
    (problem,) = import_exports([path], mapping).problems
    assert problem.line == 1
    assert "cannot be read as UTF-8" in render(problem.text)


def test_an_old_excel_file_and_an_empty_file_are_listed(tmp_path: Path) -> None:
    old = tmp_path / "report.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = import_exports([old, empty])
    assert [len(r.problems) for r in result.files] == [1, 1]
    assert ".xls" in render(result.files[0].problems[0].text)


def test_a_malformed_file_in_a_batch_is_listed_and_the_others_imported(tmp_path: Path) -> None:
    bad = _write_rows(tmp_path / "直通车_bad.csv", _set(_ztc_rows(), "花费", [5], "x"))
    result = import_exports([bad, sample("jd_yyyymmdd")])
    assert [r.imported for r in result.files] == [False, True]
    assert result.channels == ("京东快车",)
    assert weekly_hundredths(result.history) == expected_weekly("jd_yyyymmdd")


def test_hundreds_of_bad_cells_give_one_message(tmp_path: Path) -> None:
    rows = _ztc_rows()
    rows = _set(rows, "点击量", list(range(2, len(rows))), "n.a.")
    (problem,) = import_exports([_write_rows(tmp_path / "直通车.csv", rows)]).problems
    assert f"{len(rows) - 2} cells" in render(problem.text)
    assert "…" in render(problem.text)


# Channels from a column, revenue from ROAS.


def test_a_channel_column_splits_one_file_into_channels(tmp_path: Path) -> None:
    rows = [
        [*row, "推广工具" if i == 0 else ("直通车" if i % 2 else "万相台")] for i, row in enumerate(_ztc_rows()[:-1])
    ]
    result = import_exports([_write_rows(tmp_path / "taobao_all.csv", rows)])
    assert set(result.channels) == {"直通车", "万相台"}
    assert result.files[0].channel_source == "column"
    total = sum(v["spend"] for v in expected_weekly("ztc_gbk").values())
    assert round(result.history["spend"].sum() * 100) == total


def test_an_export_with_revenue_but_no_order_count_is_imported_with_zero_orders(tmp_path: Path) -> None:
    rows = [
        ["日期", "花费", "成交金额"],
        ["2026-03-30", "100.00", "300"],
        ["2026-03-31", "50", "220.5"],
    ]
    result = import_exports([_write_rows(tmp_path / "直通车_金额.csv", rows)])
    assert not result.problems
    assert result.history[["spend", "conversions", "revenue"]].values.tolist() == [[150.0, 0.0, 520.5]]
    (note,) = [n for n in result.files[0].notes if n.key == "data.import.no_orders"]
    assert "fits these channels on revenue" in render(note)


def test_revenue_is_computed_from_roas_when_the_export_has_none(tmp_path: Path) -> None:
    rows = [
        ["日期", "花费", "成交笔数", "投入产出比"],
        ["2026-03-30", "100.00", "3", "2.50"],
        ["2026-03-31", "50", "1", "4"],
    ]
    result = import_exports([_write_rows(tmp_path / "直通车_roi.csv", rows)])
    assert result.history["revenue"].tolist() == [450.0]
    assert any(note.key == "imports.revenue_derived" for note in result.files[0].notes)


def test_an_unknown_platform_is_named_after_the_file_and_said(tmp_path: Path) -> None:
    rows = [["日期", "花费", "成交笔数", "成交金额"], ["2026-03-30", "100", "3", "300"]]
    result = import_exports([_write_rows(tmp_path / "小红书_聚光.csv", rows)])
    assert result.channels == ("小红书_聚光",)
    assert result.files[0].notes[0].key == "imports.channel_from_file_name"


# The mapping file: first guess, confirm or edit, reuse next month.


def test_the_guessed_mapping_reads_back_equal(tmp_path: Path) -> None:
    result = import_exports([sample(key) for key in SAMPLES])
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping_yaml(result.mapping), encoding="utf-8")
    assert read_mapping(path) == result.mapping
    assert {entry.match for entry in result.mapping.files} >= {"直通车_*.csv", "kuaiche_report_*.csv"}


def test_an_edited_mapping_imports_next_months_export(tmp_path: Path) -> None:
    march = tmp_path / file_name("ztc_gbk")
    march.write_bytes(export_bytes("ztc_gbk"))
    guess = tmp_path / "mapping.yaml"
    guess.write_text(mapping_yaml(import_exports([march]).mapping), encoding="utf-8")
    edited = guess.read_text(encoding="utf-8").replace("channel: 直通车", "channel: 直通车-女装")
    guess.write_text(edited, encoding="utf-8")
    april_start = date(2026, 4, 6)
    april = tmp_path / file_name("ztc_gbk", april_start)
    april.write_bytes(export_bytes("ztc_gbk", april_start, 28, seed=4))
    assert april.name == "直通车_2026-04.csv"
    result = import_exports([april], read_mapping(guess))
    assert not result.problems
    assert not result.files[0].guessed
    expected = {("直通车-女装", week): v for (_, week), v in expected_weekly("ztc_gbk", april_start, 28, 4).items()}
    assert weekly_hundredths(result.history) == expected
    assert not result.notes  # whole weeks from Monday to Sunday


def test_a_mapping_written_by_hand_imports_an_export_no_alias_knows(tmp_path: Path) -> None:
    rows = [["Datum", "Kosten", "Bestellungen", "Umsatz"], ["30.03.2026", "1.234,50", "3", "300"]]
    path = _write_rows(tmp_path / "shop_export.csv", rows)
    assert import_exports([path]).failed
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "version: 1\nfiles:\n  - match: shop_*.csv\n    channel: Shop\n    date_format: '%d.%m.%Y'\n"
        "    columns: {date: Datum, spend: Kosten, conversions: Bestellungen, revenue: Umsatz}\n",
        encoding="utf-8",
    )
    result = import_exports([path], read_mapping(mapping))
    assert result.history.to_dict("records") == [
        {"date": "2026-03-30", "channel": "Shop", "spend": 1234.5, "conversions": 3, "revenue": 300.0}
    ]


def test_a_wrong_mapping_key_is_named_with_its_line_and_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "version: 1\nfiles:\n  - match: a*.csv\n    chanel: A\n    columns: {dates: 日期}\n", encoding="utf-8"
    )
    with pytest.raises(HistoryError) as caught:
        read_mapping(path)
    (problem,) = caught.value.problems
    assert problem.line == 4
    assert "did you mean channel?" in render(problem.text)
    path.write_text("version: 1\nfiles:\n  - match: a*.csv\n    columns: {dates: 日期}\n", encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        read_mapping(path)
    (problem,) = caught.value.problems
    assert problem.line == 4
    assert "did you mean date?" in render(problem.text)


# The command.


def test_the_command_imports_states_what_it_found_and_writes_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, mapping = tmp_path / "history.csv", tmp_path / "m.yaml"
    code = main(["import", str(FOLDER), "-o", str(out), "--write-mapping", str(mapping), "--lang", "zh"])
    shown = capsys.readouterr().out
    assert code == 0
    assert "GBK/GB18030" in shown
    assert "UTF-16，制表符分隔" in shown
    assert "YYYYMMDD" in shown
    assert "略去合计行 1 行" in shown
    assert "每周以周一的日期标记" in shown
    assert "读作全店的总数" in shown  # the 生意参谋 sample: the store's own rows
    assert len(read_history(out)) == 5 * len(SHAPES)  # five weeks of every sample's channel, the store's too
    assert read_mapping(mapping).for_file("直通车_2026-05.csv") is not None


def test_the_command_exits_1_when_some_files_fail_and_2_when_all_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write_rows(tmp_path / "直通车_bad.csv", _set(_ztc_rows(), "花费", [5, 6], "x"))
    out = tmp_path / "history.csv"
    assert main(["import", str(bad), str(sample("meta_ads")), "-o", str(out)]) == 1
    errors = capsys.readouterr().err
    assert f"{bad}:5: 花费: 2 cells are not numbers" in errors
    assert main(["import", str(bad), "-o", str(tmp_path / "none.csv")]) == 2
    assert not (tmp_path / "none.csv").exists()
    assert main(["import", str(bad)]) == 2
    capsys.readouterr()
    assert main(["import", str(sample("meta_ads")), "--lang", "zh"]) == 2  # nothing to write: said in 中文
    assert "请给出 --output（要写出的历史数据 CSV）或 --write-mapping" in capsys.readouterr().err


def test_blank_lines_and_quoted_line_breaks_keep_line_numbers_right(tmp_path: Path) -> None:
    text = '日期,计划名称,花费,成交笔数,成交金额\n2026-03-30,"计划\n甲",10,1,20\n\n2026-03-31,乙,x,1,20\n'
    path = tmp_path / "直通车_lines.csv"
    path.write_text(text, encoding="utf-8")
    (problem,) = import_exports([path]).problems
    assert problem.line == 5
    assert problem.field == "花费"


def test_utf16_without_its_mark_and_semicolons_are_read(tmp_path: Path) -> None:
    text = "日期;花费;成交笔数;成交金额\r\n2026-03-30;10,5;1;20\r\n".replace("10,5", "10.5")
    path = tmp_path / "多多场景_x.csv"
    path.write_bytes(text.encode("utf-16-le"))
    result = import_exports([path])
    assert (result.files[0].encoding, result.files[0].delimiter) == ("UTF-16LE", "semicolon")
    assert result.history["spend"].tolist() == [10.5]
    assert result.channels == ("多多场景",)


def test_a_workbook_with_excel_serial_dates_and_a_title_row(tmp_path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.append(["淘宝直播 数据报表"])
    sheet.append(["日期", "花费", "成交笔数", "成交金额"])
    sheet.append([46111, 100.25, 2, 300.5])
    sheet.append([46112, "￥1,000.00", 3, 400])
    sheet.append(["合计", 1100.25, 5, 700.5])
    path = tmp_path / "live.xlsx"
    book.save(path)
    result = import_exports([path])
    report = result.files[0]
    assert (report.encoding, report.date_format, report.rows_total, report.platform) == (
        "xlsx",
        "Excel serial number",
        1,
        "taobao_live",
    )
    assert result.history.to_dict("records") == [
        {"date": "2026-03-30", "channel": "淘宝直播", "spend": 1100.25, "conversions": 5, "revenue": 700.5}
    ]


def test_a_channel_name_with_a_control_character_is_refused_once(tmp_path: Path) -> None:
    rows = [["日期", "渠道", "花费", "成交笔数", "成交金额"]]
    rows += [["2026-03-30", "直通车\u202e", "1", "1", "1"] for _ in range(3)]
    (problem,) = import_exports([_write_rows(tmp_path / "x.csv", rows)]).problems
    assert (problem.field, problem.line) == ("渠道", 2)
    assert "3 rows" in render(problem.text)
    assert "U+202E" in render(problem.text)


def test_an_export_the_importer_cannot_place_still_gets_a_mapping_entry_to_complete(tmp_path: Path) -> None:
    rows = [["日期", "花费", "笔数", "金额"], ["2026-03-30", "100", "3", "300"]]
    path = _write_rows(tmp_path / "聚光_2026-03.csv", rows)
    result = import_exports([path])
    assert result.failed
    (entry,) = result.mapping.files
    assert (entry.match, entry.encoding, entry.delimiter, entry.header_line) == ("聚光_*.csv", "utf-8", ",", 1)
    assert entry.columns == {"date": "日期", "spend": "花费"}
    completed = entry.model_copy(update={"columns": {**entry.columns, "conversions": "笔数", "revenue": "金额"}})
    again = import_exports([path], Mapping(files=(completed,)))
    assert again.history["revenue"].tolist() == [300.0]
    assert again.channels == ("聚光",)


def test_channel_names_that_look_like_numbers_keep_their_zeros(tmp_path: Path) -> None:
    rows = [
        ["日期", "渠道", "花费", "成交笔数", "成交金额"],
        ["2026-03-30", "01", "1", "1", "1"],
        ["2026-03-30", "02", "2", "1", "1"],
    ]
    result = import_exports([_write_rows(tmp_path / "x.csv", rows)])
    assert result.channels == ("01", "02")


def test_splitting_an_export_by_campaign_into_two_files_gives_the_same_weeks(tmp_path: Path) -> None:
    rows = _ztc_rows()
    header, body = rows[0], rows[1:-1]
    first = _write_rows(tmp_path / "直通车_a.csv", [header, *[r for r in body if r[1] < "女装-爆款"]])
    second = _write_rows(tmp_path / "直通车_b.csv", [header, *[r for r in body if r[1] >= "女装-爆款"]])
    result = import_exports([second, first])
    assert weekly_hundredths(result.history) == expected_weekly("ztc_gbk")
    assert [note.key for note in result.notes].count("imports.days_in_two_files") == 1


def test_a_sycm_export_becomes_store_rows_without_spend_and_keeps_the_channels_clicks(tmp_path: Path) -> None:
    """生意参谋 has no spend: its rows are the store's totals (支付子订单数, 支付金额), beside the channels' rows."""
    result = import_exports([sample("sycm_store"), sample("ztc_gbk")])
    assert not result.problems
    store = result.history[result.history["channel"] == "store"]
    assert len(store) == 5
    assert (store["spend"] == 0).all()
    expected = expected_weekly("sycm_store")
    assert {week: round(float(v) * 100) for week, v in zip(store["date"], store["revenue"], strict=True)} == {
        week: sums["revenue"] for (_, week), sums in expected.items()
    }
    assert "clicks" in result.history.columns  # the store's export has none; the channels' are kept
    assert (result.history.loc[result.history["channel"] == "直通车", "clicks"] > 0).all()
    (report, _) = result.files
    (note,) = [n for n in report.notes if n.key == "store.import_note"]
    assert "orders from 支付子订单数, revenue from 支付金额" in render(note)
    assert "订单数取自 支付子订单数" in render(note, "zh")
    path = tmp_path / "history.csv"
    write_history_csv(result.history, path)
    again = read_history(path)
    assert sorted(again["channel"].unique()) == ["store", "直通车"]


def test_a_store_export_named_by_the_mapping_needs_no_spend_column(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("日期,支付订单数,支付金额\n2026-03-02,10,1000.50\n2026-03-03,5,400\n", encoding="utf-8")
    result = import_exports([path], Mapping(files=(FileMapping(match="orders.csv", channel="全店"),)))
    assert not result.problems
    assert result.history.to_dict("records") == [
        {"date": "2026-03-02", "channel": "全店", "spend": 0.0, "conversions": 15, "revenue": 1400.5}
    ]
    without = import_exports([path])  # no platform, no mapping: a file without spend is still refused
    assert [getattr(p.text, "key", "") for p in without.problems] == ["imports.field_missing"]


# The app's column mapping (planner.data.imports.edits): an edit is a new entry, the others stay.


def test_a_report_lists_the_headers_it_read_even_when_the_file_is_not_imported(tmp_path: Path) -> None:
    bad = _write_rows(tmp_path / "直通车_bad.csv", _set(_ztc_rows(), "花费", [5], "x"))
    result = import_exports([bad, sample("jd_yyyymmdd")])
    assert result.files[0].headers == tuple(_ztc_rows()[0])
    assert "总费用" in result.files[1].headers
    assert import_exports([tmp_path / "none.csv"]).files[0].headers == ()


def test_an_edit_picks_another_column_renames_the_channel_and_keeps_helper_columns() -> None:
    from planner.data.imports.edits import edit_file_mapping

    entry = FileMapping(
        match="直通车_*.csv",
        channel="直通车",
        date_format="%Y-%m-%d",
        columns={"date": "日期", "spend": "花费", "conversions": "总成交笔数", "roas": "投入产出比"},
    )
    columns = {"date": "日期", "spend": "花费", "conversions": "直接成交笔数", "revenue": "", "channel": "推广工具"}
    edited = edit_file_mapping(entry, columns, channel=" 直通车-女装 ", date_format="%Y/%m/%d")
    assert edited.columns == {
        "date": "日期",
        "spend": "花费",
        "conversions": "直接成交笔数",
        "channel": "推广工具",
        "roas": "投入产出比",
    }
    assert (edited.channel, edited.channel_column, edited.date_format) == ("直通车-女装", "推广工具", "%Y/%m/%d")
    assert edit_file_mapping(entry, dict(entry.columns)) == entry  # no change: the same entry


def test_an_edited_entry_replaces_the_one_that_read_the_file_or_comes_first() -> None:
    from planner.data.imports.edits import replace_file_entry

    march, other = FileMapping(match="直通车_*.csv", encoding="gb18030"), FileMapping(match="*.csv")
    mapping = Mapping(files=(march, other))
    edited = march.model_copy(update={"channel": "直通车-女装"})
    # In place: April's export is read the edited way too.
    replaced = replace_file_entry(mapping, "直通车_2026-03.csv", march, edited)
    assert replaced.files == (edited, other)
    assert replaced.for_file("直通车_2026-04.csv") == edited
    # The file was read by an entry the mapping would not pick for it: the edit goes first, for this name only.
    odd = FileMapping(match="直通车[1]_2026-03.csv", encoding="utf-8")
    first = replace_file_entry(mapping, "直通车[1]_2026-03.csv", odd, odd.model_copy(update={"channel": "x"}))
    escaped = "直通车[[]1]_2026-03.csv"  # the name as a pattern: brackets read literally
    assert first.for_file("直通车[1]_2026-03.csv") == odd.model_copy(update={"channel": "x", "match": escaped})
    assert first.files[1:] == mapping.files


def test_an_edit_made_in_the_app_imports_the_other_column(tmp_path: Path) -> None:
    from planner.data.imports.edits import edit_file_mapping, replace_file_entry

    rows = [["日期", "花费", "总成交笔数", "直接成交笔数", "总成交金额"]]
    rows += [[f"2026-03-{2 + day:02d}", "10.5", "4", str(day), "100"] for day in range(7)]
    path = _write_rows(tmp_path / "直通车_2026-03.csv", rows)
    first = import_exports([path])
    assert first.history["conversions"].tolist() == [28]  # 7 days × 4
    report = first.files[0]
    columns = dict(report.mapping.columns) | {"conversions": "直接成交笔数"}
    edited = edit_file_mapping(report.mapping, columns, channel="直通车-女装")
    again = import_exports([path], replace_file_entry(first.mapping, path.name, report.mapping, edited))
    assert again.history["conversions"].tolist() == [0 + 1 + 2 + 3 + 4 + 5 + 6]
    assert again.history["channel"].tolist() == ["直通车-女装"]
    assert again.history["spend"].tolist() == [73.5]


def test_an_import_added_to_an_existing_history_replaces_only_its_channels_and_weeks() -> None:
    from planner.data.imports.merging import merge_histories

    existing = pd.DataFrame(
        {
            "line": [2, 3, 4, 5],
            "date": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-09", "2026-03-09"]),
            "channel": ["直通车", "万相台", "直通车", "万相台"],
            "spend": [100.0, 200.0, 110.0, 210.0],
            "conversions": [10.0, 20.0, 11.0, 21.0],
            "revenue": [1000.0, 2000.0, 1100.0, 2100.0],
            "clicks": [1.0, 2.0, 3.0, 4.0],
        }
    )
    imported = pd.DataFrame(
        {
            "date": ["2026-03-09", "2026-03-16"],
            "channel": ["直通车", "直通车"],
            "spend": [150.5, 160.0],
            "conversions": [15, 16],
            "revenue": [1500.0, 1600.0],
        }
    )
    merged = merge_histories(existing, imported)
    assert list(merged.columns) == ["date", "channel", "spend", "conversions", "revenue"]  # clicks: only one has it
    assert merged.values.tolist() == [
        ["2026-03-02", "万相台", 200.0, 20, 2000.0],
        ["2026-03-02", "直通车", 100.0, 10, 1000.0],
        ["2026-03-09", "万相台", 210.0, 21, 2100.0],
        ["2026-03-09", "直通车", 150.5, 15, 1500.0],  # the import's week replaces the file's
        ["2026-03-16", "直通车", 160.0, 16, 1600.0],  # a new week is added
    ]
    assert str(merged["conversions"].dtype) == "int64"
