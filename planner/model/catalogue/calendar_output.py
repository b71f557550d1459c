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
}
