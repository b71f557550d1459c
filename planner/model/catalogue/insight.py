"""The why of a plan, the terminal tables, exports, charts and the shareable report."""

MESSAGES: dict[str, tuple[str, str]] = {
    # What the objective measures are called in sentences.
    "measure.conversions": ("conversions", "转化"),
    "measure.revenue": ("revenue", "销售额"),
    "measure.profit": ("profit", "利润"),
    "measure.spend": ("spend", "花费"),
    "measure.units": ("units", "单位"),
    "measure.commission": ("commission", "佣金"),
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
    "explain.channels_shown": (
        "The lines below explain {shown} of the {total} channels: those that spend most and those closest to gaining "
        "or losing spend. The allocation table lists every channel.",
        "以下说明 {total} 个渠道中的 {shown} 个：花费最多的，以及最接近增减花费的。预算分配表列出全部渠道。",
    ),
    # The plan as a table (terminal, app, CSV for Excel, xlsx): column headers, totals and notes.
    "table.channel": ("channel", "渠道"),
    "table.spend": ("spend", "花费"),
    "table.share": ("share", "占比"),
    "table.units": ("units", "单位数"),
    "table.conversions": ("conversions", "转化"),
    "table.revenue": ("revenue", "销售额"),
    "table.profit": ("profit", "利润"),
    "table.commission": ("commission", "佣金"),
    "table.cpa": ("CPA", "单次转化成本"),
    "table.roas": ("ROAS", "投入产出比（ROAS）"),
    "table.vs_history": ("vs history", "较历史"),
    "table.historical_spend": ("historical spend", "历史花费"),
    "table.note": ("note", "备注"),
    "table.total": ("TOTAL", "合计"),
    "table.note.cap": ("at cap", "处于上限"),
    "table.note.floor": ("at floor", "处于下限"),
    "table.note.cap_reason": ("at cap: {reason}", "处于上限：{reason}"),
    "table.note.floor_reason": ("at floor: {reason}", "处于下限：{reason}"),
    "table.note.locked": ("locked", "已锁定"),
    "table.note.excluded": ("excluded", "已排除"),
    "table.note.zero": ("nothing spent", "未投放"),
    "table.rule": ("rule", "规则"),
    "table.sense": ("sense", "方向"),
    "table.limit": ("limit", "限制"),
    "table.plan_value": ("plan", "方案值"),
    "table.rule_state": ("state", "状态"),
    "table.binding": ("binding", "瓶颈"),
    "table.slack": ("slack", "有余量"),
    "table.worth": ("worth of relaxing", "放宽的价值"),
    "table.budget_rule": ("budget", "预算"),
    "table.commission_budget_rule": ("commission budget", "佣金预算"),
    "table.item": ("item", "项目"),
    "table.value": ("value", "数值"),
    "table.english": ("English", "英文"),
    "table.chinese": ("Chinese", "中文"),
    "table.why": ("why", "原因"),
    # What relaxing a binding rule by one step of its limit is worth (the rules table's last column).
    "worth.raise": ("raise by {step}: {gain} {objective}", "提高 {step}：{objective} {gain}"),
    "worth.lower": ("lower by {step}: {gain} {objective}", "降低 {step}：{objective} {gain}"),
    "worth.step.unit": ("one unit of {measure}", "1 个单位（{measure}）"),
    # The plan's heading lines in the terminal.
    "plan.objective.maximize": ("maximize {measure}: {value}  ({status})", "最大化{measure}：{value}（{status}）"),
    "plan.objective.minimize": ("minimize {measure}: {value}  ({status})", "最小化{measure}：{value}（{status}）"),
    "plan.status.optimal": ("optimal", "最优"),
    "plan.status.time_limit": ("best found within the time limit", "时间限制内找到的最好方案"),
    "plan.status.best_found": ("best found within the time limit", "时间限制内找到的最好方案"),
    "plan.status.mip": ("{status}, MILP with gap {gap}", "{status}，混合整数规划，差距 {gap}"),
    "plan.resources": ("resources: {items}", "资源：{items}"),
    "plan.warning": ("warning: {note}", "注意：{note}"),
    "plan.sheet.allocation": ("Allocation", "分配"),
    "plan.sheet.rules": ("Rules", "规则"),
    "plan.sheet.totals": ("Totals", "合计"),
    "plan.sheet.why": ("Why", "原因"),
    "plan.sheet.heading": (
        "{scenario} · {store} · {currency} · {objective} · planned {date}",
        "{scenario} · {store} · {currency} · {objective} · 生成于 {date}",
    ),
    # The budget frontier as a table.
    "frontier.budget": ("budget", "预算"),
    "frontier.best": ("best {measure}", "最优{measure}"),
    "frontier.per_extra": ("per extra {one}", "每增加 {one}"),
    "frontier.cost_per_extra": ("cost per extra unit", "每多一个单位的成本"),
    "frontier.infeasible": ("infeasible", "不可行"),
    "frontier.today": ("today's budget: {budget}", "当前预算：{budget}"),
    "frontier.knee": ("knee (returns fall off most after): {budget}", "拐点（超过此预算后回报下降最快）：{budget}"),
    # Backtests of the curves a plan uses.
    "backtest.none": ("no channel has history to backtest", "没有渠道有可回测的历史数据"),
    "backtest.curve": ("curve", "曲线"),
    "backtest.weeks": ("weeks fit / tested", "拟合 / 检验周数"),
    "backtest.refit_error": ("refitted error (MAPE)", "重新拟合的平均误差"),
    "backtest.refit_bias": ("refitted bias", "重新拟合偏差"),
    "backtest.plan_error": ("plan curve error", "方案曲线误差"),
    "backtest.plan_bias": ("plan curve bias", "方案曲线偏差"),
    "backtest.form.power": ("power", "幂函数"),
    "backtest.form.log": ("log", "对数"),
    "backtest.form.hill": ("hill (S-curve)", "S 形曲线"),
    "backtest.form.linear": ("constant cost per conversion", "固定单次转化成本"),
    "backtest.form.table": ("imported table", "导入的曲线表"),
    "backtest.form.tranches": ("tranches", "分档"),
    "backtest.note": (
        "Each channel is tested with the curve its plan uses. Refitted: the same form fitted on every week of\n"
        "history up to the end of the scenario's window except the last {tested}, then scored on those weeks.\n"
        "Plan curve: the plan's own curve, as planned (fitted on the scenario's window, so the tested weeks\n"
        "inside that window are in-sample: {inside} of {tested}). Bias > 0: the curve over-predicted; < 0: under.",
        "每个渠道都用其方案所用的曲线检验。重新拟合：同一曲线形式，用场景历史窗口结束前、除最后 {tested} 周以外的\n"
        "全部历史数据拟合，再在这 {tested} 周上打分。方案曲线：方案本身的曲线及参数（用场景的历史窗口拟合，\n"
        "因此检验周中有 {inside} 周在拟合窗口内，属于样本内）。偏差大于 0：曲线高估；小于 0：低估。",
    ),
}
