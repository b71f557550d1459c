"""Seeded generator of the sample platform exports in tests/data/exports (python -m tests.exports_gen).

Each export is shaped the way its platform writes it (encoding, delimiter, headers, date and amount formats,
title lines, total rows); amounts are drawn as whole cents, so the weekly sums the importer must reproduce are
known exactly (`expected_weekly`).
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "data" / "exports"
FIELDS = ("spend", "impressions", "clicks", "conversions", "revenue")
# A month of daily rows from a Wednesday to a Sunday: the first week is partial (5 of 7 days).
START = date(2026, 3, 4)
DAYS = 33


@dataclass(frozen=True)
class Shape:
    """How one platform writes its export."""

    name: str  # file name (the month is filled in)
    channel: str  # the channel the importer should give it
    headers: dict[str, str]  # field → header; "date" and "campaign" included, others optional
    encoding: str = "utf-8"
    delimiter: str = ","
    date_format: str = "%Y-%m-%d"
    money: str = "plain"  # plain, thousands, yuan (￥1,234.50), dollar ($1,234.50)
    campaigns: tuple[str, ...] = ("计划A", "计划B", "计划C")
    preamble: tuple[str, ...] = ()
    total_row: str = ""  # the label of a total row written at the bottom ("合计", "Total: Account")
    fractional_conversions: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # extra header → kind (ctr, roas, acos, currency, text)
    workbook: bool = False
    store: bool = False  # the store's own totals (生意参谋): no spend, one row a day


SHAPES: dict[str, Shape] = {
    "ztc_gbk": Shape(
        "直通车_{month}.csv",
        "直通车",
        {
            "date": "日期",
            "campaign": "计划名称",
            "spend": "花费",
            "impressions": "展现量",
            "clicks": "点击量",
            "conversions": "总成交笔数",
            "revenue": "总成交金额",
        },
        encoding="gbk",
        campaigns=("女装-春季新品", "女装-爆款", "店铺-品牌词", "测款-连衣裙"),
        total_row="合计",
        extra={"点击率": "ctr", "直接成交笔数": "direct", "投入产出比": "roas"},
    ),
    "wanxiangtai_bom": Shape(
        "万相台_{month}.csv",
        "万相台",
        {
            "date": "日期",
            "campaign": "计划名称",
            "spend": "花费",
            "impressions": "展现量",
            "clicks": "点击量",
            "conversions": "总成交笔数",
            "revenue": "总成交金额",
        },
        encoding="utf-8-sig",
        date_format="%Y/%-m/%-d",
        money="thousands",
        campaigns=("拉新快", "上新快", "货品加速"),
    ),
    "yinli_yen": Shape(
        "引力魔方_{month}.csv",
        "引力魔方",
        {
            "date": "日期",
            "campaign": "计划名称",
            "spend": "花费(元)",
            "impressions": "展现量",
            "clicks": "点击量",
            "conversions": "总成交笔数",
            "revenue": "总成交金额(元)",
        },
        date_format="%Y.%m.%d",
        money="yuan",
        preamble=("引力魔方 计划报表", "统计周期：{first} 至 {last}"),
        total_row="合计",
    ),
    "jd_yyyymmdd": Shape(
        "kuaiche_report_{month}.csv",
        "京东快车",
        {
            "date": "日期",
            "campaign": "计划名称",
            "impressions": "展现数",
            "clicks": "点击数",
            "spend": "总费用",
            "conversions": "总订单行",
            "revenue": "总订单金额",
        },
        date_format="%Y%m%d",
        campaigns=("快车-搜索", "快车-推荐"),
        extra={"ROI": "roas"},
    ),
    "pdd_utf16": Shape(
        "多多搜索_{month}.txt",
        "多多搜索",
        {
            "date": "日期",
            "campaign": "推广计划",
            "spend": "花费",
            "impressions": "曝光量",
            "clicks": "点击量",
            "conversions": "成交笔数",
            "revenue": "交易额",
        },
        encoding="utf-16",
        delimiter="\t",
        campaigns=("全站推广", "标准推广"),
    ),
    "qianchuan_xlsx": Shape(
        "巨量千川_{month}.xlsx",
        "巨量千川",
        {
            "date": "日期",
            "campaign": "计划名称",
            "spend": "消耗",
            "impressions": "展示次数",
            "clicks": "点击次数",
            "conversions": "成交订单数",
            "revenue": "整体成交金额",
        },
        campaigns=("直播间-全域", "短视频-商品卡"),
        workbook=True,
    ),
    "google_ads": Shape(
        "google_ads_campaigns_{month}.csv",
        "Google Ads",
        {
            "date": "Day",
            "campaign": "Campaign",
            "spend": "Cost",
            "impressions": "Impr.",
            "clicks": "Clicks",
            "conversions": "Conversions",
            "revenue": "Conv. value",
        },
        campaigns=("Search - Brand", "Search - Generic", "PMax - All"),
        preamble=("Campaign report", "{first} - {last}"),
        total_row="Total: Account",
        fractional_conversions=True,
        extra={"Currency code": "currency"},
    ),
    "meta_ads": Shape(
        "meta_ads_export_{month}.csv",
        "Meta Ads",
        {
            "date": "Reporting starts",
            "campaign": "Campaign name",
            "spend": "Amount spent (USD)",
            "impressions": "Impressions",
            "clicks": "Link clicks",
            "conversions": "Purchases",
            "revenue": "Purchases conversion value",
        },
        campaigns=("Prospecting - Broad", "Retargeting - 30d"),
        extra={"Reporting ends": "same_date"},
    ),
    "amazon_sp": Shape(
        "amazon_sponsored_products_{month}.csv",
        "Amazon SP",
        {
            "date": "Date",
            "campaign": "Campaign Name",
            "impressions": "Impressions",
            "clicks": "Clicks",
            "spend": "Spend",
            "revenue": "7 Day Total Sales",
            "conversions": "7 Day Total Orders (#)",
        },
        date_format="%b %d, %Y",
        money="dollar",
        campaigns=("SP - Auto", "SP - Exact", "SP - Phrase"),
        extra={"Total Advertising Cost of Sales (ACoS)": "acos"},
    ),
    "sycm_store": Shape(
        "生意参谋_店铺整体_{month}.csv",
        "store",
        {
            "date": "统计日期",
            "visitors": "访客数",
            "buyers": "支付买家数",
            "conversions": "支付子订单数",
            "revenue": "支付金额",
        },
        encoding="gbk",
        money="thousands",
        campaigns=("全店",),
        preamble=("生意参谋 取数 店铺整体", "统计时间：{first} ~ {last}"),
        extra={"支付转化率": "cvr", "客单价": "aov"},
        store=True,
    ),
}


@dataclass(frozen=True)
class Record:
    """One generated row: a campaign's day, amounts in cents (conversions in hundredths)."""

    day: date
    campaign: str
    values: dict[str, int]


