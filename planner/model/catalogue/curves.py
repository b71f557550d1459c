"""Response curves: fit warnings and fallbacks, why a channel's spend is bounded, and curve problems."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Why a fit fell back to a constant cost per conversion (planner.curves.fitting).
    "curves.fit.fallback": (
        "{reason}, so a constant cost per conversion is used",
        "{reason}，因此使用固定的单次转化成本",
    ),
    "curves.fit.no_spend": ("no week had any spend", "没有任何一周有花费"),
    "curves.fit.few_weeks": (
        "it had spend in only {weeks} of {total} weeks (switched on late, or paused), and a shape needs at least {needed}",
        "它只在 {total} 周中的 {weeks} 周有花费（较晚开启或曾暂停），至少需要 {needed} 周才能看出曲线形状",
    ),
    "curves.fit.short_history": (
        "the history has only {weeks} weeks, and a shape needs at least {needed}",
        "历史数据只有 {weeks} 周，至少需要 {needed} 周才能看出曲线形状",
    ),
    "curves.fit.no_conversions": ("no conversions were recorded", "没有记录到任何转化"),
    "curves.fit.flat_spend": (
        "its weekly spend barely varied (coefficient of variation {variation}), which shows no shape",
        "每周花费几乎没有变化（变异系数 {variation}），看不出曲线形状",
    ),
    "curves.fit.no_form": ("no curved form could be fitted", "没有任何曲线形式能够拟合"),
    "curves.fit.not_better": (
        "no curved form predicted held-out weeks clearly better than a straight line "
        "(cross-validated error {best} vs {linear})",
        "没有任何曲线形式对留出周的预测明显优于直线（交叉验证误差 {best}，直线为 {linear}）",
    ),
    "curves.fit.increasing": (
        "the curved forms that fit best show increasing returns across all the spend history saw",
        "拟合最好的曲线形式在历史花费的整个范围内都呈现收益递增",
    ),
    "curves.fit.no_history": ("no history to fit", "没有可拟合的历史数据"),
    # Warnings about a channel's curve (planner.curves.response).
    "curves.fallback": (
        "{channel}: {reason} ({cpa} per conversion, from history)",
        "{channel}：{reason}（按历史数据，每次转化 {cpa}）",
    ),
    "curves.paused": (
        "{channel}: no spend in the history window (its {conversions} conversions came without spend), so it is "
        "planned at zero; give {key} ({response}) to let the plan spend on it",
        "{channel}：历史窗口内没有花费（其 {conversions} 次转化并非花费带来），因此方案不在它上面花钱；"
        "如需投放，请给出 {key}（{response}）",
    ),
    "curves.paused_reason": ("no spend in the history window", "历史窗口内没有花费"),
    "curves.no_revenue": (
        "{channel}: no {first}, {second} or revenue in history; its revenue counts as 0",
        "{channel}：没有 {first} 或 {second}，历史数据中也没有销售额；其销售额按 0 计算",
    ),
    # Problems that stop a channel's response being built.
    "curves.table_not_loaded": (
        "its curve table was not loaded ({function} reads it)",
        "其曲线表没有加载（由 {function} 读取）",
    ),
    "curves.table_invalid": ("the curve table cannot be used: {reason}", "曲线表无法使用：{reason}"),
    "curves.needs_cost": (
        "needs {key}: the scenario has no history to take it from",
        "需要 {key}：场景没有历史数据可供计算",
    ),
    "curves.no_rows": (
        "has no rows in the history between {start} and {end}; give {key}, or exclude the channel",
        "在 {start} 至 {end} 的历史数据中没有记录；请给出 {key}，或排除该渠道",
    ),
    "curves.no_spend": (
        "had no spend between {start} and {end} (its {conversions} conversions came without spend), so its cost "
        "per conversion is unknown; give {key}, or exclude the channel",
        "在 {start} 至 {end} 之间没有花费（其 {conversions} 次转化并非花费带来），因此无法得知单次转化成本；"
        "请给出 {key}，或排除该渠道",
    ),
    "curves.no_conversions": (
        "spent {spend} between {start} and {end} but recorded no conversions, so its cost per conversion is "
        "unknown; give {key}, or exclude the channel",
        "在 {start} 至 {end} 之间花费了 {spend}，但没有记录到转化，因此无法得知单次转化成本；请给出 {key}，或排除该渠道",
    ),
    "curves.relative_needs_history": (
        "{key} needs the channel's spend in the history window",
        "{key} 需要该渠道在历史窗口内的花费",
    ),
    "curves.locked_needs": (
        "{locked} needs historical spend, or {first} = {second}",
        "{locked} 需要历史花费，或 {first} = {second}",
    ),
    # Why a channel's spend stops where it does (Bound.reason).
    "curves.bound.excluded": ("excluded", "已排除"),
    "curves.bound.locked": ("locked at {amount}", "锁定在 {amount}"),
    # Reasons are shown inside brackets ("at its cap (…)"), so the Chinese ones carry none of their own.
    "curves.bound.min_spend": ("{key} {amount}", "{key} 设定的 {amount}"),
    "curves.bound.max_spend": ("{key} {amount}", "{key} 设定的 {amount}"),
    "curves.bound.units_min": ("at least {count} × {unit}", "至少 {count} × {unit}"),
    "curves.bound.units_max": ("at most {count} × {unit}", "最多 {count} × {unit}"),
    "curves.bound.tranche_end": ("end of its last tranche", "最后一档的终点"),
    "curves.bound.history_multiple": ("{multiple}× historical spend {amount}", "历史花费 {amount} 的 {multiple} 倍"),
    "curves.bound.curve_end": ("end of its imported curve ({amount})", "导入曲线的终点 {amount}"),
    "curves.bound.extrapolation": (
        "{multiple}× its highest weekly spend in history ({amount}/week)",
        "历史最高周花费 {amount}/周 的 {multiple} 倍",
    ),
}
