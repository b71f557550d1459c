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
    "economics.decay_needs_first": ("{decay} needs {first}", "{decay} 需要配合 {first}"),
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
}
