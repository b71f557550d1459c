"""The why of a plan, the terminal tables, exports, charts and the shareable report."""

MESSAGES: dict[str, tuple[str, str]] = {
    # What the objective measures are called in sentences.
    "measure.conversions": ("conversions", "转化"),
    "measure.revenue": ("revenue", "销售额"),
    "measure.profit": ("profit", "利润"),
    "measure.spend": ("spend", "花费"),
    "measure.units": ("units", "单位"),
    # The explanation (plan.explain, the app's "Why this plan", the report).
    "explain.headline.maximize": (
        "The best plan spends {spend} for {value} {measure}; no other split of the budget under these rules does better.",
        "最优方案花费 {spend}，获得{measure} {value}；在这些规则下，没有其他预算分配能做得更好。",
    ),
    "explain.headline.minimize": (
        "The best plan spends {spend} for {value} {measure}; no other split of the budget under these rules needs less.",
        "最优方案花费 {spend}，{measure}为 {value}；在这些规则下，没有其他预算分配能更少。",
    ),
    "explain.budget_unused": (
        "More budget would not help: the plan does not spend it all, other rules or caps stop it first.",
        "增加预算没有帮助：其他规则或上限先起作用，预算没有用完。",
    ),
    "explain.next_budget.more": (
        "The next {step} of budget buys about {gain} more {measure} ({per_unit} per {one}).",
        "再增加 {step} 预算，约可多获得 {gain} {measure}（每 {one} 约 {per_unit}）。",
    ),
    "explain.next_budget.fewer": (
        "The next {step} of budget costs about {gain} {measure} ({per_unit} per {one}).",
        "再增加 {step} 预算，{measure}约减少 {gain}（每 {one} 约 {per_unit}）。",
    ),
    "explain.rule_at_limit": (
        "'{rule}' is at its limit, but relaxing it alone would not change {measure}.",
        "「{rule}」已达到限制，但单独放宽它不会改变{measure}。",
    ),
    "explain.rule_binds.lower.more": (
        "'{rule}' binds: lowering it by {step} would give about {gain} more {measure}.",
        "「{rule}」是瓶颈：降低 {step}，约可多获得 {gain} {measure}。",
    ),
    "explain.rule_binds.lower.fewer": (
        "'{rule}' binds: lowering it by {step} would give about {gain} fewer {measure}.",
        "「{rule}」是瓶颈：降低 {step}，约会少 {gain} {measure}。",
    ),
    "explain.rule_binds.raise.more": (
        "'{rule}' binds: raising it by {step} would give about {gain} more {measure}.",
        "「{rule}」是瓶颈：提高 {step}，约可多获得 {gain} {measure}。",
    ),
    "explain.rule_binds.raise.fewer": (
        "'{rule}' binds: raising it by {step} would give about {gain} fewer {measure}.",
        "「{rule}」是瓶颈：提高 {step}，约会少 {gain} {measure}。",
    ),
    "explain.step.point": ("one percentage point", "1 个百分点"),
    "explain.step.hundredth": ("{value}", "{value}"),
    "explain.step.unit": ("one unit of {measure}", "1 个单位的{measure}"),
    "explain.at_cap": (
        "{channel} is at its cap ({reason}); raising it by {step} would give about {gain} more {measure}.",
        "{channel}处于上限（{reason}）；提高 {step}，约可多获得 {gain} {measure}。",
    ),
    "explain.at_floor": (
        "{channel} is at its floor ({reason}); lowering it by {step} would give about {gain} more {measure}.",
        "{channel}处于下限（{reason}）；降低 {step}，约可多获得 {gain} {measure}。",
    ),
    "explain.would_enter": (
        "{channel} gets nothing: it would enter the plan at a cost per conversion of {target} or less (now {now}).",
        "{channel}未获分配：其单次转化成本需降至 {target} 或更低（目前 {now}）才会进入方案。",
    ),
    "explain.marginal_cost": (
        "{channel}: the next conversion costs about {marginal} (average {average}).",
        "{channel}：下一次转化的成本约 {marginal}（平均 {average}）。",
    ),
    "explain.beyond_history": (
        "{channel}: the plan spends more per week than history ever did, so its curve is extrapolated; "
        "treat its figures with care.",
        "{channel}：计划的周花费超过历史最高水平，曲线为外推，请谨慎看待。",
    ),
    "explain.warning": ("Note: {note}", "注意：{note}"),
}
