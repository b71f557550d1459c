"""Problems in a scenario file or object: validation of every field and rule, located by file, field and line.

Key names a user writes in the file (min_spend, at_least, …) are arguments, never words of a template: they
stay as written in both languages.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "problems_more": (
        "… and {count} more problems like these; fix the ones above and run again",
        "……还有 {count} 个类似问题；请先修正以上问题再运行",
    ),
    # Pydantic's own error types, in words (planner.model.validation.text_of_error).
    "validation.missing": ("missing required key '{key}'", "缺少必填的键「{key}」"),
    "validation.unknown_key.suggest": (
        "unknown key {key}; did you mean '{suggestion}'?",
        "未知的键 {key}；是否应为「{suggestion}」？",
    ),
    "validation.unknown_key.keys": (
        "unknown key {key}; the keys here are {keys}",
        "未知的键 {key}；此处可用的键为 {keys}",
    ),
    "validation.unknown_key.remove": ("unknown key {key}; remove it", "未知的键 {key}；请删除它"),
    "validation.not_number": ("{value} is not a number; write a number", "{value} 不是数字；请填写数字"),
    "validation.not_whole_number": (
        "{value} is not a whole number; write a whole number",
        "{value} 不是整数；请填写整数",
    ),
    "validation.too_large_number": (
        "{value} is too large; check the number",
        "{value} 太大；请检查这个数字",
    ),
    "validation.not_bool": (
        "{value} is not {yes} or {no}; write {yes} or {no}",
        "{value} 不是 {yes} 或 {no}；请填写 {yes} 或 {no}",
    ),
    "validation.not_text": (
        "{value} is not text; put it in quotes to use it as text",
        "{value} 不是文本；如要作为文本使用，请给它加上引号",
    ),
    "validation.no_value": ("has no value; write one", "没有填写值；请填写"),
    "validation.not_mapping": (
        "{value} is not a mapping; write keys and values (key: value)",
        "{value} 不是映射；请按「键: 值」的形式填写",
    ),
    "validation.not_list": (
        "{value} is not a list; write a list, e.g. [a, b]",
        "{value} 不是列表；请填写列表，例如 [a, b]",
    ),
    "validation.not_date": (
        "{value} is not a date; write YYYY-MM-DD",
        "{value} 不是日期；请按「年-月-日」填写，例如 2026-01-05",
    ),
    "validation.pattern.currency": (
        "{value} is not a currency code; write a 3-letter ISO 4217 code such as {examples}",
        "{value} 不是币种代码；请填写 3 个字母的国际币种代码，例如 {examples}",
    ),
    "validation.pattern.group": (
        "{value} is not a valid group tag: use letters, digits and _ of any script (not starting with a digit)",
        "{value} 不是有效的分组标签：请使用任意文字的字母、数字和 _（不能以数字开头）",
    ),
    "validation.pattern.name": (
        "{value} is not a valid name: use letters, digits and _ (not starting with a digit)",
        "{value} 不是有效的名称：请使用字母、数字和 _（不能以数字开头）",
    ),
    "validation.string_too_long": (
        "is {length} characters long; at most {limit} are allowed, shorten it",
        "长度为 {length} 个字符；最多允许 {limit} 个，请缩短",
    ),
    "validation.string_too_short": (
        "is empty; write at least {limit} character(s)",
        "为空；请至少填写 {limit} 个字符",
    ),
    "validation.too_short": (
        "needs at least {limit} item(s), has {count}",
        "至少需要 {limit} 项，目前只有 {count} 项",
    ),
    "validation.too_long": ("has {count} items; at most {limit} are allowed", "有 {count} 项；最多允许 {limit} 项"),
    "validation.negative": ("{value} is negative; it must be zero or more", "{value} 是负数；必须大于或等于零"),
    "validation.not_positive": ("{value} must be more than zero", "{value} 必须大于零"),
    "validation.share_above_one": (
        "must be at most 1 (write shares as 0.15 or 15%)",
        "不能大于 1（占比请写成 0.15 或 15%）",
    ),
    "validation.cost_too_small": (
        "{value} is too small: a cost must be at least {limit} (one unit of money buying millions of conversions "
        "is a typo or a wrong unit); check the number",
        "{value} 太小：成本至少为 {limit}（一元钱换来上百万次转化，多半是笔误或单位错了）；请检查这个数字",
    ),
    "validation.greater_than_equal": ("{value} is too small: at least {limit}", "{value} 太小：至少为 {limit}"),
    "validation.greater_than": ("{value} must be more than {limit}", "{value} 必须大于 {limit}"),
    "validation.less_than": ("{value} must be less than {limit}", "{value} 必须小于 {limit}"),
    "validation.less_than_equal": (
        "{value} is too large: at most {limit}; check the number",
        "{value} 太大：最多为 {limit}；请检查这个数字",
    ),
    "validation.finite_number": (
        "must be a finite number (not inf or nan); leave the key out for no limit",
        "必须是有限的数字（不能是无穷大或非数字）；如不设限制，请删除这个键",
    ),
    "validation.choice": (
        "{value} is not allowed here; use one of {expected}",
        "此处不能填 {value}；请从 {expected} 中选择",
    ),
    "validation.tag_invalid": (
        "{key} {value} is not known; use one of {expected}",
        "{key} 的值 {value} 无法识别；请从 {expected} 中选择",
    ),
    "validation.tag_missing": ("missing '{key}': say which kind it is", "缺少「{key}」：请注明类型"),
    "validation.value_error": ("{message}", "值无效：{message}"),
    "validation.other": ("{message}", "值无效：{message}"),
    # Our own validators (planner.model.scenario, channels, rules, fields).
    "scenario.start_after_end": (
        "{start_key} {start} is after {end_key} {end}",
        "{start_key}（{start}）晚于 {end_key}（{end}）",
    ),
    "scenario.exactly_one_objective": (
        "give exactly one of {maximize} or {minimize}",
        "{maximize} 和 {minimize} 必须且只能填写一个",
    ),
    "scenario.budget_not_amount": (
        "{value} is not an amount; write the budget as a plain number, e.g. 2200000",
        "{value} 不是金额；请把预算写成纯数字，例如 2200000",
    ),
    "scenario.objective_not_understood": (
        "{value} is not an objective; write e.g. '{first}' or '{second}' (one measure name, no spaces)",
        "{value} 不是有效的目标；请写成例如「{first}」或「{second}」（指标名只有一个词，不含空格）",
    ),
    "scenario.not_percentage": (
        "{value} is not a percentage; write e.g. 15% or 0.15",
        "{value} 不是百分比；请写成例如 15% 或 0.15",
    ),
    "scenario.above": (
        "{lower_key} {lower} is above {upper_key} {upper}",
        "{lower_key}（{lower}）高于 {upper_key}（{upper}）",
    ),
    "scenario.revenue_twice": ("give {first} or {second}, not both", "{first} 和 {second} 只能填写一个"),
    "scenario.locked_and_excluded": (
        "a channel cannot be both {locked} and {excluded}",
        "一个渠道不能同时设为 {locked} 和 {excluded}",
    ),
    "scenario.tranche_cost_twice": (
        "give {key} on each tranche, not on the channel as well",
        "{key} 应写在每一档上，不要在渠道上再写一次",
    ),
    "scenario.tranche_needs_end": (
        "every tranche but the last needs {key}",
        "除最后一档外，每一档都需要 {key}",
    ),
    "scenario.tranche_ends_increase": (
        "tranche {key} values must increase",
        "各档的 {key} 必须逐档递增",
    ),
    "scenario.tranche_yields_nothing": (
        "tranche {tranches} yields nothing: give {first}, {second} or {third}",
        "第 {tranches} 档没有任何产出：请给出 {first}、{second} 或 {third}",
    ),
    "scenario.response_needs": ("{response}: {kind} needs {needed}", "{response}: {kind} 需要 {needed}"),
    "scenario.response_excludes": (
        "{response}: {kind} cannot be combined with {other}",
        "{response}: {kind} 不能与 {other} 同时使用",
    ),
    "scenario.cost_unused": (
        "{key} is not used by a {kind} curve; remove it or use {constant}",
        "{kind} 曲线不使用 {key}；请删除它，或改用 {constant}",
    ),
    "scenario.selection_both": (
        "select channels by {group} or by {channels}, not both",
        "请按 {group} 或按 {channels} 选择渠道，不能两者同时使用",
    ),
    "scenario.no_limit": ("give {first}, {second} or {third}", "请给出 {first}、{second} 或 {third}"),
    "scenario.exactly_combined": (
        "{exactly} cannot be combined with {first} or {second}",
        "{exactly} 不能与 {first} 或 {second} 同时使用",
    ),
    "scenario.limits_finite": ("limits must be finite numbers", "限制必须是有限的数字"),
    # Cross-references (planner.model.scenario.find_problems).
    "scenario.channel_twice": ("channel id '{id}' is used twice", "渠道 ID「{id}」被使用了两次"),
    "scenario.rule_twice": (
        "rule name '{name}' is used twice; names must be unique",
        "规则名称「{name}」被使用了两次；名称不能重复",
    ),
    "scenario.name_taken": (
        "'{name}' is taken by a built-in measure, a plan column or another KPI/resource; rename it",
        "「{name}」已被内置指标、方案的列或其他 KPI/资源占用；请改名",
    ),
    "scenario.unknown": ("unknown {what} '{name}'{more}{hint}", "未知的{what}「{name}」{more}{hint}"),
    "scenario.unknown.close": ("; did you mean '{name}'?", "；是否应为「{name}」？"),
    "scenario.unknown.known": (" (known: {names})", "（已有：{names}）"),
    "scenario.unknown.declare": ("; declare it under {section}", "；请在 {section} 下声明"),
    "noun.kpi": ("KPI", "KPI"),
    "noun.resource": ("resource", "资源"),
    "noun.measure": ("measure", "指标"),
    "noun.group": ("group", "分组"),
    "noun.channel": ("channel", "渠道"),
    "scenario.units_not_bought.one": (
        "counts units, but {channels} is not bought in units",
        "按单位计数，但 {channels} 不是按单位购买的",
    ),
    "scenario.units_not_bought.many": (
        "counts units, but {channels} are not bought in units",
        "按单位计数，但 {channels} 不是按单位购买的",
    ),
    "scenario.profit_needs_margin": (
        "profit needs the store's gross margin: add e.g. `{example}`",
        "计算利润需要店铺的毛利率：请添加例如 `{example}`",
    ),
}
