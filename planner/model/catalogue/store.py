"""The store's own totals against the channels' claims: store rows, the claims check, the plan's plausibility."""

MESSAGES: dict[str, tuple[str, str]] = {
    "store.row_spend": (
        "a store row carries the store's total orders and revenue, not spend: leave its spend empty or 0 "
        "and put ad spend on the channels' rows",
        "全店行记录的是全店的订单数和销售额，不是花费：请把它的花费留空或填 0，广告花费写在各渠道的行上",
    ),
    "store.scale_needs_rows": (
        "{key}: {value} needs the store's own rows in the history window (channel {names}), and there are "
        "none: nothing can be scaled. Add the store's totals (e.g. a 生意参谋 export) or set {key}: {default}",
        "{key}: {value} 需要历史数据范围内有全店的行（渠道名为 {names}），但没有：无法按比例缩小。"
        "请加入全店的总数（例如生意参谋的导出），或设置 {key}: {default}",
    ),
    "store.only_totals": (
        "the history has the store's total orders and revenue but the channels record only spend, no "
        "conversions or revenue: the store's total cannot tell what each channel brings. The planner needs "
        "per-channel results from the platforms (their exports; see {imports}) or response curves from a "
        "marketing-mix model (see {mmm})",
        "历史数据里有全店的订单数和销售额，但各渠道只有花费，没有转化或销售额：全店的总数无法说明每个渠道带来了多少。"
        "规划需要各平台按渠道给出的结果（平台导出的报表，见 {imports}），或营销组合模型给出的响应曲线（见 {mmm}）",
    ),
    "store.scale_hint": (
        " (set {key}: {value} under {section}: to scale the claims down to the store's total)",
        "（在 {section}: 下设置 {key}: {value}，可把各渠道的声称按比例缩小到全店的总数）",
    ),
    "store.claims_exceed.conversions": (
        "the channels claim {claimed} conversions over {weeks} weeks; the store had {sold} orders: "
        "the platforms count some sales twice{hint}",
        "各渠道在 {weeks} 周内声称带来 {claimed} 个转化；全店只有 {sold} 个订单：各平台把部分销售重复计算了{hint}",
    ),
    "store.claims_exceed.revenue": (
        "the channels claim {claimed} of revenue over {weeks} weeks; the store sold {sold}: "
        "the platforms count some sales twice{hint}",
        "各渠道在 {weeks} 周内声称带来 {claimed} 的销售额；全店只卖出 {sold}：各平台把部分销售重复计算了{hint}",
    ),
    "store.claims_exceed_weeks.conversions": (
        "in {over} of {weeks} weeks the channels claim more conversions than the store had orders "
        "(week of {week}: {claimed} claimed, {sold} orders): the platforms count some sales twice{hint}",
        "在 {weeks} 周中有 {over} 周，各渠道声称的转化多于全店的订单数（{week} 那一周：声称 {claimed}，"
        "全店 {sold}）：各平台把部分销售重复计算了{hint}",
    ),
    "store.claims_exceed_weeks.revenue": (
        "in {over} of {weeks} weeks the channels claim more revenue than the store sold "
        "(week of {week}: {claimed} claimed, {sold} sold): the platforms count some sales twice{hint}",
        "在 {weeks} 周中有 {over} 周，各渠道声称的销售额多于全店的销售额（{week} 那一周：声称 {claimed}，"
        "全店 {sold}）：各平台把部分销售重复计算了{hint}",
    ),
    "store.claims_scaled.conversions": (
        "the channels' conversions were scaled by {factor} to the store's total ({sold} orders over {weeks} weeks) "
        "before fitting",
        "各渠道的转化在拟合前按 {factor} 缩小到全店的总数（{weeks} 周共 {sold} 个订单）",
    ),
    "store.claims_scaled.revenue": (
        "the channels' revenue was scaled by {factor} to the store's total ({sold} over {weeks} weeks) before fitting",
        "各渠道的销售额在拟合前按 {factor} 缩小到全店的总数（{weeks} 周共 {sold}）",
    ),
    "store.nothing_to_scale": (
        "claims are set to {value}, but the channels claim no more than the store sold ({claimed} of {sold}): "
        "nothing was scaled",
        "声称的处理方式设为 {value}，但各渠道声称的不超过全店卖出的（{sold} 中的 {claimed}）：没有缩小",
    ),
    "store.plan_above_store.conversions": (
        "the plan predicts {predicted} conversions a week from media alone, {ratio}× the store's best week "
        "({best} orders, week of {week}). Likely causes: {causes}",
        "方案预计仅靠投放每周带来 {predicted} 个转化，是全店最好一周（{week} 那一周，{best} 个订单）的 {ratio} 倍。"
        "可能的原因：{causes}",
    ),
    "store.plan_above_store.revenue": (
        "the plan predicts {predicted} of revenue a week from media alone, {ratio}× the store's best week "
        "({best}, week of {week}). Likely causes: {causes}",
        "方案预计仅靠投放每周带来 {predicted} 的销售额，是全店最好一周（{week} 那一周，{best}）的 {ratio} 倍。"
        "可能的原因：{causes}",
    ),
    "store.plan_above_claims.conversions": (
        "the plan predicts {predicted} conversions a week, {ratio}× the most the channels ever claimed in a week "
        "({best}, week of {week}; more than {margin}× is implausible). Likely causes: the curves are extrapolated "
        "beyond the spend history has seen, or the platforms' claims count some sales twice (add the store's "
        "totals as store rows to check)",
        "方案预计每周带来 {predicted} 个转化，是各渠道历史上单周声称最多时（{week} 那一周，{best}）的 {ratio} 倍"
        "（超过 {margin} 倍就不可信）。可能的原因：响应曲线被外推到历史数据未见过的花费，或各平台的声称重复计算了"
        "部分销售（可加入全店的行来核对）",
    ),
    "store.plan_above_claims.revenue": (
        "the plan predicts {predicted} of revenue a week, {ratio}× the most the channels ever claimed in a week "
        "({best}, week of {week}; more than {margin}× is implausible). Likely causes: the curves are extrapolated "
        "beyond the spend history has seen, or the platforms' claims count some sales twice (add the store's "
        "totals as store rows to check)",
        "方案预计每周带来 {predicted} 的销售额，是各渠道历史上单周声称最多时（{week} 那一周，{best}）的 {ratio} 倍"
        "（超过 {margin} 倍就不可信）。可能的原因：响应曲线被外推到历史数据未见过的花费，或各平台的声称重复计算了"
        "部分销售（可加入全店的行来核对）",
    ),
    "store.cause.claims": (
        "the platforms' claims count some sales twice, or the curves are extrapolated beyond the spend history "
        "has seen",
        "各平台的声称重复计算了部分销售，或响应曲线被外推到历史数据未见过的花费",
    ),
    "store.cause.scaled": (
        "the claims, even scaled to the store's total, credit media with every sale the store made (none without "
        "it), or the curves are extrapolated beyond the spend history has seen",
        "各渠道的声称即使缩小到全店的总数，也把全店的每一笔销售都算作投放带来的（没有自然成交），"
        "或响应曲线被外推到历史数据未见过的花费",
    ),
    "app.field.history.claims": ("channels' claims above the store's total", "各渠道超出全店总数的声称"),
    "store.claims_mode.warn": ("warn only", "只提醒"),
    "store.claims_mode.scale_to_store": ("scaled to the store's total", "按比例缩小到全店的总数"),
    "store.import_note": (
        "read as the store's own totals (channel {channel}: orders from {conversions}, revenue from {revenue}, "
        "no spend); they are checked against the channels' claims and never planned",
        "读作全店的总数（渠道 {channel}：订单数取自 {conversions}，销售额取自 {revenue}，没有花费）；"
        "用来核对各渠道的声称，不参与规划",
    ),
}
