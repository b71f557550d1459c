"""The calendar's outputs: the chart of spend by period, totals per period and event, explanations per period."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The calendar chart (planner.insight.charts.calendar_chart).
    "calendar_chart.title": ("{scenario}: spend by period", "{scenario}：各周期花费"),
    "calendar_chart.bars.title": ("Spend per period and channel", "各周期各渠道花费"),
    "calendar_chart.heat.title": ("Spend, channel × period", "花费（渠道 × 周期）"),
    "calendar_chart.period": ("Period", "周期"),
    "calendar_chart.channel": ("Channel", "渠道"),
    "calendar_chart.spend": ("Spend ({currency})", "花费（{currency}）"),
    "calendar_chart.value.spend": ("Spend", "花费"),
    "calendar_chart.value.per_week": ("Spend per week", "每周花费"),
    "calendar_chart.value.dates": ("Dates", "日期"),
    "calendar_chart.value.events": ("Events", "活动"),
    "calendar_chart.dates": ("{start} to {end}", "{start} 至 {end}"),
    "calendar_chart.no_event": ("none", "无"),
    "calendar_chart.curve.planned": ("Planned periods, per week", "方案各周期（周均）"),
    # Totals per period and per event (the command line's tables, the report, the workbook).
    "calendar_output.table.events": ("events", "活动"),
    "calendar_output.table.event": ("event", "活动"),
    "calendar_output.table.periods": ("periods", "周期"),
    "calendar_output.table.share": ("share of spend", "花费占比"),
    "calendar_output.sheet.period_totals": ("Period totals", "各周期合计"),
    "calendar_output.sheet.events": ("Events", "活动"),
    # The command line.
    "calendar_output.cli.periods_needs_csv": (
        "{option} chooses what {format} prints; give {format} too",
        "{option} 决定 {format} 输出的内容；请同时指定 {format}",
    ),
    "calendar_output.cli.no_calendar": (
        "{file} has no calendar: {option} prints the periods of a calendar plan",
        "{file} 没有日历：{option} 只输出带日历方案的各周期数据",
    ),
    "calendar_output.cli.range_period": ("  {period}: {low} / {mid} / {high}", "  {period}：{low} / {mid} / {high}"),
    # The report's periods section (planner.insight.share).
    "calendar_output.report.section": ("Spend by period", "各周期花费"),
    "calendar_output.report.dates": ("Dates", "日期"),
    "calendar_output.report.marginal_note": (
        "Next conversion costs: what the cheapest next conversion bought in the period costs, over its channels "
        "(a channel at its cap over the calendar still counts: money can move between its periods).",
        "边际转化成本：该周期内各渠道中，下一次转化的最低成本（在整个日历上已达上限的渠道也计入：其花费仍可在周期之间调动）。",
    ),
    "calendar_output.report.event_note": (
        "Totals per event: every channel's spend and conversions in the event's periods; a period in two events "
        "counts in both.",
        "各活动合计：活动所含周期内所有渠道的花费与转化；同属两个活动的周期在两者中都计入。",
    ),
    "calendar_output.report.range_periods": (
        "Per period ({measure}): in the same draws, each period's curves are evaluated at its own spend, length, "
        "event multipliers and the share of carry-over counted; the ranges above are the sums of those draws.",
        "各周期（{measure}）：在同一批抽样中，每个周期的曲线按其自身的花费、时长、活动系数和计入的延续效应占比计算；"
        "上表的区间即这些抽样之和。",
    ),
    # Explanations per period (planner.insight.explain_calendar).
    "calendar_output.explain.shift": (
        "{amount} more than even pacing goes into {period}.",
        "{period} 比均匀节奏多分配 {amount}。",
    ),
    "calendar_output.explain.shift.event": (
        "{amount} more than even pacing goes into {period} ({events}): each {one} there buys {ratio}× what it "
        "buys in an ordinary period.",
        "{period}（{events}）比均匀节奏多分配 {amount}：那里每 {one} 带来的效果是平常周期的 {ratio} 倍。",
    ),
    "calendar_output.explain.costliest.raise.more": (
        "Of the calendar's rules, '{rule}' costs the most: raising it by {step} would give about {gain} more "
        "{measure}.",
        "日历规则中，「{rule}」代价最大：提高 {step}，约可多获得 {gain} {measure}。",
    ),
    "calendar_output.explain.costliest.raise.fewer": (
        "Of the calendar's rules, '{rule}' costs the most: raising it by {step} would give about {gain} fewer "
        "{measure}.",
        "日历规则中，「{rule}」代价最大：提高 {step}，约会少 {gain} {measure}。",
    ),
    "calendar_output.explain.costliest.lower.more": (
        "Of the calendar's rules, '{rule}' costs the most: lowering it by {step} would give about {gain} more "
        "{measure}.",
        "日历规则中，「{rule}」代价最大：降低 {step}，约可多获得 {gain} {measure}。",
    ),
    "calendar_output.explain.costliest.lower.fewer": (
        "Of the calendar's rules, '{rule}' costs the most: lowering it by {step} would give about {gain} fewer "
        "{measure}.",
        "日历规则中，「{rule}」代价最大：降低 {step}，约会少 {gain} {measure}。",
    ),
    "calendar_output.explain.next_yuan": (
        "The next {one} of budget goes to {channel} in {periods}, where the next conversion costs {cost}.",
        "下一 {one} 预算将投向{channel}（{periods}），那里下一次转化的成本为 {cost}。",
    ),
    "calendar_output.explain.beyond.not_counted": (
        "{conversions} conversions bought by carry-over land after {end}, beyond the calendar, and are not "
        "counted in this plan.",
        "延续效应带来的 {conversions} 次转化在 {end} 之后、日历之外落地，本方案未计入。",
    ),
    "calendar_output.explain.beyond.counted": (
        "{conversions} conversions bought by carry-over land after {end}, beyond the calendar; this plan counts them.",
        "延续效应带来的 {conversions} 次转化在 {end} 之后、日历之外落地；本方案已计入。",
    ),
}
