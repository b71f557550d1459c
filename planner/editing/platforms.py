"""Known channels per platform, with how each is paid and the limits the platform publishes.

Pure data: `planner.editing.platform_templates` turns a platform into a commented scenario skeleton.
Numbers here are of two kinds, kept apart on purpose:

- `Limit` and `RateLimit`: a platform's own published rule, each with the public page it was read from
  (checked when written; see docs/templates.md). A platform without one found gets none, never a guess.
- everything else (`cost_per_conversion`, commission rates, session fees…): placeholders for the user to
  replace, written into the skeleton with a comment that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CostModel = Literal["spend", "commission", "sessions", "units"]
COST_MODELS: tuple[CostModel, ...] = ("spend", "commission", "sessions", "units")


@dataclass(frozen=True)
class Limit:
    """A platform's published minimum budget: zero, or at least `amount` per `per` (written as min_if_active)."""

    owner: str  # whose rule it is: the ad platform, which may not be the template's (Meta ads on Shopify)
    amount: float
    currency: str  # of `amount`: a scenario in another currency gets the limit as a note, not as a number
    per: Literal["day", "period"]
    unit: Literal["ad group", "ad set", "plan"]  # what the minimum applies to on the platform
    source: str  # the public page that states it


@dataclass(frozen=True)
class RateLimit:
    """A platform's published lowest commission rate (written as commission.min_rate)."""

    owner: str
    rate: float
    source: str


@dataclass(frozen=True)
class ChannelTemplate:
    """One known channel of a platform: its name, how it is paid, and placeholder settings."""

    id: str
    label: str
    cost_model: CostModel
    groups: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other names a history may give it (ZTC, Amazon SP…), matched ignoring case
    cost_per_conversion: float = 50.0  # placeholder when there is no history
    revenue_per_conversion: float = 150.0  # placeholder when there is no history
    commission_rate: float = 0.05  # placeholder (commission channels)
    max_revenue: float = 100_000.0  # placeholder: partners' weekly capacity (commission channels, no history)
    session_fee: float = 5_000.0  # placeholders (live sessions)
    session_commission: float = 0.1
    session_first: float = 60_000.0
    session_decay: float = 0.85
    sessions_per_week: int = 7
    unit_name: str = ""  # units channels: what one unit is
    unit_cost: float = 0.0  # placeholder: price of one unit
    limit: Limit | None = None
    min_rate: RateLimit | None = None


@dataclass(frozen=True)
class Platform:
    """A marketplace or ad platform and the channels a store on it usually plans."""

    id: str
    name_en: str
    name_zh: str
    currency: str
    channels: tuple[ChannelTemplate, ...]
    aliases: tuple[str, ...] = field(default=())

    def name(self, language: str) -> str:
        """Return the platform's name in 'en' or 'zh'."""
        return self.name_zh if language == "zh" else self.name_en


# Sources of the published limits (see docs/templates.md for what each page says).
TIKTOK_BUDGET = "https://ads.tiktok.com/help/article/budget"
TIKTOK_COLLABORATION = "https://ads.tiktok.com/help/article/about-open-collaborations-in-seller-center"
# Meta's own help page ("About minimum budgets") as quoted by a Meta ads reseller; docs/templates.md says so.
META_MINIMUM = "https://support.thenextad.com/minimum-budgets"

