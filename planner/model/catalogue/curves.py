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
        "has no rows in the history between {start} and {end} (looked for {names}; the history has {channels}); "
        "give {key}, set {field} to the history's name for it, or exclude the channel",
        "在 {start} 至 {end} 的历史数据中没有记录（查找的是 {names}；历史数据中有 {channels}）；"
        "请给出 {key}，或把 {field} 设为该渠道在历史数据中的名称，或排除该渠道",
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
    # Revenue-only history: spend and revenue (成交金额) but no order counts (planner.curves.response).
    "curves.fit.fallback_roas": (
        "{reason}, so a constant revenue per unit of spend is used",
        "{reason}，因此使用固定的投入产出比 (ROAS)",
    ),
    "curves.fallback_roas": (
        "{channel}: {reason} (ROAS {roas}, from history)",
        "{channel}：{reason}（按历史数据，投入产出比 (ROAS) 为 {roas}）",
    ),
    "curves.revenue_only": (
        "{channel}: its history has revenue but no orders, so its curve is fitted on revenue (spend → revenue) and "
        "its conversions count as 0; give {key} to estimate its orders",
        "{channel}：其历史数据有销售额但没有订单数，因此按销售额拟合响应曲线（花费 → 销售额），其转化按 0 计算；"
        "如需估算订单数，请给出 {key}",
    ),
    "curves.revenue_only_estimated": (
        "{channel}: its history has revenue but no orders, so its curve is fitted on revenue (spend → revenue) and "
        "its conversions are estimated at {key} {amount} per order",
        "{channel}：其历史数据有销售额但没有订单数，因此按销售额拟合响应曲线（花费 → 销售额），"
        "其转化按 {key} 每单 {amount} 估算",
    ),
    "curves.revenue_only_needs_orders": (
        "its history ({file}) has revenue but no orders, and {needs} counts conversions; maximize revenue (or "
        "profit) instead, or give {key} so orders can be estimated",
        "其历史数据（{file}）有销售额但没有订单数，而{needs}需要计算转化；请改为最大化销售额（或利润），"
        "或给出 {key} 以便估算订单数",
    ),
    "curves.needs.objective": ("the objective", "优化目标"),
    "curves.needs.rule": ("rule {index} ({name})", "第 {index} 条规则（{name}）"),
    # A channel with no spend in the history window but revenue and no orders.
    "curves.paused_revenue": (
        "{channel}: no spend in the history window (its {revenue} of revenue came without spend), so it is "
        "planned at zero; give {key} ({response}) to let the plan spend on it",
        "{channel}：历史窗口内没有花费（其 {revenue} 销售额并非花费带来），因此方案不在它上面花钱；"
        "如需投放，请给出 {key}（{response}）",
    ),
    # A channel switched off for its last weeks: those weeks are left out of its fit.
    "curves.paused_tail": (
        "{channel}: no spend in its last {weeks} weeks of history (switched off), so those weeks are left out of "
        "its curve; the {outcome} they still recorded is carry-over or organic",
        "{channel}：历史数据最后 {weeks} 周没有花费（已暂停），这些周不参与响应曲线拟合；其间仍记录到的 {outcome} "
        "属于延续效应或自然流量",
    ),
    "curves.outcome.conversions": ("{amount} conversions", "{amount} 次转化"),
    "curves.outcome.revenue": ("{amount} of revenue", "{amount} 销售额"),
    # A fitted shape parameter at the edge of its search range (planner.curves.fitting.parameters_at_edge).
    "curves.edge": (
        "{channel}: the fitted curve's {parameter} ended at the edge of its search range ({value}): {meaning}",
        "{channel}：拟合曲线的{parameter}停在搜索范围的边界（{value}）：{meaning}",
    ),
    "curves.edge.b": ("exponent", "指数"),
    "curves.edge.c": ("scale", "尺度"),
    "curves.edge.k": ("half-saturation spend", "半饱和花费"),
    "curves.edge.h": ("steepness", "陡度"),
    "curves.edge.rising": (
        "the curve keeps rising beyond what the history shows, with no sign of saturation; an optimum beyond the "
        "spend history saw rests on extrapolation",
        "曲线在历史数据之外仍持续上升，看不到饱和迹象；超出历史花费范围的最优解依赖外推",
    ),
    "curves.edge.flattening": (
        "the curve is already flat across the spend history saw, so where returns start to fall is not known; "
        "the optimum there rests on extrapolation",
        "曲线在历史花费范围内已经走平，无法得知回报从何处开始下降；该处的最优解依赖外推",
    ),
    "curves.edge.steep": (
        "the curve jumps from little effect to full effect abruptly, and where is uncertain; an optimum near that "
        "point rests on extrapolation",
        "曲线从几乎无效果陡然跳到完全见效，跳变位置并不确定；该点附近的最优解依赖外推",
    ),
    # Live-session yields fitted from a history's sessions column (planner.curves.sessions).
    "curves.sessions.no_weeks": (
        "no week of the history records a live session",
        "历史数据中没有任何一周记录了直播场次",
    ),
    "curves.sessions.few_weeks": (
        "only {weeks} weeks of the history record live sessions, and telling how much less each further session "
        "sells needs at least {needed}",
        "历史数据只有 {weeks} 周记录了直播场次，至少需要 {needed} 周才能看出每多一场销售额下降多少",
    ),
    "curves.sessions.one_count": (
        "every week with live sessions ran {count} of them, so how much less each further session sells cannot be told",
        "每周的直播场次都是 {count} 场，看不出每多一场销售额下降多少",
    ),
    "curves.sessions.no_revenue": ("the weeks with live sessions record no revenue", "有直播场次的周没有记录销售额"),
    "curves.sessions.not_fitted": (
        "{reason}, so every live session is taken to sell the same: {first} each (from {weeks} weeks)",
        "{reason}，因此按每场直播销售额相同计算：每场 {first}（来自 {weeks} 周）",
    ),
    "curves.sessions.fitted": (
        "live sessions fitted from {weeks} weeks of history: the first session of a week sells {first} "
        "({first_low}–{first_high}), each further one {decay} of the one before ({decay_low}–{decay_high}; "
        "90% intervals)",
        "直播场次由 {weeks} 周历史数据拟合：每周第一场销售额 {first}（{first_low}–{first_high}），之后每场为前一场的 "
        "{decay}（{decay_low}–{decay_high}；90% 区间）",
    ),
    # Shown by `planner backtest` (planner.insight.report.backtest_text).
    "curves.backtest.on_revenue": ("{form}, on revenue", "{form}，按销售额"),
    "curves.backtest.linear_revenue": ("constant ROAS", "固定投入产出比 (ROAS)"),
    "curves.backtest.off_weeks": (
        "{channel}: {weeks} tested weeks without spend (switched off) are left out; the curve predicts nothing "
        "there, and the orders they still record are carry-over or organic",
        "{channel}：检验周中有 {weeks} 周没有花费（已暂停），不计入误差；曲线在这些周的预测为零，"
        "其间仍记录到的订单属于延续效应或自然流量",
    ),
    # The curve chart of a channel fitted on revenue (planner.insight.charts.curve_chart).
    "curves.chart.subtitle": ("Weekly spend and revenue", "每周花费与销售额"),
    "curves.chart.subtitle.period": ("Spend and revenue", "花费与销售额"),
    "curves.chart.y": ("Revenue per week", "每周销售额"),
    "curves.chart.y.period": ("Revenue", "销售额"),
    "curves.chart.value": ("Revenue", "销售额"),
    "curves.constant_roas": ("a constant ROAS from history", "按历史数据的固定投入产出比 (ROAS)"),
}
