"""Re-planning mid-flight and the review (复盘): actuals from history, refit, plan against actual.

Key names a user writes in the file (refit, actuals_from, …) are arguments, never words of a template.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "review.refit_needs": (
        "{refit} fits the curves on the actual results too: give this actual's {measure}",
        "{refit} 会用实际结果重新拟合响应曲线：请填写此项实际数据的 {measure}",
    ),
    "review.refit_without_actuals": (
        "{refit} needs actual results: give {actuals} or {source}",
        "{refit} 需要实际结果：请填写 {actuals} 或 {source}",
    ),
    "review.needs_history": (
        "actuals from history need a history file: add {key} to the scenario",
        "从历史数据读取实际数据需要历史数据文件：请在场景中添加 {key}",
    ),
    "review.noun.plan_file": ("the saved plan", "已保存的方案"),
    "review.plan_not_json": (
        "this is not a plan saved as JSON ({reason}); save one with {command}",
        "这不是以 JSON 保存的方案（{reason}）；请用 {command} 保存",
    ),
    "review.plan_without_periods": (
        "this plan has no {key} table: save a calendar plan with {command}",
        "此方案没有 {key} 表：请用 {command} 保存带日历的方案",
    ),
    "review.plan_of_another_scenario": (
        "the plan given is not of this scenario: none of its periods and channels ({periods}; {channels}) is one "
        "this scenario has run ({own_periods}; {own_channels}); give the plan saved from this scenario",
        "所给方案不属于此场景：其周期和渠道（{periods}；{channels}）都不是此场景已执行的"
        "（{own_periods}；{own_channels}）；请提供由此场景保存的方案",
    ),
    "review.needs_calendar": (
        "a review needs a calendar with actuals ({actuals} or {source})",
        "复盘需要带实际数据的日历（{actuals} 或 {source}）",
    ),
    "review.no_actuals": (
        "no period is over yet: the calendar has no actuals, and the history covers none of its periods whole",
        "尚无已结束的周期：日历中没有实际数据，历史数据也未完整覆盖任何周期",
    ),
    "review.flag": (
        "{channel} in {period}: at the {spend} actually spent its curve predicted {predicted} conversions; "
        "{actual} came ({error}), beyond the ±{threshold} threshold",
        "{channel} 在 {period}：按实际花费 {spend}，响应曲线预测 {predicted} 次转化，实际为 {actual} 次"
        "（{error}），超出 ±{threshold} 的阈值",
    ),
    "review.execution": (
        "{period}: planned {planned}, spent {actual} ({change})",
        "{period}：计划花费 {planned}，实际花费 {actual}（{change}）",
    ),
    "review.heading": ("Plan against actual, periods run", "已执行周期的计划与实际对比"),
    "review.heading.flags": ("Curves that predicted badly", "预测偏差较大的响应曲线"),
    "review.heading.none_flagged": (
        "Every curve predicted within ±{threshold} of what happened.",
        "所有响应曲线的预测与实际相差都在 ±{threshold} 以内。",
    ),
    "review.heading.no_results": (
        "The actuals give spend only: add their {key} to compare the curves with what happened.",
        "实际数据只有花费：请补充其 {key}，以便将响应曲线与实际结果对比。",
    ),
    "review.heading.curves": (
        "How the curves moved with the new weeks (refit)",
        "加入新周数据后响应曲线的变化（重新拟合）",
    ),
    "review.heading.rest": ("The rest of the calendar, re-planned", "剩余周期的重新规划"),
    "review.curve_moved": (
        "{channel}: at {spend} a week, the next conversion costs {before} before the refit and {after} after ({change})",
        "{channel}：每周花费 {spend} 时，重新拟合前下一次转化的成本为 {before}，之后为 {after}（{change}）",
    ),
    "review.curve_not_fitted": (
        "{channel}: its conversions do not come from history, unchanged by the refit",
        "{channel}：其转化不来自历史数据，重新拟合不影响",
    ),
    "review.form_changed": (
        "{channel}: with the new weeks its conversions follow {after} (before: {before})",
        "{channel}：加入新周数据后，其转化改用{after}（之前：{before}）",
    ),
    "review.form.fitted": ("a fitted curve", "拟合的响应曲线"),
    "review.form.constant": ("a constant cost per conversion", "固定的单次转化成本"),
    "review.form.given": ("a given cost per conversion", "给定的单次转化成本"),
    "review.form.tranches": ("tranches", "分档成本"),
    "review.form.imported": ("an imported curve", "导入的响应曲线"),
    "review.form.none": ("no conversions", "无转化"),
    "review.column.period": ("period", "周期"),
    "review.column.channel": ("channel", "渠道"),
    "review.column.planned_spend": ("planned spend", "计划花费"),
    "review.column.actual_spend": ("actual spend", "实际花费"),
    "review.column.planned_conversions": ("planned conversions", "计划转化"),
    "review.column.predicted_conversions": ("predicted at actual spend", "按实际花费的预测转化"),
    "review.column.actual_conversions": ("actual conversions", "实际转化"),
    "review.column.curve_error": ("curve error", "曲线误差"),
    "review.column.planned_revenue": ("planned revenue", "计划销售额"),
    "review.column.actual_revenue": ("actual revenue", "实际销售额"),
    "review.column.flag": ("flag", "标记"),
    "review.flagged": ("predicted badly", "预测偏差大"),
    "review.bad_share": ("write a share: 0.25 or 25%", "请填写占比：0.25 或 25%"),
    "review.total": ("TOTAL", "合计"),
    "review.not_known": ("n/a", "无"),
}
