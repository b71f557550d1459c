"""Conflicting rules, what to relax, numerical and solver trouble."""

MESSAGES: dict[str, tuple[str, str]] = {
    # A rule of a conflict, as an item of a list.
    "conflict.item.budget": ("the budget of {amount}", "预算 {amount}"),
    "conflict.item.budget_exactly": ("spending exactly the budget of {amount}", "恰好花完预算 {amount}"),
    "conflict.item.at_least": ("'{rule}' (at least {limit})", "「{rule}」（至少 {limit}）"),
    "conflict.item.at_most": ("'{rule}' (at most {limit})", "「{rule}」（至多 {limit}）"),
    "conflict.item.exactly": ("'{rule}' (exactly {limit})", "「{rule}」（恰好 {limit}）"),
    "conflict.item.max_cpa": ("'{rule}' (CPA at most {limit})", "「{rule}」（单次转化成本不超过 {limit}）"),
    "conflict.item.min_roas": ("'{rule}' (ROAS at least {limit})", "「{rule}」（投入产出比（ROAS）不低于 {limit}）"),
    "conflict.item.floor": ("the floor of {channel} ({reason})", "{channel}的下限（{reason}）"),
    "conflict.item.cap": ("the cap of {channel} ({reason})", "{channel}的上限（{reason}）"),
    "conflict.item.locked": ("{channel} locked at {amount}", "{channel}锁定在 {amount}"),
    # The summary: two or three sentences.
    "conflict.these": ("These rules cannot all hold at once: {items}.", "以下规则无法同时满足：{items}。"),
    "conflict.floor_above_cap": (
        "{channel} has a floor above its cap: it must get at least {floor} ({floor_reason}) "
        "but at most {cap} ({cap_reason}).",
        "{channel}的下限高于上限：至少要花费 {floor}（{floor_reason}），但最多只能花费 {cap}（{cap_reason}）。",
    ),
    "conflict.floor_over_budget": (
        "The floor of {channel} ({floor}) is above the budget of {budget}.",
        "{channel}的下限（{floor}）高于预算 {budget}。",
    ),
    "conflict.locked_over_budget": (
        "{channel} is locked at {amount}, above the budget of {budget}.",
        "{channel}锁定在 {amount}，高于预算 {budget}。",
    ),
    "conflict.floors_over_budget": (
        "The floors of {channels} add up to {total}, more than the budget of {budget}.",
        "{channels}的下限合计 {total}，超过了预算 {budget}。",
    ),
    "conflict.smallest": (
        "The smallest change that makes a plan possible is to {fix}.",
        "能得到方案的最小修改是：{fix}。",
    ),
    "conflict.together": (
        "No single change is enough; changed together, these make a plan possible: {fix}.",
        "单独修改任何一项都不够；同时做以下修改即可得到方案：{fix}。",
    ),
    "conflict.no_fix": (
        "None of them can be changed here to make a plan possible; edit the scenario so they fit together.",
        "无法在这里修改其中某一项来得到方案；请修改场景，使这些规则相互兼容。",
    ),
    "conflict.unknown": ("No plan keeps every rule at once.", "没有能同时满足所有规则的方案。"),
    # One rule of the conflict: what it asks against what the others allow.
    "conflict.part": ("{item} is one of the rules in conflict.", "相互冲突的规则之一：{item}。"),
    "conflict.reach.at_least": (
        "'{rule}' needs at least {limit}, but under the other rules the most the plan can reach is {reach}.",
        "「{rule}」要求至少 {limit}，但在其他规则下，方案最多只能达到 {reach}。",
    ),
    "conflict.reach.at_most": (
        "'{rule}' allows at most {limit}, but the other rules need at least {reach}.",
        "「{rule}」最多允许 {limit}，但其他规则至少需要 {reach}。",
    ),
    "conflict.reach.exactly_high": (
        "'{rule}' must be exactly {limit}, but under the other rules the most the plan can reach is {reach}.",
        "「{rule}」必须恰好为 {limit}，但在其他规则下，方案最多只能达到 {reach}。",
    ),
    "conflict.reach.exactly_low": (
        "'{rule}' must be exactly {limit}, but the other rules need at least {reach}.",
        "「{rule}」必须恰好为 {limit}，但其他规则至少需要 {reach}。",
    ),
    "conflict.reach.max_cpa": (
        "'{rule}' asks for a CPA of at most {limit}, but under the other rules the lowest it can be is {reach}.",
        "「{rule}」要求单次转化成本不超过 {limit}，但在其他规则下最低只能做到 {reach}。",
    ),
    "conflict.reach.min_roas": (
        "'{rule}' asks for a ROAS of at least {limit}, but under the other rules the highest it can be is {reach}.",
        "「{rule}」要求投入产出比（ROAS）不低于 {limit}，但在其他规则下最高只能做到 {reach}。",
    ),
    "conflict.reach.budget": (
        "The other rules need at least {reach} of spend, more than the budget of {budget}.",
        "其他规则至少需要花费 {reach}，超过了预算 {budget}。",
    ),
    "conflict.reach.budget_spent": (
        "The other rules need at least {reach} of spend ({spent} of it already spent in the periods run), more "
        "than the budget of {budget}.",
        "其他规则至少需要花费 {reach}（其中 {spent} 已在已执行的周期中花出），超过了预算 {budget}。",
    ),
    "conflict.reach.budget_exactly": (
        "The budget of {budget} must be spent exactly, but the other rules allow at most {reach}.",
        "预算 {budget} 必须恰好花完，但其他规则最多只允许花费 {reach}。",
    ),
    "conflict.reach.floor": (
        "{channel} must get at least {amount} ({reason}), but under the other rules it can get at most {reach}.",
        "{channel}至少要花费 {amount}（{reason}），但在其他规则下最多只能花费 {reach}。",
    ),
    "conflict.reach.cap": (
        "{channel} may get at most {amount} ({reason}), but the other rules need at least {reach} there.",
        "{channel}最多只能花费 {amount}（{reason}），但其他规则要求它至少花费 {reach}。",
    ),
    "conflict.reach.locked_high": (
        "{channel} is locked at {amount}, but under the other rules it can get at most {reach}.",
        "{channel}锁定在 {amount}，但在其他规则下最多只能花费 {reach}。",
    ),
    "conflict.reach.locked_low": (
        "{channel} is locked at {amount}, but the other rules need at least {reach} there.",
        "{channel}锁定在 {amount}，但其他规则要求它至少花费 {reach}。",
    ),
    "conflict.reach.from_data": (
        "{reason} This limit comes from the data (where the channel's curve or tranches end), not from a rule, "
        "so it cannot be changed here.",
        "{reason}这个限制来自数据（渠道的响应曲线或分段在此结束），而不是规则，因此无法在这里修改。",
    ),
    # The problem shown for each rule of a conflict, at its place in the file.
    "conflict.problem.fix": ("{reason} Alone, this fixes it: {fix}.", "{reason}单独做这一项即可解决：{fix}。"),
    "conflict.problem.together": (
        "{reason} Alone it is not enough; together with other changes it is: {fix}.",
        "{reason}单独修改这一项不够，需要同时做其他修改：{fix}。",
    ),
    "conflict.problem.not_alone": (
        "{reason} Changing this alone is not enough.",
        "{reason}仅修改这一项不足以解决。",
    ),
    # Fixes: what a button does, written exactly as it is applied.
    "fix.budget.raise": ("raise the budget by {change} to {value}", "将预算增加 {change}，至 {value}"),
    "fix.budget.lower": ("lower the budget by {change} to {value}", "将预算减少 {change}，至 {value}"),
    "fix.rule.raise": ("raise '{rule}' from {current} to {value}", "将「{rule}」从 {current} 提高到 {value}"),
    "fix.rule.lower": ("lower '{rule}' from {current} to {value}", "将「{rule}」从 {current} 降低到 {value}"),
    "fix.floor": (
        "lower the floor of {channel} from {current} to {value}",
        "将{channel}的下限从 {current} 降低到 {value}",
    ),
    "fix.cap": ("raise the cap of {channel} from {current} to {value}", "将{channel}的上限从 {current} 提高到 {value}"),
    "fix.lock": ("lock {channel} at {value} instead of {current}", "将{channel}改为锁定在 {value}（原为 {current}）"),
    "fix.together": ("{fixes} (together)", "{fixes}（同时修改）"),
    "fix.rule.remove": ("drop {item}", "删除{item}"),
    "fix.floor.remove": ("drop the floor of {channel} ({reason})", "取消{channel}的下限（{reason}）"),
    "fix.cap.remove": ("drop the cap of {channel} ({reason})", "取消{channel}的上限（{reason}）"),
    "fix.unlock": ("unlock {channel}", "解除{channel}的锁定"),
    # The objective has no limit.
    "unbounded": (
        "{objective} has no limit: {cause}, and {channels} have no cap; add a budget or a {field}.",
        "{objective}没有上限：{cause}，且{channels}没有上限；请添加预算或 {field}。",
    ),
    "unbounded.maximize": ("Maximising {measure}", "最大化{measure}"),
    "unbounded.minimize": ("Minimising {measure}", "最小化{measure}"),
    "unbounded.no_budget": ("there is no budget", "场景没有预算"),
    "unbounded.budget_not_limiting": ("the budget does not limit it", "预算限制不了它"),
    "unbounded.some_channels": ("some channels", "部分渠道"),
    # The solver could not give a usable answer.
    "solver.span": (
        "Numbers in this scenario span {span} orders of magnitude (from {smallest} at {smallest_at} to {largest} "
        "at {largest_at}), too wide for the solver to plan with; check {where} ({value}): is it in the right unit, "
        "or a typo?",
        "场景中的数字跨越 {span} 个数量级（从 {smallest_at} 的 {smallest} 到 {largest_at} 的 {largest}），"
        "超出了求解器能处理的范围；请检查 {where}（{value}）：单位是否正确，或是否输错？",
    ),
    "solver.time_limit": (
        "The solver reached its time limit without an optimal plan; try a longer time limit.",
        "求解器已到达时间限制，仍未找到最优方案；请延长时间限制。",
    ),
    "solver.time_limit_detail": (
        "The solver reached its time limit without an optimal plan ({detail}); try a longer time limit.",
        "求解器已到达时间限制，仍未找到最优方案（{detail}）；请延长时间限制。",
    ),
    "solver.stopped": (
        "The solver stopped without an optimal plan ({status}).",
        "求解器未找到最优方案就停止了（{status}）。",
    ),
    "solver.stopped_detail": (
        "The solver stopped without an optimal plan ({status}: {detail}).",
        "求解器未找到最优方案就停止了（{status}：{detail}）。",
    ),
    "solver.status.infeasible_or_unbounded": ("no plan, or no limit", "无可行方案或无上限"),
    "solver.status.error": ("a solver error", "求解器出错"),
    "solver.status.time_limit": ("time limit", "时间限制"),
    "solver.status.infeasible": ("no plan", "无可行方案"),
    "solver.status.unbounded": ("no limit", "无上限"),
    "solver.status.optimal": ("optimal", "最优"),
    "solver.refused": (
        "HiGHS refused the model ({loaded} of {columns} columns loaded)",
        "HiGHS 拒绝了模型（只载入了 {columns} 列中的 {loaded} 列）",
    ),
    "solver.coefficients_span": (
        "a row's coefficients span more orders of magnitude than HiGHS can hold",
        "某一行的系数跨越的数量级超出了 HiGHS 的处理范围",
    ),
    "solver.no_values": (
        "HiGHS reported {status} but returned no valid solution",
        "HiGHS 报告状态 {status}，但没有返回有效的解",
    ),
    # A number too small to plan with.
    "numbers.too_small": (
        "{value} is too small to plan with: next to {reference} it buys {conversions} conversions, beyond the "
        "solver's precision; a cost per conversion must be at least {smallest} here (ten trillion conversions for "
        "that amount); check its unit.",
        "{value} 太小，无法用于规划：相对于{reference}，它能买到 {conversions} 次转化，超出了求解器的精度；"
        "这里的单次转化成本至少应为 {smallest}（即这笔金额最多十万亿次转化）；请检查它的单位。",
    ),
    "numbers.budget": ("a budget of {amount}", "预算 {amount}"),
    "numbers.spend_bound": ("a spend limit of {amount}", "花费限额 {amount}"),
    # The budget frontier.
    "frontier.needs_budget": (
        "A budget frontier needs a budget to vary; add {key} to the scenario.",
        "预算前沿需要一个可以变化的预算；请在场景中添加 {key}。",
    ),
}
