"""What the platforms call things: header aliases, platform signatures and total-row markers, as data.

Every alias names where it was seen (`docs/importing.md` has the table with sources). Headers are compared
after `normalise_header`: NFKC (full-width brackets and letters become ASCII), lower case, spaces collapsed;
a trailing unit in brackets ("花费(元)", "Amount spent (USD)") is tried without it too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The history's fields, then the helper columns an export may carry. Within a field, earlier aliases win when
# a file has several (a 直通车 report has 直接成交笔数 and 总成交笔数: the total is what the channel claims).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "日期",
        "数据日期",
        "统计日期",
        "时间",
        "日期(天)",
        "投放日期",  # Taobao/Tmall, JD, Pinduoduo, Qianchuan
        "day",
        "date",
        "reporting starts",
        "start date",  # Google Ads, Amazon, Meta Ads Manager
    ),
    "spend": (
        "花费",
        "总花费",
        "总费用",
        "消耗",
        "整体消耗",
        "费用",
        "推广花费",
        "成本",
        "cost",
        "spend",
        "amount spent",
        "spend (usd)",
    ),
    "conversions": (
        "总成交笔数",
        "成交笔数",
        "总订单行",
        "总订单数",
        "成交订单数",
        "整体成交订单数",
        "订单数",
        "付款笔数",
        "直接成交笔数",
        "purchases",
        "conversions",
        "7 day total orders (#)",
        "7 day total orders",
        "purchases 7d",
        "orders",
        # 生意参谋 (the store's own totals): item lines first, the unit the platforms' 成交笔数 count; buyers last
        "支付子订单数",
        "支付订单数",
        "支付买家数",
    ),
    "revenue": (
        "总成交金额",
        "成交金额",
        "总订单金额",
        "总订单行金额",
        "整体成交金额",
        "成交订单金额",
        "交易额",
        "付款金额",
        "直接成交金额",
        "purchases conversion value",
        "conv. value",
        "total conv. value",
        "conversion value",
        "7 day total sales",
        "sales 7d",
        "sales",
        "支付金额",  # 生意参谋
    ),
    "clicks": ("点击量", "点击数", "点击次数", "clicks", "link clicks"),
    "impressions": ("展现量", "展现数", "展示数", "展示次数", "曝光量", "impressions", "impr."),
    "sessions": ("直播场次", "开播场次", "场次", "sessions", "live sessions"),  # live streams run (unverified)
    # Helper columns: not written to the history, used to find channels, totals and missing revenue.
    "campaign": ("计划名称", "推广计划", "计划名", "广告计划名称", "计划", "campaign", "campaign name"),
    "channel": ("渠道", "推广工具", "推广渠道", "channel", "platform"),
    "roas": ("投入产出比", "整体支付roi", "支付roi", "roi", "roas", "purchase roas (return on ad spend)"),
    "acos": ("total advertising cost of sales (acos)", "acos"),
}
HISTORY_FIELDS = ("date", "spend", "conversions", "revenue", "clicks", "impressions", "sessions")
REQUIRED_FIELDS = ("date", "spend")
HELPER_FIELDS = ("campaign", "channel", "roas", "acos")


@dataclass(frozen=True)
class Platform:
    """One platform's export: its id, the channel name it gives, and how it is recognised."""

    id: str
    channel: str  # the history's channel name for this tool (the mapping may rename it)
    keywords: tuple[str, ...]  # in the file's name or the lines above its header
    signature: tuple[str, ...] = ()  # normalised headers that only this export has (all must be present)


