"""The command line's own words: help, summaries and outcomes."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.error": ("error: {message}", "错误：{message}"),
    "cli.no_plan": ("No plan satisfies every rule.", "没有满足所有规则的方案。"),
    "cli.ok": ("ok: {path}", "通过：{path}"),
    "cli.invalid_files": (
        "{failed} of {total} scenario files are invalid",
        "{total} 个场景文件中有 {failed} 个无效",
    ),
    "cli.no_files": (
        "no scenario files ({patterns}) found; name a scenario file or a folder holding some",
        "没有找到场景文件（{patterns}）；请指定一个场景文件或包含场景文件的文件夹",
    ),
    "cli.not_amount": ("{text} is not an amount", "{text} 不是金额"),
    "cli.not_finite": ("{text} is not a finite amount", "{text} 不是有限的金额"),
    "cli.negative_budget": ("the budget cannot be negative", "预算不能为负数"),
    "cli.too_large": ("{text} is too large: at most {limit}", "{text} 太大：最多 {limit}"),
    "cli.points": ("{option} must be at least 2", "{option} 至少为 2"),
    "cli.up_to": (
        "{option} must be a multiple of today's budget between 0 and 100",
        "{option} 必须是当前预算的倍数，介于 0 和 100 之间",
    ),
    "cli.split": ("{option} must be between 0.2 and 0.9", "{option} 必须介于 0.2 和 0.9 之间"),
    "cli.import_needs_output": (
        "give {output} (the history CSV to write) or {mapping} (the guessed mapping to write)",
        "请给出 {output}（要写出的历史数据 CSV）或 {mapping}（要写出的猜测映射）",
    ),
    "cli.excel_csv_needs_csv": (
        "{option} shapes the file written by {csv}; give {csv} FILE too",
        "{option} 决定 {csv} 写出的文件格式；请同时用 {csv} 指定文件",
    ),
    "cli.range": (
        "{measure} P10 / P50 / P90: {low} / {mid} / {high}  ({draws} bootstrap draws)",
        "{measure} P10 / P50 / P90：{low} / {mid} / {high}（{draws} 次自助抽样）",
    ),
    "cli.range_fixed": (
        "(no spread from {channels}: their yields are given, not from history)",
        "（{channels}的产出为给定值，不来自历史数据，因此没有波动范围）",
    ),
    "cli.explain_all_channels": ("Add {option} to explain every channel.", "加上 {option} 可说明全部渠道。"),
    "cli.argument": ("argument {option}: {reason}", "参数 {option}：{reason}"),
    "cli.invalid_choice": ("{value} is not one of the choices", "{value} 不是可选的值"),
    "cli.required": ("missing: {names}", "缺少：{names}"),
    "cli.unrecognized": ("unrecognized arguments: {arguments}", "无法识别的参数：{arguments}"),
    "cli.expected_value": ("expected a value after it", "后面需要一个值"),
    "cli.invalid_value": ("{value} is not a valid {kind}", "{value} 不是有效的{kind}"),
    "cli.kind.int": ("whole number", "整数"),
    "cli.kind.float": ("number", "数字"),
    "cli.ambiguous": ("ambiguous option {option}: could be {matches}", "选项 {option} 不明确：可能是 {matches}"),
    "cli.not_allowed_with": ("not allowed with {other}", "不能与 {other} 同时使用"),
    "cli.os.not_found": ("no such file or folder", "没有这个文件或文件夹"),
    "cli.os.denied": ("permission denied", "没有权限"),
    "cli.os.is_folder": ("is a folder, not a file", "是文件夹，不是文件"),
    # `planner --help` and each command's --help, in the language of --lang (else the environment's).
    # Option names, file names and code words are placeholders: they stay as typed in both languages.
    "cli.help.usage": ("usage: ", "用法："),
    "cli.help.positionals": ("positional arguments", "位置参数"),
    "cli.help.options": ("options", "选项"),
    "cli.help.heading": ("{title}:", "{title}："),
    "cli.help.help": ("show this help message and exit", "显示此帮助信息并退出"),
    "cli.help.description": (
        "Optimal promotion-budget plans from scenario files.",
        "根据场景文件生成最优的推广预算方案。",
    ),
    "cli.help.language": (
        "language of the output: {en} or {zh} (default: {variable}, else {lang} starting with {zh}, else {en})",
        "输出的语言：{en} 或 {zh}（默认：按 {variable}；未设置时，{lang} 以 {zh} 开头则为 {zh}，否则为 {en}）",
    ),
    "cli.help.budget": ("override the scenario's budget: {examples}", "代替场景中的预算：{examples}"),
    "cli.help.scenario": ("scenario YAML file", "场景 YAML 文件"),
    "cli.help.output": ("write to this file instead of standard output", "写入此文件，而不是标准输出"),
    "cli.help.solve": ("solve a scenario and print the plan", "求解场景并打印方案"),
    "cli.help.solve.csv": (
        "also write the allocation as CSV (code-name headers); a calendar plan also writes {long} (period × channel) "
        "and {wide} (spend, channel × period) next to it",
        "同时把预算分配写成 CSV（表头为代码名）；有日历的方案还在旁边写出 {long}（周期 × 渠道）和 {wide}（花费，渠道 × 周期）",
    ),
    "cli.help.solve.excel_csv": (
        "make {csv} a CSV for Excel: BOM, headers in {lang}, a TOTAL row, {line_end}; numbers without ¥ or commas",
        "让 {csv} 写出适合 Excel 的 CSV：带 BOM，表头用 {lang} 的语言，含合计行，{line_end} 换行；数字不带 ¥ 和千位分隔符",
    ),
    "cli.help.solve.xlsx": (
        "also write the plan as an Excel workbook in {lang}",
        "同时把方案写成 Excel 工作簿（语言按 {lang}）",
    ),
    "cli.help.solve.periods": (
        "with {format}, print a calendar plan's periods instead of the allocation: {long} (period × channel, as "
        "{long_file}) or {wide} (spend, channel × period, as {wide_file})",
        "配合 {format}，打印日历方案的各周期，而不是预算分配：{long}（周期 × 渠道，同 {long_file}）或 {wide}（花费，渠道 × 周期，"
        "同 {wide_file}）",
    ),
    "cli.help.solve.chart": (
        "also write the plan's chart as {html} (opens offline), {png} or {svg}: spend by period for a calendar plan, "
        "else the plan against history",
        "同时把方案的图表写成 {html}（可离线打开）、{png} 或 {svg}：有日历的方案画各周期的花费，否则画方案与历史数据的对比",
    ),
    "cli.help.validate": (
        "check scenario files (and their history) without solving; exit 2 if any is invalid",
        "检查场景文件（及其历史数据），不求解；有任何一个无效时退出码为 2",
    ),
    "cli.help.validate.paths": (
        "scenario files or folders (searched for {patterns})",
        "场景文件或文件夹（在文件夹中查找 {patterns}）",
    ),
    "cli.help.validate.quiet": ("print only problems", "只打印问题"),
    "cli.help.no_cache": (
        "work it out afresh: neither use nor keep the result cache ({variable} set does the same; the cache is in "
        "{folder}, else {default})",
        "重新计算：不使用也不保存结果缓存（设置 {variable} 效果相同；缓存位于 {folder}，否则为 {default}）",
    ),
    "cli.help.explain": ("solve a scenario and explain the plan in plain words", "求解场景，并用通俗的话解释方案"),
    "cli.help.explain.range": (
        "add P10/P50/P90 of the outcome (bootstrap of history)",
        "加上结果的 P10/P50/P90（对历史数据做自助抽样）",
    ),
    "cli.help.explain.all_channels": (
        "explain all channels, not only those that spend most and those closest to gaining or losing spend (what a "
        "plan over more than 12 channels explains without it)",
        "说明所有渠道，而不只是花费最多的和最接近增减花费的渠道（不加此选项时，超过 12 个渠道的方案只说明这些渠道）",
    ),
    "cli.help.frontier": (
        "best objective at every budget from zero to a multiple of today's",
        "从零到当前预算的若干倍，每个预算下能达到的最优目标值",
    ),
    "cli.help.frontier.points": ("number of budgets (default {default})", "预算点的个数（默认 {default}）"),
    "cli.help.frontier.up_to": (
        "largest budget as a multiple of today's (default {default})",
        "最大的预算，为当前预算的倍数（默认 {default}）",
    ),
    "cli.help.frontier.csv": (
        "write the table (budget, objective, marginal, mix) as CSV",
        "把表格（预算、目标值、边际回报、组合）写成 CSV",
    ),
    "cli.help.frontier.chart": (
        "write the chart as {html} (opens offline), {png} or {svg}",
        "把图表写成 {html}（可离线打开）、{png} 或 {svg}",
    ),
    "cli.help.report": (
        "write the plan as a page to share: HTML (opens offline) and, with {browser}, PDF",
        "把方案写成可分享的页面：HTML（可离线打开），装有 {browser} 时还可写 PDF",
    ),
    "cli.help.report.output": ("{html} or {pdf} (repeat for both)", "{html} 或 {pdf}（两者都要时重复此选项）"),
    "cli.help.backtest": (
        "fit curves on earlier weeks, score them on later weeks",
        "用较早的周拟合曲线，再用较晚的周检验",
    ),
    "cli.help.backtest.split": (
        "share of weeks to fit on (default {default})",
        "用于拟合的周所占的比例（默认 {default}）",
    ),
    "cli.help.schema": ("print the {schema} of scenario files", "打印场景文件的 {schema}"),
    "cli.help.batch": (
        "solve many scenarios (or one scenario × a table of overrides) into one results table",
        "求解多个场景（或一个场景 × 一张覆盖值表），结果汇总成一张表",
    ),
    "cli.help.batch.description": (
        "Writes results and summary as {parquet} and CSV into the output folder; a re-run skips the cases whose "
        "inputs are unchanged. Exit 0: every case solved (or already done); 2: any case failed (each listed with its "
        "message; the others are still solved and written). See {doc}.",
        "把结果和汇总以 {parquet} 和 CSV 写入输出文件夹；再次运行时跳过输入未变的情形。退出码 0：每个情形都已求解（或早已完成）；"
        "2：有情形失败（逐一列出及其消息；其余情形照样求解并写出）。见 {doc}。",
    ),
    "cli.help.batch.paths": (
        "scenario files, folders (searched for {patterns}) or glob patterns",
        "场景文件、文件夹（在文件夹中查找 {patterns}）或通配符模式",
    ),
    "cli.help.batch.overrides": (
        "CSV with a row per case: {budget}, {example}, …",
        "每个情形一行的 CSV：{budget}、{example}……",
    ),
    "cli.help.batch.output": ("folder (default {default})", "文件夹（默认 {default}）"),
    "cli.help.batch.workers": (
        "processes of the local pool (default: every core; 1: in this one)",
        "本地进程池的进程数（默认：每个核心一个；1：在本进程中运行）",
    ),
    "cli.help.batch.scheduler": (
        "run on a {dask} cluster: its scheduler, e.g. {example}",
        "在 {dask} 集群上运行：给出其调度器的地址，例如 {example}",
    ),
    "cli.help.batch.quiet": ("no progress bar", "不显示进度条"),
    "cli.help.new": (
        "write a commented scenario skeleton from a platform template ({examples}…)",
        "根据平台模板写出带注释的场景骨架（{examples}……）",
    ),
    "cli.help.new.description": (
        "Without a history every channel has placeholder costs; with {history} the template's channels are matched "
        "to the history's and its other channels are added. See {doc}.",
        "没有历史数据时，每个渠道的成本都是占位值；给出 {history} 时，模板的渠道与历史数据中的渠道对应，"
        "历史数据中的其他渠道也会加入。见 {doc}。",
    ),
    "cli.help.new.template": ("the platform: {examples}, … (list: {option})", "平台：{examples}……（列表：{option}）"),
    "cli.help.new.list_templates": ("print the templates and their channels", "打印模板及其渠道"),
    "cli.help.new.history": (
        "the store's history CSV: its path is written in",
        "店铺的历史数据 CSV：其路径会写入场景",
    ),
    "cli.help.new.store": ("the store's name", "店铺名称"),
    "cli.help.new.currency": (
        "{iso} code of all amounts (default: the platform's, {cny} or {usd})",
        "所有金额的 {iso} 货币代码（默认为平台的货币：{cny} 或 {usd}）",
    ),
    "cli.help.new.output": (
        "the file to write (never over an existing one); default standard output",
        "要写出的文件（从不覆盖已有文件）；默认写到标准输出",
    ),
    "cli.help.review": (
        "the review (复盘) of a calendar with actuals: plan against actual per period run; the rest re-planned",
        "带实际数据的日历复盘：每个已执行周期的计划与实际对比；其余周期重新规划",
    ),
    "cli.help.review.description": (
        "Planned spend, conversions and revenue (the scenario planned without its actuals, or {plan}) against what "
        "happened, the curve's prediction at the actual spend, and channels whose curve predicted badly. See {doc}.",
        "计划的花费、转化和销售额（不含实际数据重新规划的场景，或 {plan}）与实际发生的对比，曲线在实际花费下的预测，"
        "以及曲线预测不准的渠道。见 {doc}。",
    ),
    "cli.help.review.scenario": (
        "scenario YAML file with {actuals} or {from_history}",
        "带 {actuals} 或 {from_history} 的场景 YAML 文件",
    ),
    "cli.help.review.plan": ("the plan made before, saved with {command}", "之前做的方案，用 {command} 保存"),
    "cli.help.review.history": (
        "a history CSV (e.g. written by {command}) instead of the scenario's: its weeks in the calendar are the "
        "actuals with {setting}",
        "用这份历史数据 CSV（例如由 {command} 写出）代替场景中的：设置 {setting} 时，其落在日历中的周就是实际数据",
    ),
    "cli.help.review.threshold": (
        "flag a curve off by more than this (default {default}; {fraction} or {percent})",
        "曲线偏差超过此值时标出（默认 {default}；写作 {fraction} 或 {percent}）",
    ),
    "cli.help.review.csv": (
        "also write plan against actual as CSV (one row per period × channel)",
        "同时把计划与实际的对比写成 CSV（每个周期 × 渠道一行）",
    ),
    "cli.help.review.excel_csv": (
        "make {csv} a CSV for Excel: BOM, headers in {lang}, a TOTAL row per period, {line_end}; bare numbers",
        "让 {csv} 写出适合 Excel 的 CSV：带 BOM，表头用 {lang} 的语言，每个周期一个合计行，{line_end} 换行；数字不带格式",
    ),
    "cli.help.import": (
        "turn platform exports (CSV, {txt}, xlsx; any common encoding) into a weekly history CSV",
        "把平台导出的文件（CSV、{txt}、xlsx；任何常见编码）转成每周的历史数据 CSV",
    ),
    "cli.help.import.description": (
        "Exit 0: every file imported; 1: the history holds the files that could be read, the others are listed; "
        "2: nothing imported.",
        "退出码 0：每个文件都已导入；1：历史数据包含能读取的文件，其余文件逐一列出；2：没有导入任何内容。",
    ),
    "cli.help.import.files": ("exports, or folders of exports", "导出的文件，或存放导出文件的文件夹"),
    "cli.help.import.output": ("the history CSV to write", "要写出的历史数据 CSV"),
    "cli.help.import.mapping": (
        "a mapping file saying how each kind of export is read",
        "映射文件：说明每种导出文件怎样读取",
    ),
    "cli.help.import.write_mapping": (
        "write the mapping used (the guess, for unmapped files)",
        "写出所用的映射（未映射的文件用的是猜测的映射）",
    ),
    "cli.help.import.drop_partial_weeks": (
        "leave out first/last weeks with missing days",
        "去掉缺少天数的首周或末周",
    ),
    "cli.help.import_curves": (
        "turn a marketing-mix model's response curves ({tools}) into curve tables",
        "把营销组合模型的响应曲线（{tools}）转成曲线表",
    ),
    "cli.help.import_curves.description": (
        "Exit 0: every channel converted; 1: the tables hold the channels that could be converted, the others are "
        "listed; 2: nothing converted. See {doc}.",
        "退出码 0：每个渠道都已转换；1：曲线表包含能转换的渠道，其余渠道逐一列出；2：没有转换任何内容。见 {doc}。",
    ),
    "cli.help.import_curves.table": ("CSV: one row per channel and spend level", "CSV：每个渠道的每个花费水平一行"),
    "cli.help.import_curves.output": (
        "folder for the curve tables and the snippet",
        "存放曲线表和场景片段的文件夹",
    ),
    "cli.help.import_curves.tool": ("the tool whose column names to read", "按哪个工具的列名读取"),
    "cli.help.import_curves.period_weeks": (
        "weeks the amounts are summed over ({tools}: all modelled)",
        "金额累计的周数（{tools}：建模的全部周）",
    ),
    "cli.help.import_curves.measure": ("what the response counts", "响应计量的是什么"),
    "cli.help.import_curves.order_value": (
        "revenue per conversion: turns a revenue curve into conversions; written as {key}",
        "每次转化的销售额：把销售额曲线换算成转化；写作 {key}",
    ),
}
