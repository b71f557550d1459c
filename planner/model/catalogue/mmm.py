"""Response curves from a marketing-mix model: converting a tool's curve export into curve tables."""

MESSAGES: dict[str, tuple[str, str]] = {
    "noun.mmm_export": ("a curve export", "曲线导出文件"),
    # The table's columns.
    "mmm.column_for": ("{field} ({names})", "{field}（{names}）"),
    "mmm.field.channel": ("channel", "渠道"),
    "mmm.field.spend": ("spend", "花费"),
    "mmm.field.response": ("response", "响应"),
    "mmm.missing_columns": (
        "no column for {missing}; {where}; this file has {found}",
        "缺少以下列：{missing}；{where}；此文件的列为 {found}",
    ),
    "mmm.tool_columns": (
        "these are the names in {tool}'s export ({doc} shows the code that writes it)",
        "以上是 {tool} 导出表中的列名（导出代码见 {doc}）",
    ),
    "mmm.any_tool_columns": (
        "a plain table has columns {columns}; for a tool's own export, name the tool with {option}",
        "普通表格应有以下列：{columns}；若是建模工具自己的导出表，请用 {option} 指明工具",
    ),
    "mmm.two_responses": (
        "more than one column could be the response ({columns}); keep one, or name the tool with {option}",
        "有多列都可能是响应值（{columns}）；请只保留一列，或用 {option} 指明工具",
    ),
    # Units.
    "mmm.measure_needed": (
        "say whether {column} is conversions or revenue with {option}: a revenue curve read as orders "
        "would overstate every channel by the order value",
        "请用 {option} 说明 {column} 是转化还是销售额：把销售额曲线当作订单数，每个渠道都会被放大一个客单价的倍数",
    ),
    "mmm.measure_differs": (
        "the column {column} says the measure, but {option} says {measure}",
        "列名 {column} 已表明度量，但 {option} 指定的是 {measure}",
    ),
    "mmm.order_value_needed": (
        "a curve table holds conversions: give the order value with {option} to turn the revenue curve into "
        "conversions (the scenario then gets {key}, so the planner's revenue is the model's)",
        "曲线表只能存放转化：请用 {option} 给出客单价，把销售额曲线换算为转化"
        "（场景中会同时写入 {key}，方案的销售额与模型一致）",
    ),
    "mmm.order_value_positive": (
        "{option} must be a positive amount",
        "{option} 必须是正数金额",
    ),
    "mmm.period_needed": (
        "{tool} gives each channel's spend and response summed over all the weeks the model covers; "
        "give that number of weeks with {option} so the curves become weekly",
        "{tool} 给出的花费和响应是模型覆盖的所有周的合计；请用 {option} 给出周数，以换算为每周曲线",
    ),
    "mmm.period_range": (
        "{option} must be a number of weeks above 0 and at most 5200",
        "{option} 必须是大于 0、不超过 5200 的周数",
    ),
    "mmm.no_mean_rows": (
        "the {column} column has no rows with {mean} (it has {values}); export the posterior mean",
        "{column} 列中没有 {mean} 行（只有 {values}）；请导出后验均值",
    ),
    "mmm.too_many_channels": (
        "{count} channels: more than {limit}; is the channel column the right one?",
        "共 {count} 个渠道，超过 {limit} 个；渠道列是否选对了？",
    ),
    # One channel's rows.
    "mmm.same_spend": (
        "{channel}: spend {spend} has different responses on lines {lines}; export one row per spend level "
        "(the posterior mean, summed over geos), not draws, quantiles or geos",
        "{channel}：花费 {spend} 在第 {lines} 行有不同的响应值；每个花费水平只应有一行"
        "（后验均值，各地区合计），不要导出抽样、分位数或分地区的行",
    ),
    "mmm.falls": (
        "{channel}: the response falls by {fall} ({share} of its largest) after line {peak}, more than "
        "posterior noise ({limit}); check that the column is one channel's mean curve",
        "{channel}：响应值在第 {peak} 行之后下降了 {fall}（占其最大值的 {share}），超出后验噪声范围（{limit}）；"
        "请确认该列是单个渠道的均值曲线",
    ),
    "mmm.one_point": (
        "{channel}: only the row at zero spend; a curve needs at least one spend above 0",
        "{channel}：只有花费为 0 的一行；曲线至少需要一个大于 0 的花费",
    ),
    "mmm.flat": (
        "{channel}: the response never rises above its value at zero spend; the model sees no effect",
        "{channel}：响应值从未超过花费为 0 时的值；模型认为该渠道没有效果",
    ),
    # What was done, said after converting.
    "mmm.note.weekly": (
        "spend and response divided by {weeks} weeks: the tables are one average week's curve "
        "(exact when spend is spread evenly over the weeks)",
        "花费和响应已除以 {weeks} 周：曲线表是平均一周的曲线（花费在各周均匀分布时完全准确）",
    ),
    "mmm.note.revenue": (
        "revenue divided by the order value {value}: the tables hold conversions, and each channel gets "
        "{key}: {value} so that the planner's revenue is the model's",
        "销售额已除以客单价 {value}：曲线表存放转化，每个渠道写入 {key}: {value}，方案的销售额与模型一致",
    ),
    "mmm.note.mean_rows": (
        "kept the {kept} rows whose {column} is {mean} (of {total}); the credible-interval rows are left out",
        "保留了 {column} 为 {mean} 的 {kept} 行（共 {total} 行）；可信区间的行未使用",
    ),
    "mmm.note.repeated": ("{channel}: {count} repeated rows dropped", "{channel}：删除了 {count} 行重复数据"),
    "mmm.note.baseline": (
        "{channel}: the response at zero spend (line {line}) is {baseline} a week, not 0: subtracted from every "
        "row, since the planner needs what spend adds (often the carryover of earlier spend)",
        "{channel}：花费为 0 时（第 {line} 行）每周响应为 {baseline}，不是 0：已从每一行中减去，"
        "因为方案只需要花费带来的增量（通常是此前花费的延续效应）",
    ),
    "mmm.note.zero_added": (
        "{channel}: no row at zero spend, so (0, 0) was added; if the tool's response includes a baseline "
        "(a carryover of earlier spend), export spend 0 too so it can be subtracted",
        "{channel}：没有花费为 0 的行，已补上 (0, 0)；如果工具的响应值含有基线（如此前花费的延续效应），"
        "请同时导出花费为 0 的行，以便减去基线",
    ),
    "mmm.note.evened_out": (
        "{channel}: the response dipped at {count} points (at most {share} of its largest: posterior noise); "
        "evened out to the closest curve that never falls (isotonic regression)",
        "{channel}：响应值在 {count} 个点略有下降（最多为其最大值的 {share}，属于后验噪声）；"
        "已调整为最接近的不下降曲线（保序回归）",
    ),
    "mmm.summary.channel": (
        "{channel}: {points} points, up to {spend} a week for {conversions} conversions a week → {file}",
        "{channel}：{points} 个点，每周花费最高 {spend}，对应每周 {conversions} 次转化 → {file}",
    ),
    "mmm.cli.written": (
        "wrote {count} curve tables and {snippet} to {folder}; put the channels of {snippet} into your "
        "scenario (kept next to the tables), with its budget and {weeks}",
        "已将 {count} 张曲线表和 {snippet} 写入 {folder}；请把 {snippet} 中的渠道放入场景文件"
        "（与曲线表放在同一文件夹），并设置预算和 {weeks}",
    ),
}
