"""The calendar: periods, per-period budgets and their checks (planner.model.calendar), and the plan per period.

Key names a user writes in the file (days, weeks, unspent, …) are arguments, never words of a template.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "calendar.one_way": (
        "give exactly one of {days}, {weeks}, {months} or {periods}",
        "{days}、{weeks}、{months} 和 {periods} 必须且只能填写一个",
    ),
    "calendar.percent_not_share": (
        "a percentage is a share of the budget, but the limit says {share}; write an amount or remove {share}",
        "百分比是预算的占比，但此处写了 {share}；请填写金额或删除 {share}",
    ),
    "calendar.share_per_day": (
        "a limit is either a {share} of the budget or an amount {per_day}, not both",
        "限制要么是预算的占比（{share}），要么是每日金额（{per_day}），不能同时使用",
    ),
    "calendar.actual_twice": (
        "{channel} has two actuals for period '{period}'; give one",
        "{channel} 在周期「{period}」有两条实际花费；请只保留一条",
    ),
    "calendar.bound.actual": ("spent {amount} (actual)", "实际已花费 {amount}"),
    "calendar.on_air_too_many": (
        "on air in {count} periods, but the calendar has {periods}",
        "要求在 {count} 个周期投放，但日历只有 {periods} 个周期",
    ),
    "calendar.past_last_date": (
        "the calendar would run past {last}; check {start}",
        "日历将超过 {last}；请检查 {start}",
    ),
    "calendar.needs_start": (
        "{count} needs {start}, the first day of the first period",
        "使用 {count} 时需要填写 {start}（第一个周期的第一天）",
    ),
    "calendar.share_above_100": (
        "{key} {value} is a share above 100% of the budget ({flag}); write shares as 0.3 or 30%",
        "{key} 为 {value}，超过预算的 100%（{flag}）；占比请写作 0.3 或 30%",
    ),
    "calendar.period_weeks_too": (
        "{key} cannot be given with a calendar: the calendar's periods set the plan's length; remove {key}",
        "有日历时不能填写 {key}：方案的长度由日历的周期决定；请删除 {key}",
    ),
    "calendar.save_but_exactly": (
        "{unspent} contradicts the budget's {exactly}; keep one of them",
        "{unspent} 与预算的 {exactly} 相互矛盾；请只保留其中一个",
    ),
    "calendar.needs_budget": (
        "{what} needs a total budget: add e.g. `{example}`",
        "{what} 需要总预算：请添加例如 `{example}`",
    ),
    "calendar.unknown_period": (
        "unknown period '{name}' (periods: {names})",
        "未知的周期「{name}」（已有周期：{names}）",
    ),
    "calendar.unknown_period.close": (
        "unknown period '{name}'; did you mean '{close}'?",
        "未知的周期「{name}」；是否应为「{close}」？",
    ),
    "calendar.floors_over_budget": (
        "each of the {count} periods must spend at least {floor}, {total} in all, more than the budget of {budget}",
        "{count} 个周期每个至少花费 {floor}，合计 {total}，超过了 {budget} 的预算",
    ),
    "calendar.start_not_first": (
        "start {start} is not the first period's start {first}; remove start or make them equal",
        "开始日期 {start} 与第一个周期的开始日期 {first} 不一致；请删除开始日期或使两者相同",
    ),
    "calendar.period_twice": (
        "period name '{name}' is used twice; names must be unique",
        "周期名称「{name}」被使用了两次；名称不能重复",
    ),
    "calendar.overlap": (
        "period '{name}' starts {start}, before period '{other}' ends; periods may not overlap",
        "周期「{name}」从 {start} 开始，早于周期「{other}」结束；周期不能重叠",
    ),
    "calendar.gap": (
        "period '{name}' starts {start}, but period '{other}' ends {end}: the days between belong to no period; "
        "start it the day after",
        "周期「{name}」从 {start} 开始，但周期「{other}」在 {end} 结束：中间的日子不属于任何周期；请从次日开始",
    ),
    "calendar.carryover_needs_calendar": (
        "{key} spreads a week's response over the weeks after it, so it needs a {calendar} block",
        "{key} 把一周的响应分摊到之后的各周，因此需要 {calendar} 设置",
    ),
    # The plan per period (planner.optimize.calendar).
    "calendar.period_budget_rule": ("budget {period}", "{period} 预算"),
    "calendar.table.period": ("period", "周期"),
    "calendar.table.period_actual": ("{period} (run)", "{period}（已执行）"),
    "calendar.table.start": ("start", "开始"),
    "calendar.table.end": ("end", "结束"),
    "calendar.table.landed": ("conversions landing in the period", "本周期落地的转化"),
    "calendar.table.beyond": ("landing after the last period", "最后一个周期之后落地的转化"),
    "calendar.sheet.periods": ("Periods", "周期"),
    "calendar.sheet.spend_by_period": ("Spend by period", "各周期花费"),
    "calendar.table.period_spend": ("period spend", "周期花费"),
    "calendar.table.marginal_cpa": ("next conversion costs", "边际转化成本"),
    # A calendar's rules in a conflict (planner.optimize.calendar_conflict): {what} is one of the next texts.
    "calendar.conflict.named": ("'{name}'", "「{name}」"),
    # The same name inside a fix's sentence, whose Chinese quotes what it changes itself.
    "calendar.conflict.fix_named": ("'{name}'", "{name}"),
    "calendar.conflict.each_period": ("the budget of each period", "每个周期的预算"),
    "calendar.conflict.each_period_on": ("spend on {channels} in each period", "{channels} 每个周期的花费"),
    "calendar.conflict.periods_budget": ("the budget of {periods}", "{periods} 的预算"),
    "calendar.conflict.periods_on": ("spend on {channels} in {periods}", "{channels} 在 {periods} 的花费"),
    "calendar.conflict.smoothing": (
        "the change of weekly spend on {channels} between periods",
        "{channels} 每周花费在相邻周期之间的变化",
    ),
    "calendar.conflict.on_air": (
        "the periods on air of {channels} at {amount} or more",
        "{channels} 花费至少 {amount} 的周期数",
    ),
    "calendar.conflict.all_channels": ("all channels", "所有渠道"),
    "calendar.conflict.per_day": ("{amount} a day", "每天 {amount}"),
    "calendar.conflict.change": ("±{share}", "±{share}"),
    "calendar.conflict.item.at_least": ("{what} (at least {limit})", "{what}（至少 {limit}）"),
    "calendar.conflict.item.at_most": ("{what} (at most {limit})", "{what}（至多 {limit}）"),
    "calendar.conflict.item.exactly": ("{what} (exactly {limit})", "{what}（恰好 {limit}）"),
    "calendar.conflict.reach.at_least": (
        "Under the other rules the most the plan can reach is {reach}, but {what} needs at least {limit}.",
        "在其他规则下，方案最多只能达到 {reach}，但{what}要求至少 {limit}。",
    ),
    "calendar.conflict.reach.at_most": (
        "Under the other rules the plan needs at least {reach}, but {what} allows at most {limit}.",
        "在其他规则下，方案至少需要 {reach}，但{what}最多允许 {limit}。",
    ),
    "calendar.fix.raise": ("raise {what} from {current} to {value}", "将「{what}」从 {current} 提高到 {value}"),
    "calendar.fix.lower": ("lower {what} from {current} to {value}", "将「{what}」从 {current} 降低到 {value}"),
    "calendar.fix.remove": ("remove {item}", "删除{item}"),
}