def records(key: str, start: date = START, days: int = DAYS, seed: int = 0) -> list[Record]:
    """Return the rows of an export: every campaign on every day, drawn from a seeded generator."""
    shape = SHAPES[key]
    rng = random.Random(f"{key}:{start}:{days}:{seed}")
    rows = []
    if shape.store:
        return [_store_record(start + timedelta(days=offset), rng) for offset in range(days)]
    for offset in range(days):
        day = start + timedelta(days=offset)
        for campaign in shape.campaigns:
            spend = rng.randint(5_000, 900_000)  # ¥50 to ¥9,000
            impressions = rng.randint(1_000, 90_000)
            clicks = rng.randint(10, max(11, impressions // 20))
            orders = rng.randint(0, max(1, clicks // 8))
            conversions = orders * 100 + (rng.choice((0, 25, 50, 75)) if shape.fractional_conversions else 0)
            revenue = orders * rng.randint(3_000, 60_000)
            values = {
                "spend": spend,
                "impressions": impressions * 100,
                "clicks": clicks * 100,
                "conversions": conversions,
                "revenue": revenue,
            }
            rows.append(Record(day, campaign, values))
    return rows


def _store_record(day: date, rng: random.Random) -> Record:
    """Return one day of a store's own totals: visitors, buyers, item lines (orders) and revenue; no spend."""
    visitors = rng.randint(20_000, 90_000)
    buyers = rng.randint(visitors // 60, visitors // 25)
    orders = buyers + rng.randint(0, buyers // 4)  # a buyer may pay for several item lines
    revenue = orders * rng.randint(8_000, 30_000)
    values = {"spend": 0, "impressions": 0, "clicks": 0, "conversions": orders * 100, "revenue": revenue}
    return Record(day, "全店", values | {"visitors": visitors * 100, "buyers": buyers * 100})


def expected_weekly(
    key: str, start: date = START, days: int = DAYS, seed: int = 0
) -> dict[tuple[str, str], dict[str, int]]:
    """Return the exact weekly sums (hundredths) per (channel, Monday) the importer must reproduce."""
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for record in records(key, start, days, seed):
        monday = record.day - timedelta(days=record.day.weekday())
        entry = sums[(SHAPES[key].channel, monday.isoformat())]
        for name in FIELDS:
            entry[name] += record.values[name]
    return dict(sums)


def expected_in(history_fields: list[str], key: str) -> dict[tuple[str, str], dict[str, int]]:
    """Return `expected_weekly` with only the fields a history has (a store export has no clicks)."""
    return {week: {name: v[name] for name in history_fields} for week, v in expected_weekly(key).items()}


def _money(cents: int, style: str) -> str:
    plain = f"{cents // 100}.{cents % 100:02d}"
    grouped = f"{cents // 100:,}.{cents % 100:02d}"
    return {"plain": plain, "thousands": grouped, "yuan": f"￥{grouped}", "dollar": f"${grouped}"}[style]


def _count(hundredths: int) -> str:
    return str(hundredths // 100) if hundredths % 100 == 0 else f"{hundredths / 100:.2f}"


def _date(day: date, fmt: str) -> str:
    if "%-m" in fmt:  # no zero padding (2026/3/4), which strftime spells differently per platform
        return fmt.replace("%Y", str(day.year)).replace("%-m", str(day.month)).replace("%-d", str(day.day))
    return day.strftime(fmt)


def _extra(kind: str, record: Record, shape: Shape) -> str:
    v = record.values
    if kind == "ctr":
        return f"{v['clicks'] / v['impressions'] * 100:.2f}%"
    if kind == "roas":
        return f"{v['revenue'] / v['spend']:.2f}"
    if kind == "acos":
        return f"{v['spend'] / v['revenue'] * 100:.2f}%" if v["revenue"] else "-"
    if kind == "direct":
        return str(v["conversions"] // 200)
    if kind == "cvr":
        return f"{v['buyers'] / v['visitors'] * 100:.2f}%"
    if kind == "aov":
        return f"{v['revenue'] / v['buyers']:.2f}"
    if kind == "currency":
        return "USD"
    if kind == "same_date":
        return _date(record.day, shape.date_format)
    return ""


def table(key: str, start: date = START, days: int = DAYS, seed: int = 0) -> list[list[str]]:
    """Return an export's lines as cells: title lines, header, rows, total row."""
    return lines_of(SHAPES[key], records(key, start, days, seed), start, start + timedelta(days=days - 1))


def lines_of(shape: Shape, rows: list[Record], first: date, last: date) -> list[list[str]]:
    """Return the lines a platform writes for these rows: title lines, header, rows, total row."""
    order = [*shape.headers, *shape.extra]
    header = [shape.headers.get(name) or name for name in order]
    lines = [[line.format(first=first.isoformat(), last=last.isoformat())] for line in shape.preamble]
    lines.append(header)
    for record in rows:
        cells = []
        for name in order:
            if name == "date":
                cells.append(_date(record.day, shape.date_format))
            elif name == "campaign":
                cells.append(record.campaign)
            elif name in ("spend", "revenue"):
                cells.append(_money(record.values[name], shape.money))
            elif name in record.values:
                cells.append(_count(record.values[name]))
            else:
                cells.append(_extra(shape.extra[name], record, shape))
        lines.append(cells)
    if shape.total_row:
        totals = []
        for name in order:
            if name == "date":
                totals.append(shape.total_row)
            elif name in ("spend", "revenue"):
                totals.append(_money(sum(r.values[name] for r in rows), shape.money))
            elif name in FIELDS:
                totals.append(_count(sum(r.values[name] for r in rows)))
            else:
                totals.append("")
        lines.append(totals)
    return lines


def export_bytes(key: str, start: date = START, days: int = DAYS, seed: int = 0) -> bytes:
    """Return an export file's bytes exactly as its platform would write them."""
    return encoded(SHAPES[key], table(key, start, days, seed))


def encoded(shape: Shape, lines: list[list[str]]) -> bytes:
    """Return lines as the bytes of the platform's file: its encoding and delimiter, or an xlsx workbook."""
    if shape.workbook:
        return _workbook(lines, len(shape.preamble))
    stream = io.StringIO()
    csv.writer(stream, delimiter=shape.delimiter, lineterminator="\r\n").writerows(lines)
    return stream.getvalue().encode(shape.encoding)


def _workbook(lines: list[list[str]], preamble: int) -> bytes:
    """Return lines as an xlsx workbook: dates as date cells, numbers as numbers (as Excel would hold them)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for index, cells in enumerate(lines):
        if index <= preamble:
            sheet.append(cells)
            continue
        row: list[object] = []
        for cell in cells:
            try:
                row.append(datetime.strptime(cell, "%Y-%m-%d"))
            except ValueError:
                try:
                    row.append(float(cell))
                except ValueError:
                    row.append(cell)
        sheet.append(row)
    fixed = datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def file_name(key: str, start: date = START) -> str:
    """Return an export's file name for the month it starts in."""
    return SHAPES[key].name.format(month=f"{start:%Y-%m}" if "kuaiche" not in SHAPES[key].name else f"{start:%Y%m}")


def write(key: str, folder: Path, start: date = START, days: int = DAYS, seed: int = 0) -> Path:
    """Write one export into a folder and return its path."""
    path = folder / file_name(key, start)
    path.write_bytes(export_bytes(key, start, days, seed))
    return path


def main() -> None:
    """Write every sample export into tests/data/exports."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for key in SHAPES:
        print(write(key, FOLDER))


if __name__ == "__main__":
    main()
