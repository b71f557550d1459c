"""Messages of estimates from history: event multipliers, carry-over, carry-in (planner.curves.events, adstock)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Scenario problems (located at the field).
    "estimates.needs_event_history": (
        "{estimate} needs to know where event '{event}' was in the history: give its past dates, e.g. {example}",
        "{estimate} 需要知道活动「{event}」在历史数据中的位置：请给出它过去的日期，例如 {example}",
    ),
    "estimates.event_nowhere": (
        "an event needs {periods} (where it is in the plan) or {history} (where it was in the history), or both",
        "活动需要 {periods}（在方案中的位置）或 {history}（在历史数据中的位置），或两者都给出",
    ),
    "estimates.number_or_estimate": (
        "{value} is neither a number nor {word}: write a number, or {word} to estimate it from the history",
        "{value} 既不是数字也不是 {word}：请填写数字，或填写 {word} 从历史数据中估计",
    ),
    "estimates.needs_history": (
        "{what} is estimated from the store's history, but the scenario has none: add {key}",
        "{what} 要从店铺的历史数据中估计，但场景没有历史数据：请添加 {key}",
    ),
    "estimates.event_needs_history": (
        "the weeks of {event} last year are read from the store's history, but the scenario has none: add {key}",
        "「{event}」往年的周要从店铺的历史数据中读取，但场景没有历史数据：请添加 {key}",
    ),
    "estimates.event_outside_history": (
        "event '{event}' from {start} to {end} is not in the history's weeks ({first} to {last}): give dates "
        "inside them, or widen the scenario's history window",
        "活动「{event}」的日期 {start} 至 {end} 不在历史数据的周内（{first} 至 {last}）：请给出其中的日期，或放宽场景的历史数据范围",
    ),
    # Notes in the plan (warnings): what was estimated, how, and from which weeks.
    "estimates.event.estimated": (
        "{channel}: {event} multiplies efficiency by {estimate} (90% interval {low} to {high}), estimated from "
        "the event's weeks ({used}; {weeks} channel-weeks) against {base} base channel-weeks around them: each week's response divided by "
        "what the base curve predicts at its spend, event weeks against base weeks",
        "{channel}：「{event}」使效率乘以 {estimate}（90% 区间 {low} 至 {high}），由活动周（{used}；共 {weeks} 个渠道周）与其前后 "
        "{base} 个基准渠道周比较估计：每周的响应除以基准响应曲线在该花费下的预测值，再以活动周对比基准周",
    ),
    "estimates.event.undetermined": (
        "{channel}: the history cannot tell {event} from an ordinary week (estimate {estimate}, 90% interval "
        "{low} to {high}, from {weeks} channel-weeks of the event and {base} base channel-weeks), so efficiency × 1 is used; give "
        "the multiplier if you know it",
        "{channel}：历史数据无法区分「{event}」与普通周（估计 {estimate}，90% 区间 {low} 至 {high}，来自 {weeks} "
        "个活动渠道周和 {base} 个基准渠道周），因此效率按 × 1 计；如已知乘数，请直接给出",
    ),
    "estimates.event.no_data": (
        "{channel}: too little data to estimate {event} ({weeks} event week(s) with spend, {base} base weeks; "
        "at least 1 and 3 are needed), so efficiency × 1 is used; give the multiplier if you know it",
        "{channel}：数据太少，无法估计「{event}」（有花费的活动周 {weeks} 个，基准周 {base} 个；至少需要 1 个和 3 个），"
        "因此效率按 × 1 计；如已知乘数，请直接给出",
    ),
    "estimates.event.not_in_history": (
        "{channel}: not in the history, so {event} cannot be estimated for it and efficiency × 1 is used",
        "{channel}：不在历史数据中，无法为其估计「{event}」，效率按 × 1 计",
    ),
    "estimates.carryover.estimated": (
        "{channel}: carry-over estimated at {rate} a week (95% interval {low} to {high}) from {weeks} weeks of "
        "history; the curve is fitted on the response bought each week",
        "{channel}：延续效应估计为每周 {rate}（95% 区间 {low} 至 {high}），来自 {weeks} 周历史数据；响应曲线按每周购得的响应拟合",
    ),
    "estimates.carryover.not_shown": (
        "{channel}: the history does not show carry-over (estimate {rate}, 95% interval {low} to {high}), so "
        "none is used",
        "{channel}：历史数据未显示延续效应（估计 {rate}，95% 区间 {low} 至 {high}），因此不计延续效应",
    ),
    "estimates.carryover.no_data": (
        "{channel}: {weeks} weeks of history with spend are too few to estimate carry-over (at least {needed}), "
        "so none is used",
        "{channel}：有花费的历史数据只有 {weeks} 周，不足以估计延续效应（至少需要 {needed} 周），因此不计延续效应",
    ),
}