# Order matters: the first platform whose keyword or signature matches is the file's.
PLATFORMS: tuple[Platform, ...] = (
    Platform("taobao_ztc", "直通车", ("直通车", "ztc", "through train")),
    Platform("taobao_wanxiangtai", "万相台", ("万相台", "wanxiangtai")),
    Platform("taobao_yinli", "引力魔方", ("引力魔方", "yinli")),
    Platform("taobao_taoke", "淘宝客", ("淘宝客", "淘宝联盟", "taoke")),
    Platform("taobao_live", "淘宝直播", ("淘宝直播", "taobao live")),
    Platform("jd_kuaiche", "京东快车", ("京东快车", "京准通", "快车", "jd"), ("总费用", "总订单行")),
    Platform("pdd_search", "多多搜索", ("多多搜索", "pdd_search")),
    Platform("pdd_scene", "多多场景", ("多多场景", "pdd_scene")),
    Platform("douyin_qianchuan", "巨量千川", ("巨量千川", "千川", "qianchuan"), ("整体成交金额",)),
    Platform("amazon_sp", "Amazon SP", ("sponsored products", "amazon"), ("7 day total sales",)),
    Platform("amazon_sp", "Amazon SP", ("sponsored products", "amazon"), ("sales 7d",)),
    Platform("meta_ads", "Meta Ads", ("meta", "facebook", "instagram"), ("amount spent", "reporting starts")),
    Platform("google_ads", "Google Ads", ("google",), ("conv. value",)),
    Platform("google_ads", "Google Ads", ("google",), ("cost", "impr.")),
    # 生意参谋: the store's own totals (no spend), read as store rows
    Platform("sycm_store", "store", ("生意参谋", "sycm"), ("支付金额", "访客数")),
)

# A row whose date, campaign or first cell starts with one of these is a total, not a day: dropped and counted.
# Google Ads writes "Total: Account", "Total: Campaigns", "Total: Search"…
TOTAL_ROW = r"^\s*(合计|总计|汇总|总和|小计|全部|grand total|totals?)(:|：|\s|$)"  # RE2, matched ignoring case
# Cells that mean "nothing" in an export: read as zero and counted.
EMPTY_CELLS = ("", "-", "--", "—", "——", "n/a", "na", "null", "none", "无")

_UNIT_SUFFIX = re.compile(r"\s*\((?:[^()]*)\)\s*$")


def normalise_header(text: object) -> str:
    """Return a header as compared with aliases: NFKC, lower case, single spaces, no quotes or BOM."""
    value = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "").strip().strip("\"'").strip()
    return re.sub(r"\s+", " ", value).lower()


def without_unit(header: str) -> str:
    """Return a normalised header without a trailing unit in brackets ("花费(元)" → "花费")."""
    return _UNIT_SUFFIX.sub("", header)


_LOOKUP: dict[str, tuple[str, int]] = {
    normalise_header(alias): (field, rank)
    for field, aliases in FIELD_ALIASES.items()
    for rank, alias in enumerate(aliases)
}


def field_of(header: str) -> tuple[str, int] | None:
    """Return the field a header stands for and its rank among the field's aliases (0 is best), or None."""
    normal = normalise_header(header)
    return _LOOKUP.get(normal) or _LOOKUP.get(without_unit(normal))


def guess_columns(headers: list[str]) -> dict[str, str]:
    """Return field → header for the headers a file has, the best-ranked alias winning within a field."""
    best: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = field_of(header)
        if found is None:
            continue
        field, rank = found
        if field not in best or rank < best[field][0]:
            best[field] = (rank, header)
    return {field: header for field, (_, header) in best.items()}


def match_platform(name: str, preamble: str, headers: list[str]) -> Platform | None:
    """Return the platform an export comes from: by keyword in its name or preamble, else by headers."""
    text = f"{name}\n{preamble}".lower()
    for platform in PLATFORMS:
        if any(_keyword_in(keyword, text) for keyword in platform.keywords):
            return platform
    normal = {without_unit(normalise_header(h)) for h in headers} | {normalise_header(h) for h in headers}
    for platform in PLATFORMS:
        if platform.signature and all(sign in normal for sign in platform.signature):
            return platform
    return None


def _keyword_in(keyword: str, text: str) -> bool:
    if keyword.isascii():  # "jd" must not match inside another word
        return re.search(rf"(?<![a-z]){re.escape(keyword)}(?![a-z])", text) is not None
    return keyword in text


def platform_by_id(platform_id: str) -> Platform | None:
    """Return the platform with this id, or None."""
    return next((p for p in PLATFORMS if p.id == platform_id), None)