TIKTOK_AD_GROUP = Limit("TikTok", 20, "USD", "day", "ad group", TIKTOK_BUDGET)
META_AD_SET = Limit("Meta", 1, "USD", "day", "ad set", META_MINIMUM)  # charged per impression, as sales campaigns are
TIKTOK_AFFILIATE_RATE = RateLimit("TikTok Shop", 0.01, TIKTOK_COLLABORATION)


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "tmall",
        "Taobao / Tmall",
        "淘宝 / 天猫",
        "CNY",
        (
            ChannelTemplate(
                "ztc", "直通车", "spend", ("alibaba", "paid", "search"), ("ztc", "through train", "淘宝直通车")
            ),
            ChannelTemplate(
                "yinli", "引力魔方", "spend", ("alibaba", "paid", "display", "feed"), ("yinli", "超级推荐")
            ),
            ChannelTemplate(
                "wanxiangtai", "万相台", "spend", ("alibaba", "paid", "auto"), ("wanxiangtai", "万相台无界")
            ),
            ChannelTemplate(
                "taoke", "淘宝客", "commission", ("alibaba", "affiliate"), ("taoke", "淘宝联盟"), commission_rate=0.1
            ),
            ChannelTemplate(
                "taobao_live",
                "淘宝直播",
                "sessions",
                ("alibaba", "live"),
                ("taobao live",),
                session_fee=8_000.0,
                session_first=120_000.0,
            ),
        ),
        ("taobao", "tianmao", "淘宝", "天猫"),
    ),
    Platform(
        "jd",
        "JD",
        "京东",
        "CNY",
        (
            ChannelTemplate(
                "kuaiche", "京东快车", "spend", ("jd", "paid", "search"), ("jd kuaiche", "kuaiche", "快车", "京准通")
            ),
            ChannelTemplate(
                "jingtiaoke",
                "京挑客",
                "commission",
                ("jd", "affiliate"),
                ("jingtiaoke", "京东联盟"),
                commission_rate=0.1,
            ),
            ChannelTemplate(
                "jd_live",
                "京东直播",
                "sessions",
                ("jd", "live"),
                ("jd live",),
                session_fee=8_000.0,
                session_first=120_000.0,
            ),
        ),
        ("jingdong", "京东"),
    ),
    Platform(
        "pdd",
        "Pinduoduo",
        "拼多多",
        "CNY",
        (
            ChannelTemplate("pdd_search", "多多搜索", "spend", ("pdd", "paid", "search"), ("pdd search",)),
            ChannelTemplate("pdd_scene", "多多场景", "spend", ("pdd", "paid", "display"), ("pdd scene",)),
            ChannelTemplate(
                "duoduo_jinbao", "多多进宝", "commission", ("pdd", "affiliate"), ("jinbao", "duoduo jinbao")
            ),
        ),
        ("pinduoduo", "拼多多"),
    ),
    Platform(
        "douyin",
        "Douyin",
        "抖音",
        "CNY",
        (
            ChannelTemplate("qianchuan", "巨量千川", "spend", ("douyin", "paid", "feed"), ("qianchuan", "千川")),
            ChannelTemplate(
                "douyin_live",
                "抖音直播",
                "sessions",
                ("douyin", "live"),
                ("douyin live",),
                session_fee=8_000.0,
                session_first=120_000.0,
            ),
            ChannelTemplate(
                "xingtu",
                "星图",
                "units",
                ("douyin", "creators"),
                ("xingtu", "巨量星图"),
                unit_name="达人视频",
                unit_cost=20_000.0,
                cost_per_conversion=400.0,
            ),
            ChannelTemplate(
                "jingxuan_lianmeng", "精选联盟", "commission", ("douyin", "affiliate"), ("jingxuan", "抖音精选联盟")
            ),
        ),
        ("抖音", "抖店"),
    ),
    Platform(
        "kuaishou",
        "Kuaishou",
        "快手",
        "CNY",
        (
            ChannelTemplate("jinniu", "磁力金牛", "spend", ("kuaishou", "paid", "feed"), ("jinniu", "金牛")),
            ChannelTemplate(
                "kuaishou_live",
                "快手直播",
                "sessions",
                ("kuaishou", "live"),
                ("kuaishou live",),
                session_fee=8_000.0,
                session_first=120_000.0,
            ),
        ),
        ("快手",),
    ),
    Platform(
        "xiaohongshu",
        "Xiaohongshu",
        "小红书",
        "CNY",
        (
            ChannelTemplate("juguang", "聚光", "spend", ("xiaohongshu", "paid", "feed", "search"), ("juguang",)),
            ChannelTemplate(
                "pugongying",
                "蒲公英",
                "units",
                ("xiaohongshu", "creators"),
                ("pugongying",),
                unit_name="达人笔记",
                unit_cost=5_000.0,
                cost_per_conversion=200.0,
            ),
        ),
        ("xhs", "red", "rednote", "小红书"),
    ),
    Platform(
        "amazon",
        "Amazon",
        "亚马逊",
        "USD",
        (
            ChannelTemplate(
                "sponsored_products",
                "Sponsored Products",
                "spend",
                ("amazon", "paid", "search"),
                ("amazon sp", "sp", "amazon sponsored products"),
                cost_per_conversion=12.0,
                revenue_per_conversion=40.0,
            ),
            ChannelTemplate(
                "sponsored_brands",
                "Sponsored Brands",
                "spend",
                ("amazon", "paid", "search"),
                ("amazon sb", "sb", "amazon sponsored brands"),
                cost_per_conversion=15.0,
                revenue_per_conversion=40.0,
            ),
            ChannelTemplate(
                "sponsored_display",
                "Sponsored Display",
                "spend",
                ("amazon", "paid", "display"),
                ("amazon sd", "sd", "amazon sponsored display"),
                cost_per_conversion=18.0,
                revenue_per_conversion=40.0,
            ),
        ),
        ("亚马逊",),
    ),
    Platform(
        "google",
        "Google",
        "谷歌",
        "USD",
        (
            ChannelTemplate(
                "google_search",
                "Search",
                "spend",
                ("google", "paid", "search"),
                ("google search", "google ads"),
                cost_per_conversion=20.0,
                revenue_per_conversion=60.0,
            ),
            ChannelTemplate(
                "performance_max",
                "Performance Max",
                "spend",
                ("google", "paid", "auto"),
                ("pmax", "google pmax"),
                cost_per_conversion=22.0,
                revenue_per_conversion=60.0,
            ),
            ChannelTemplate(
                "google_shopping",
                "Shopping",
                "spend",
                ("google", "paid", "shopping"),
                ("google shopping",),
                cost_per_conversion=18.0,
                revenue_per_conversion=60.0,
            ),
        ),
        ("google ads", "谷歌"),
    ),
    Platform(
        "meta",
        "Meta",
        "Meta",
        "USD",
        (
            ChannelTemplate(
                "advantage_shopping",
                "Advantage+ shopping",
                "spend",
                ("meta", "paid", "social"),
                ("asc", "advantage+ shopping campaigns", "meta ads"),
                cost_per_conversion=25.0,
                revenue_per_conversion=60.0,
                limit=META_AD_SET,
            ),
            ChannelTemplate(
                "meta_sales",
                "Sales campaigns",
                "spend",
                ("meta", "paid", "social"),
                ("facebook ads", "instagram ads"),
                cost_per_conversion=30.0,
                revenue_per_conversion=60.0,
                limit=META_AD_SET,
            ),
        ),
        ("facebook", "instagram"),
    ),
    Platform(
        "tiktok",
        "TikTok Shop",
        "TikTok Shop",
        "USD",
        (
            ChannelTemplate(
                "gmv_max",
                "GMV Max",
                "spend",
                ("tiktok", "paid", "auto"),
                ("tiktok gmv max", "tiktok shop ads"),
                cost_per_conversion=15.0,
                revenue_per_conversion=35.0,
            ),
            ChannelTemplate(
                "tiktok_ads",
                "TikTok Ads",
                "spend",
                ("tiktok", "paid", "social"),
                ("video shopping ads",),
                cost_per_conversion=18.0,
                revenue_per_conversion=35.0,
                limit=TIKTOK_AD_GROUP,
            ),
            ChannelTemplate(
                "tiktok_affiliate",
                "Affiliate creators",
                "commission",
                ("tiktok", "affiliate"),
                ("tiktok affiliate", "tiktok creators"),
                revenue_per_conversion=35.0,
                commission_rate=0.15,
                max_revenue=20_000.0,
                min_rate=TIKTOK_AFFILIATE_RATE,
            ),
            ChannelTemplate(
                "tiktok_live",
                "LIVE",
                "sessions",
                ("tiktok", "live"),
                ("tiktok live",),
                revenue_per_conversion=35.0,
                session_fee=800.0,
                session_first=6_000.0,
            ),
        ),
        ("tiktok", "tiktok shop"),
    ),
    Platform(
        "shopify",
        "Shopify",
        "Shopify",
        "USD",
        (
            ChannelTemplate(
                "google_ads",
                "Google Ads",
                "spend",
                ("google", "paid", "search"),
                ("google",),
                cost_per_conversion=20.0,
                revenue_per_conversion=60.0,
            ),
            ChannelTemplate(
                "meta_ads",
                "Meta Ads",
                "spend",
                ("meta", "paid", "social"),
                ("facebook ads", "meta"),
                cost_per_conversion=25.0,
                revenue_per_conversion=60.0,
                limit=META_AD_SET,
            ),
            ChannelTemplate(
                "collabs",
                "Shopify Collabs",
                "commission",
                ("affiliate",),
                ("collabs", "affiliates"),
                revenue_per_conversion=60.0,
                commission_rate=0.15,
                max_revenue=10_000.0,
            ),
            ChannelTemplate(
                "shopify_email",
                "Shopify Email",
                "units",
                ("owned", "email"),
                ("email",),
                unit_name="1,000 emails",
                unit_cost=1.0,
                cost_per_conversion=5.0,
                revenue_per_conversion=60.0,
            ),
        ),
        (),
    ),
)

PLATFORM_IDS: tuple[str, ...] = tuple(platform.id for platform in PLATFORMS)


def find_platform(name: str) -> Platform | None:
    """Return the platform named by its id, English or Chinese name or an alias (ignoring case), or None."""
    wanted = name.strip().lower()
    for platform in PLATFORMS:
        names = (platform.id, platform.name_en, platform.name_zh, *platform.aliases)
        if wanted in {n.lower() for n in names}:
            return platform
    return None
