"""Messages about how channels are paid: commissions, live sessions, fees, thresholds, discounts, MILPs."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "economics.commission_free": (
        "{rate} and {fee} are both 0: a channel paid by commission needs a rate",
        "{rate} 与 {fee} 都是 0：按佣金付费的渠道需要佣金比例",
    ),
    "economics.commission_above_revenue": (
        "{rate} + {fee} is 100% or more of the revenue: every sale would cost more than it brings",
        "{rate} + {fee} 达到销售额的 100% 或以上：每笔成交的成本都超过它带来的销售额",
    ),
    "economics.commission_below_minimum": (
        "commission rate {rate} is below the platform's minimum {minimum}",
        "佣金比例 {rate} 低于平台最低比例 {minimum}",
    ),
    "economics.sessions_one_yield": (
        "say what a session sells in one way: {listed} (a list per session), {first} (with {decay}), or {history}",
        "请用一种方式给出每场的销售额：{listed}（逐场列出）、{first}（配合 {decay}）或 {history}",
    ),
    "economics.first_and_decay": (
        "{first} and {decay} go together: the first session's sales, and the share each further one sells of the one "
        "before ({decay}: 1 if every session sells the same)",
        "{first} 与 {decay} 需要一起给出：第一场的销售额，以及之后每场相对前一场的比例（每场相同则 {decay}: 1）",
    ),
    "economics.threshold_above_cap": (
        "{threshold} needs at least {least} whenever the channel runs, above its {cap} of {most}: it could never run",
        "{threshold} 要求渠道一旦投放至少花费 {least}，高于其 {cap} {most}：它永远无法投放",
    ),
    "economics.sessions_rising": (
        "{key} must not rise from one session to the next: each further session in a week sells the same or less",
        "{key} 不能逐场上升：一周内每多一场，销售额持平或更低",
    ),
    "economics.sessions_free": (
        "{fee} and {commission} are both 0: a session must cost something",
        "{fee} 与 {commission} 都是 0：每场直播必须有成本",
    ),
    "economics.discounts_increase": (
        "the discounts' {key} values must increase",
        "各档折扣的 {key} 必须递增",
    ),
    "economics.min_if_active_and_min_spend": (
        "{threshold} (nothing or at least) cannot be combined with a {floor} above 0 (always at least)",
        "{threshold}（不投或至少）不能与大于 0 的 {floor}（始终至少）同时使用",
    ),
    "economics.commission_budget_unused": (
        "no channel is paid a commission, so the commission budget would never be used; remove it",
        "没有按佣金付费的渠道，佣金预算不会被使用；请删除它",
    ),
    "economics.commission_needs_capacity": (
        "a channel paid by commission needs {key}, the most revenue its partners can bring a week (or a {history} "
        "to take it from): without it the channel would take the whole budget",
        "按佣金付费的渠道需要 {key}，即合作方每周最多能带来的销售额（或提供{history}从中取得）：否则它会占用全部预算",
    ),
    # Bound reasons are shown inside brackets ("at its cap (…)"), so the Chinese ones carry none of their own.
    "economics.bound.capacity": (
        "the partners' capacity, {key} {revenue}/week of revenue",
        "合作方产能：{key} 每周销售额 {revenue}",
    ),
    "economics.bound.capacity_history": (
        "the partners' capacity, taken as the history's best week ({revenue}/week of revenue, with {setting}); "
        "set {key} to change it",
        "合作方产能：取历史最好的一周（每周销售额 {revenue}，已乘 {setting}）；可设置 {key} 修改",
    ),
    "economics.bound.sessions_max": ("at most {count} sessions ({amount})", "最多 {count} 场（{amount}）"),
    "economics.needs_weeks": (
        "this channel's yields are per week, so the plan's length is needed: give {key}, a {history} or a {calendar}",
        "该渠道的产出按周给出，需要知道方案的时长：请设置 {key}、{history} 或 {calendar}",
    ),
    "economics.needs_order_value": (
        "conversions of a channel paid on revenue need the order value: give {key} (or a history with orders)",
        "按销售额付费的渠道要计算转化，需要客单价：请设置 {key}（或提供含订单数的历史数据）",
    ),
    "economics.sessions_fit_missing": (
        "the history has no session counts for this channel, so its sessions cannot be fitted: add a {column} column "
        "(sessions per row) to the history, or give {listed} or {first} and {decay} instead of {key}",
        "历史数据中没有该渠道的直播场次，无法拟合：请在历史数据中加入 {column} 列（每行的场次），或改用 {listed}，"
        "或 {first} 与 {decay}，代替 {key}",
    ),
    "economics.mip_gap": (
        "Some decisions are whole or on/off (units, sessions, fees, thresholds), so the plan was solved as a "
        "mixed-integer program: it is within {gap} of the best possible plan.",
        "部分决策是整数或开/关（单位、场次、开通费、门槛），方案按混合整数规划求解：与最优方案相差不超过 {gap}。",
    ),
    "economics.mip_stopped": (
        "The solver stopped at its time limit with this plan, within {gap} of the best possible; raise {key} to "
        "search longer.",
        "求解器到达时间限制时得到此方案，与最优方案相差不超过 {gap}；可调大 {key} 以继续搜索。",
    ),
    "economics.mip_duals": (
        "What the next unit of budget or of a rule is worth is priced with those decisions held as planned "
        "(which channels run, how many units and sessions): a change that would switch one is not priced.",
        "下一单位预算或规则放宽的价值，是在这些决策保持方案取值（哪些渠道投放、多少单位和场次）时计算的："
        "需要改变这些决策的变动不在其中。",
    ),
    "economics.sessions_note": ("{channel}: {fit}", "{channel}：{fit}"),
    "economics.explain.count_at_limit": (
        "'{rule}' is at its limit. A count of channels on air has no shadow price: what one more channel would add "
        "shows by raising {key} by 1 and planning again.",
        "「{rule}」已达到限制。在投渠道数是开/关决策，没有影子价格：把 {key} 加 1 后重新规划，即可看到多一个渠道能带来多少。",
    ),
}
