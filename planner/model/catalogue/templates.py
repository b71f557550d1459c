"""Platform templates (planner.editing.platform_templates): every comment line of a scenario skeleton, the
list of templates, and their errors. Field names, commands and product names are placeholders, so the
Chinese lines carry no untranslated English."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The skeleton, top to bottom.
    "templates.header": (
        "A new scenario for {store}, from the {platform} template. Lines starting with # are notes for people; "
        "the planner ignores them.",
        "{store} 的新场景，由{platform}模板生成。以 # 开头的行是给人看的说明，规划器会忽略它们。",
    ),
    "templates.replace": (
        "Values marked “placeholder” are examples, not your store's figures: replace them, then check the file "
        "with `{validate}` and plan with `{solve}`.",
        "标有「占位值」的数值只是示例，不是你店铺的数据：请替换它们，然后用 `{validate}` 检查文件，用 `{solve}` 生成方案。",
    ),
    "templates.about": (
        "How the scenario is listed, whose store it is, and the currency of all amounts.",
        "场景的名称与说明、所属店铺，以及所有金额使用的货币。",
    ),
    "templates.name": ("{platform} plan", "{platform}方案"),
    "templates.description": ("Budget split for {store} on {platform}", "{store} 在{platform}的预算分配"),
    "templates.a_new_store": ("a new store", "新店铺"),
    "templates.period": (
        "The planned period, in weeks (a placeholder: budgets and limits count over it).",
        "规划周期的周数（占位值：预算与各项限制都按这个周期计算）。",
    ),
    "templates.history": (
        "The store's past weeks per channel (CSV columns {columns}): costs per order and response curves are "
        "fitted from it.",
        "店铺按渠道、按周的历史数据（CSV 列：{columns}），每单成本与响应曲线都由它拟合。",
    ),
    "templates.no_history": (
        "No history yet, so each channel has placeholder costs. With a CSV of past weeks ({columns}), write "
        "`{example}` here and remove the placeholders.",
        "暂无历史数据，所以每个渠道都用占位的成本。有了按周的历史数据 CSV（{columns}）后，在这里写上 `{example}`，"
        "并删去占位值。",
    ),
    "templates.budget": (
        "The money to spend over the period: at most this much (a placeholder).",
        "整个周期可花的预算：最多花这么多（占位值）。",
    ),
    "templates.objective": (
        "What the plan optimises: {first}; or {others}.",
        "方案优化的目标：{first}；也可以是 {others}。",
    ),
    "templates.channels": (
        "Where the money can go. Each channel says how it is paid; a limit the platform publishes is written "
        "with its source, and none is invented where none was found.",
        "预算可以投向的渠道。每个渠道都注明计费方式；平台公开的限制写明了出处，找不到公开限制的就不写。",
    ),
    # How each channel is paid.
    "templates.model.spend": (
        "{label}: paid per click or impression; its response is fitted from the history.",
        "{label}：按点击或展示计费，响应曲线由历史数据拟合。",
    ),
    "templates.model.spend_placeholder": (
        "{label}: paid per click or impression; until there is a history, a constant cost per conversion.",
        "{label}：按点击或展示计费；在有历史数据之前，按固定的单次转化成本计算。",
    ),
    "templates.model.commission": (
        "{label}: an affiliate (CPS) channel, paid a commission on the sales it brings, not for clicks.",
        "{label}：按成交付佣金的推广渠道（按销售付费），不按点击计费。",
    ),
    "templates.model.sessions": (
        "{label}: live sessions, a fee each plus a commission on their sales; each further session in a week "
        "sells less than the one before.",
        "{label}：直播场次，每场一笔开播费用，另按场次的销售额付佣金；同一周里每多播一场，卖得比上一场少。",
    ),
    "templates.model.units": (
        "{label}: bought in units ({unit}) at a price each; its response per spend is fitted from the history.",
        "{label}：按单位购买（{unit}），每单位一个价格；花费带来的响应由历史数据拟合。",
    ),
    "templates.model.units_placeholder": (
        "{label}: bought in units ({unit}) at a price each; until there is a history, a constant cost per conversion.",
        "{label}：按单位购买（{unit}），每单位一个价格；在有历史数据之前，按固定的单次转化成本计算。",
    ),
    # The platform's published limits, or that none was found.
    "templates.limit.min_daily": (
        "{platform} requires at least {amount} a day per {unit} ({source}): written as `{field}`, zero or at "
        "least that over the period.",
        "{platform}要求每个{unit}每天至少 {amount}（出处：{source}）：写作 `{field}`，即不投放，或在周期内每天至少这么多。",
    ),
    "templates.limit.min_daily_elsewhere": (
        "{platform} requires at least {amount} a day per {unit} ({source}); this scenario is in {currency}, so it "
        "is not written: add `{field}` with the amount in {currency}.",
        "{platform}要求每个{unit}每天至少 {amount}（出处：{source}）；本场景的货币是 {currency}，所以这里不写："
        "请按 {currency} 金额加上 `{field}`。",
    ),
    "templates.limit.no_minimum": (
        "No public minimum budget was found for it, so none is written.",
        "没有找到它公开的最低预算，所以这里不写。",
    ),
    "templates.limit.min_rate": (
        "{platform}'s lowest commission rate is {rate} ({source}), written as `{field}`.",
        "{platform}允许的最低佣金比例是 {rate}（出处：{source}），写作 `{field}`。",
    ),
    "templates.unit.ad_group": ("ad group", "广告组"),
    "templates.unit.ad_set": ("ad set", "广告组"),
    "templates.unit.plan": ("plan", "计划"),
    # Channels and the history.
    "templates.history_name": (
        "It is called {name} in the history (`{field}`).",
        "它在历史数据中叫 {name}（`{field}`）。",
    ),
    "templates.no_sessions_column": (
        "The history has no {column} column to fit its sessions on: placeholder settings, and left out of the plan "
        "(`{field}`) until you fill them in or add the column.",
        "历史数据没有 {column} 列，无法拟合直播场次：设置都是占位值，在你填好或加上该列之前不参与规划（`{field}`）。",
    ),
    "templates.not_in_history": (
        "Not in the history: placeholder settings, and left out of the plan (`{field}`) until you fill them in.",
        "历史数据中没有它：设置都是占位值，在你填好之前不参与规划（`{field}`）。",
    ),
    "templates.from_history": (
        "{label}: in the history but not in the template; fitted from its history like any channel.",
        "{label}：历史数据中有、模板中没有的渠道，和其他渠道一样由历史数据拟合。",
    ),
    "templates.sessions_from_history": (
        "Sessions per week are in the history, so the first session's sales and the fall per session are "
        "fitted from it.",
        "历史数据中有每周的直播场次，所以首场销售额和每场的递减都由它拟合。",
    ),
    # Inline notes after placeholder values.
    "templates.ph.cost_per_conversion": ("placeholder: spend per conversion", "占位值：每次转化的花费"),
    "templates.ph.revenue_per_conversion": ("placeholder: revenue per conversion", "占位值：每次转化的销售额"),
    "templates.ph.rate": ("placeholder: your commission rate", "占位值：你的佣金比例"),
    "templates.ph.rate_history": (
        "from the history: what its sales cost (spend ÷ revenue), fees included",
        "取自历史数据：每元销售额的成本（花费 ÷ 销售额），含服务费",
    ),
    "templates.ph.max_revenue": (
        "placeholder: the most sales the partners bring in a week",
        "占位值：推广者一周最多能带来的销售额",
    ),
    "templates.ph.fee": ("placeholder: cost of one session (studio, host)", "占位值：每场直播的费用（场地、主播）"),
    "templates.ph.session_commission": (
        "placeholder: the host's cut of the session's sales",
        "占位值：主播从场次销售额中拿的佣金",
    ),
    "templates.ph.first": ("placeholder: sales of the first session in a week", "占位值：一周内第一场的销售额"),
    "templates.ph.decay": (
        "placeholder: each further session sells this share of the one before",
        "占位值：每多一场，销售额是上一场的这个比例",
    ),
    "templates.ph.per_week": ("at most this many sessions a week", "每周最多这么多场"),
    "templates.ph.unit_cost": ("placeholder: price of one unit", "占位值：每单位的价格"),
    # The rules block.
    "templates.rules": (
        "Rules the plan must keep, for example at most {count} channels on air at once:",
        "方案必须遵守的规则，例如同时投放的渠道最多 {count} 个：",
    ),
    "templates.rule_name": ("at most {count} channels on air", "最多 {count} 个渠道同时投放"),
    # The list of templates and their errors.
    "templates.list.header": ("Templates ({command}):", "模板（{command}）："),
    "templates.list.row": (
        "{id}: {name}, {currency}; {channels}",
        "{id}：{name}，{currency}；{channels}",
    ),
    "templates.unknown": (
        "there is no template {name}{hint}; the templates are {known}",
        "没有名为 {name} 的模板{hint}；可用的模板有 {known}",
    ),
    "templates.did_you_mean": (" (did you mean {name}?)", "（是否应为 {name}？）"),
    "templates.needs_template": (
        "say which template with {option} (or list them with {listing})",
        "请用 {option} 指定模板（或用 {listing} 列出所有模板）",
    ),
    "templates.app.copy_channels": ("Channels of this scenario", "复制本场景的渠道"),
    "templates.app.from_history": ("Channels of the history", "历史数据中的渠道"),
    "templates.app.template": ("Template", "模板"),
}
