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
    "cli.os.not_found": ("no such file or folder", "没有这个文件或文件夹"),
    "cli.os.denied": ("permission denied", "没有权限"),
    "cli.os.is_folder": ("is a folder, not a file", "是文件夹，不是文件"),
}
