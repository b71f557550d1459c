"""The app's calendar: the calendar tab (periods, budgets per period, events, pacing, actuals), the plan by
period, and calendars compared."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.cal.tab": ("Calendar", "日历"),
    "app.cal.intro": (
        "Plan the budget period by period: weeks, days, months or periods of your own, with budgets per period, "
        "events such as Double 11, and pacing. Each part is applied as soon as it is valid.",
        "按周期规划预算：按周、按天、按月或自定义周期，可设各周期预算、双十一等活动和投放节奏。"
        "每一部分一经有效即应用。",
    ),
    "app.cal.mode": ("Periods", "周期"),
    "app.cal.mode.none": ("No calendar: one period", "不使用日历：单一周期"),
    "app.cal.mode.weeks": ("Weeks", "按周"),
    "app.cal.mode.days": ("Days", "按天"),
    "app.cal.mode.months": ("Months", "按月"),
    "app.cal.mode.periods": ("Periods of my own (table below)", "自定义周期（见下表）"),
    "app.cal.start": ("First day", "第一天"),
    "app.cal.count": ("How many", "周期数"),
    "app.cal.unspent": ("Budget not spent", "未花完的预算"),
    "app.cal.unspent.default": ("As the budget says (at most)", "按预算设置（至多）"),
    "app.cal.unspent.save": ("Is saved: spend at most the budget", "留存：花费不超过预算"),
    "app.cal.unspent.spend_all": ("Spend it all: exactly the budget", "全部花完：花费恰好等于预算"),
    "app.cal.credit": (
        "Count conversions that land after the last period",
        "计入最后一个周期之后才落地的转化",
    ),
    "app.cal.credit_setting": ("Calendar tab: “{setting}”: {state}", "日历页「{setting}」：{state}"),
    "app.cal.credit_help": (
        "With carry-over, part of what a period buys converts later; by default what lands after the calendar "
        "is reported but not counted.",
        "有延续效应时，一个周期买到的部分转化会在之后落地；默认情况下，日历结束后才落地的转化只报告、不计入。",
    ),
    "app.cal.none_yet": (
        "This scenario plans one period. Pick weeks, days, months or periods of your own above to plan it "
        "period by period.",
        "此场景只规划一个周期。在上方选择按周、按天、按月或自定义周期，即可按周期规划。",
    ),
    "app.cal.periods": ("Periods", "周期"),
    "app.cal.periods_help": (
        "One row per period, in order and without gaps; first and last day included.",
        "每行一个周期，按时间顺序、首尾相接，含首尾两天。",
    ),
    "app.cal.budgets": ("Budgets per period", "各周期预算"),
    "app.cal.budgets_help": (
        "Floors and caps on spend. No periods named: each period on its own; periods named (separated by "
        "commas): their sum. Channels or a group: those channels only. Share ticked: the amounts are shares of "
        "the total budget (0.1 for 10%). Per day ticked: the amounts are per day.",
        "花费的下限和上限。不填周期：每个周期各自适用；填写周期（用逗号分隔）：这些周期的合计。"
        "填写渠道或分组：只计这些渠道。勾选「占比」：金额为总预算的占比（10% 写作 0.1）。"
        "勾选「按天」：金额为每天的金额。",
    ),
    "app.cal.events": ("Events", "活动"),
    "app.cal.events_help": (
        "One row per change: in the event's periods, the channels or group convert × efficiency and media "
        "costs × cost. Rows with the same event name are one event.",
        "每行一项变化：在活动周期内，所选渠道或分组的转化效率 × 效率倍数，媒体价格 × 成本倍数。"
        "活动名称相同的行属于同一个活动。",
    ),
    "app.cal.smoothing": ("Smoothing", "平滑"),
    "app.cal.smoothing_help": (
        "Spend per week of the channels or group (all channels if none) changes by at most this share from one "
        "period to the next (0.3 for ±30%).",
        "所选渠道或分组（不填则为全部渠道）每周花费，相邻两个周期之间的变化不超过此比例（±30% 写作 0.3）。",
    ),
    "app.cal.on_air": ("Periods on air", "在投周期"),
    "app.cal.on_air_help": (
        "Each channel selected spends at least the floor in at least this many periods.",
        "所选每个渠道至少在这么多个周期内花费不低于下限。",
    ),
    "app.cal.col.event": ("Event", "活动"),
    "app.cal.col.periods": ("Periods", "周期"),
    "app.cal.col.start": ("First day", "第一天"),
    "app.cal.col.end": ("Last day", "最后一天"),
    "app.cal.col.share": ("Share", "占比"),
    "app.cal.col.per_day": ("Per day", "按天"),
    "app.cal.col.efficiency": ("Efficiency ×", "效率倍数"),
    "app.cal.col.cost": ("Cost ×", "成本倍数"),
    "app.cal.col.estimated": ("From history", "按历史估计"),
    "app.cal.col.estimated_help": (
        "Ticked: the efficiency is estimated from last year's event weeks against the weeks around them.",
        "勾选：效率倍数按去年活动周与其前后周的对比估计。",
    ),
    "app.cal.col.max_change": ("Largest change", "最大变化"),
    "app.cal.col.on_air_periods": ("Periods on air", "在投周期数"),
    "app.cal.col.min_spend": ("Floor per period", "每周期下限"),
    "app.cal.col.period": ("Period", "周期"),
    "app.cal.col.dates": ("Dates", "日期"),
    "app.cal.col.days": ("Days", "天数"),
    "app.cal.col.status": ("Status", "状态"),
    "app.cal.col.marginal_cpa": ("Next conversion costs", "边际转化成本"),
    "app.cal.dates": ("{start} to {end}", "{start} 至 {end}"),
    "app.cal.status.actual": ("run", "已执行"),
    "app.cal.status.planned": ("planned", "计划"),
    "app.cal.actual_mark": ("{name} (run)", "{name}（已执行）"),
    "app.cal.no_calendar": ("The scenario has no calendar.", "此场景没有日历。"),
    "app.cal.no_periods": ("give at least one period", "至少需要一个周期"),
    # Actuals and re-planning
    "app.cal.actuals": ("Actuals and re-plan", "实际花费与重新规划"),
    "app.cal.actuals_help": (
        "Enter what each channel really spent in the periods that are over: a period with any amount is over "
        "(a channel left empty there spent nothing), and the rest of the budget is planned over the periods left.",
        "填写已结束周期中各渠道的实际花费：填了任意金额的周期视为已结束（该周期留空的渠道按未花费计），"
        "剩余预算在之后的周期中重新规划。",
    ),
    "app.cal.replanned": (
        "Re-planned with the actuals of {count} period(s) ({spent} spent): {left} is planned over the {rest} "
        "period(s) left.",
        "已按 {count} 个周期的实际花费重新规划（已花费 {spent}）：剩余 {left} 规划到之后的 {rest} 个周期。",
    ),
    "app.cal.import": (
        "Import actuals from platform exports (CSV, TXT, TSV or xlsx)",
        "从平台导出文件导入实际花费（CSV、文本文件或 xlsx 工作簿）",
    ),
    "app.cal.import_help": (
        "The exports are read as in the Import tab (a first or last week read in part is left out); every period "
        "they cover whole gets its spend, conversions and revenue per channel.",
        "导出文件的读取方式与「导入」页相同（只覆盖部分天数的首周或末周不计入）；导出文件完整覆盖的每个周期，"
        "按渠道记入其花费、转化和销售额。",
    ),
    "app.cal.import_found": (
        "Found actuals for these periods: {periods}.",
        "找到以下周期的实际花费：{periods}。",
    ),
    "app.cal.import_none": (
        "No week of the exports lies wholly inside a period of the calendar.",
        "导出文件中没有任何一周完全落在日历的某个周期内。",
    ),
    "app.cal.import_left_out": (
        "Left out: {count} week(s) not inside a period the exports cover whole (a period becomes actual only when "
        "the exports cover every one of its days).",
        "未计入：{count} 周不在导出文件完整覆盖的周期内（只有导出文件覆盖了某个周期的每一天，该周期才记为实际）。",
    ),
    "app.cal.import_unknown": (
        "Channels in the exports that match no channel of the scenario: {channels}.",
        "导出文件中与场景渠道都不匹配的渠道：{channels}。",
    ),
    "app.cal.import_use": ("Use these actuals", "使用这些实际花费"),
    "app.cal.import_used": ("Actuals imported for {periods}.", "已导入以下周期的实际花费：{periods}。"),
    "app.cal.import_failed": ("These actuals are not applied:", "这些实际花费未应用："),
    # The plan by period
    "app.cal.plan": ("Plan by period", "按周期的方案"),
    "app.cal.by_channel": ("Spend per channel and period", "各渠道各周期花费"),
    "app.cal.period_totals": ("Totals per period", "各周期合计"),
    "app.cal.long": ("Every channel in every period (long table)", "每个渠道每个周期（长表）"),
    "app.cal.actual_note": (
        "Periods marked run are over: their spend is what was entered, and the plan covers the rest. What they "
        "bought is the model's estimate; the review sets it beside the actuals.",
        "标为「已执行」的周期已结束：其花费为填写的实际花费，方案只规划其余周期。其转化为模型的估计；复盘会将其与实际数据对照。",
    ),
    # Compare
    "app.cal.compare": ("Spend by period", "各周期花费"),
    "app.cal.compare_help": (
        "Periods are matched by name; a period one calendar does not have is left empty.",
        "周期按名称对应；某个日历没有的周期留空。",
    ),
    "app.cal.compare_difference": ("{name} − {first}", "{name} − {first}"),
    "app.cal.compare_one": (
        "Only some of the picked plans have a calendar: spend by period is compared between those that have one.",
        "所选方案中只有部分有日历：各周期花费只在有日历的方案之间比较。",
    ),
    # Fields of the calendar block as the tab names them (problems are located by these)
    "app.cal.field.calendar": ("calendar", "日历"),
    "app.cal.field.periods": ("periods", "周期"),
    "app.cal.field.budgets": ("budgets per period", "各周期预算"),
    "app.cal.field.events": ("events", "活动"),
    "app.cal.field.smoothing": ("smoothing", "平滑"),
    "app.cal.field.on_air": ("periods on air", "在投周期"),
    "app.cal.field.actuals": ("actuals", "实际花费"),
    "app.cal.field.multipliers": ("changes", "变化"),
    "app.cal.field.start": ("first day", "第一天"),
    "app.cal.field.end": ("last day", "最后一天"),
    "app.cal.field.name": ("name", "名称"),
    "app.cal.field.days": ("days", "天数"),
    "app.cal.field.weeks": ("weeks", "周数"),
    "app.cal.field.months": ("months", "月数"),
    "app.cal.field.unspent": ("budget not spent", "未花完的预算"),
    "app.cal.field.at_least": ("at least", "至少"),
    "app.cal.field.at_most": ("at most", "至多"),
    "app.cal.field.exactly": ("exactly", "恰好"),
    "app.cal.field.share": ("share", "占比"),
    "app.cal.field.per_day": ("per day", "按天"),
    "app.cal.field.channels": ("channels", "渠道"),
    "app.cal.field.channel": ("channel", "渠道"),
    "app.cal.field.group": ("group", "分组"),
    "app.cal.field.efficiency": ("efficiency", "效率倍数"),
    "app.cal.field.cost": ("cost", "成本倍数"),
    "app.cal.field.max_change": ("largest change", "最大变化"),
    "app.cal.field.min_spend": ("floor per period", "每周期下限"),
    "app.cal.field.period": ("period", "周期"),
    "app.cal.field.spend": ("spend", "花费"),
    "app.cal.field.budget": ("budget", "预算"),
    "app.cal.field.period_weeks": ("period length", "周期长度"),
    "app.cal.field.credit_beyond_horizon": ("count conversions after the last period", "计入最后周期之后的转化"),
    "app.cal.field.item": ("no. {number}", "第 {number} 项"),
    "app.field.carryover": ("carry-over", "延续效应"),
    # Calendars compared: what differs, in words
    "app.cal.diff.periods": ("{count} periods, {start} to {end}", "{count} 个周期，{start} 至 {end}"),
    "app.cal.diff.entry": ("{part} no. {number}", "{part}第 {number} 项"),
    "app.cal.diff.entry_named": ("{part} no. {number} ({name})", "{part}第 {number} 项（{name}）"),
    "app.cal.diff.pair": ("{field} {value}", "{field} {value}"),
    "app.cal.diff.multiplier": (
        "{who}: efficiency × {efficiency}, cost × {cost}",
        "{who}：效率 × {efficiency}，成本 × {cost}",
    ),
    "app.cal.diff.all_channels": ("all channels", "全部渠道"),
    "app.cal.diff.estimated": ("estimated from history", "按历史数据估计"),
    "app.cal.diff.actuals": ("{spent} spent in {periods}", "{periods} 已花费 {spent}"),
    # Kinds of rules a calendar plan reports
    "app.kind.period_budget": ("budget per period", "周期预算"),
    "app.kind.period_limit": ("limit per period", "周期限制"),
    "app.kind.smoothing": ("smoothing", "平滑"),
    "app.kind.on_air": ("periods on air", "在投周期"),
    "app.kind.actual": ("actual", "实际"),
    "app.worth.smoothing": (
        "{gain} {objective} per percentage point more change allowed",
        "允许的变化每放宽 1 个百分点，{objective} {gain}",
    ),
    "app.worth.period": (
        "{gain} {objective} per extra {one} allowed in the period",
        "该周期每多允许 {one}，{objective} {gain}",
    ),
}
