"""Importing platform exports: what was detected, what was dropped, and what is wrong where."""

MESSAGES: dict[str, tuple[str, str]] = {
    "noun.export": ("an export", "导出文件"),
    "noun.mapping_file": ("a mapping file", "映射文件"),
    # A file that cannot be read at all.
    "imports.undecodable": (
        "byte {byte} cannot be read as {encoding} text; set encoding in the mapping file ({known})",
        "字节 {byte} 无法按 {encoding} 读取；请在映射文件中设置编码（{known}）",
    ),
    "imports.unknown_encoding": (
        "the encoding {encoding} is unknown; use one of {known}",
        "未知编码 {encoding}；请使用以下之一：{known}",
    ),
    "imports.no_header": (
        "no header line with a date column and a spend column in the first {lines} lines; "
        "name the columns in a mapping file ({command})",
        "前 {lines} 行中没有同时含日期列和花费列的表头；请在映射文件中指定列名（{command}）",
    ),
    "imports.field_count": (
        "this line has {saw} fields, the header has {expected}; put quotes around a value that contains the delimiter",
        "此行有 {saw} 个字段，表头有 {expected} 个；含分隔符的值请加引号",
    ),
    "imports.unreadable": ("not a readable table ({reason})", "无法读取为表格（{reason}）"),
    "imports.old_excel": (
        "is an old Excel workbook (.xls); save it as .xlsx or as CSV and import that",
        "这是旧版 Excel 工作簿；请另存为 xlsx 或 CSV 后再导入",
    ),
    "imports.empty_file": ("the file is empty", "文件为空"),
    "imports.binary": (
        "contains a NUL byte, so it is not a text export; check that this is the right file",
        "含有空字节（代码 0），不是文本导出文件；请确认文件是否正确",
    ),
    # Columns.
    "imports.column_missing": (
        "the mapping names the column {header} for {field}, but the file has no such column",
        "映射文件为 {field} 指定了列 {header}，但文件中没有这一列",
    ),
    "imports.field_missing": (
        "no column for {field} (looked for {aliases}…); name it under columns: in a mapping file",
        "找不到 {field} 对应的列（已查找 {aliases}……）；请在映射文件的列设置中指定",
    ),
    # The history's fields as a reader calls them (the English is the mapping file's key).
    "imports.field.date": ("date", "日期"),
    "imports.field.spend": ("spend", "花费"),
    "imports.field.conversions": ("conversions", "转化"),
    "imports.field.revenue": ("revenue", "销售额"),
    "imports.field.clicks": ("clicks", "点击"),
    "imports.field.impressions": ("impressions", "展现"),
    "imports.field.sessions": ("live sessions", "直播场次"),
    "imports.field.campaign": ("campaign", "计划"),
    "imports.field.channel": ("channel", "渠道"),
    "imports.field.roas": ("roas", "投入产出比 (ROAS)"),
    "imports.field.acos": ("acos", "广告花费占销售额比"),
    # Cells, grouped: one message per kind of problem and column.
    "imports.bad_dates": (
        "{count} dates cannot be read (lines {lines}), e.g. {example}; set date_format in the mapping file",
        "{count} 个日期无法读取（第 {lines} 行），例如 {example}；请在映射文件中设置日期格式",
    ),
    "imports.date_ambiguous": (
        "dates such as {example} can be day/month or month/day; set date_format in the mapping file (%d/%m/%Y or %m/%d/%Y)",
        "{example} 这样的日期既可能是日/月也可能是月/日；请在映射文件中设置日期格式（%d/%m/%Y 或 %m/%d/%Y）",
    ),
    "imports.odd_years": (
        "{count} dates fall outside the years 1990–2100 (lines {lines}); check them",
        "{count} 个日期不在 1990–2100 年之间（第 {lines} 行）；请检查",
    ),
    "imports.bad_numbers": (
        "{count} cells are not numbers (lines {lines}), e.g. {example}; write plain amounts (¥, commas and % are fine)",
        "{count} 个单元格不是数字（第 {lines} 行），例如 {example}；请填写金额或数量（可带 ¥、千位逗号和 %）",
    ),
    "imports.negative_numbers": (
        "{count} amounts are negative (lines {lines}); amounts and counts are zero or more",
        "{count} 个数值为负数（第 {lines} 行）；金额和数量应大于或等于零",
    ),
    "imports.not_whole": (
        "{count} session counts are not whole numbers (lines {lines}); live sessions are counted whole",
        "{count} 个直播场次不是整数（第 {lines} 行）；直播场次按整场计",
    ),
    "imports.odd_channel": (
        "{count} rows have a channel name that {example} (lines {lines})",
        "{count} 行的渠道名称有问题：{example}（第 {lines} 行）",
    ),
    "imports.control_character": (
        "contains the invisible control character {code}; remove it",
        "含有不可见的控制字符 {code}，请删除",
    ),
    "imports.empty_channel": (
        "{count} rows have no channel name (lines {lines})",
        "{count} 行没有渠道名称（第 {lines} 行）",
    ),
    # Notes: the import went on, the user should know.
    "imports.revenue_derived": (
        "no revenue column: revenue computed from spend and {column}",
        "没有成交金额列：成交金额由花费和 {column} 算出",
    ),
    "imports.channel_from_file_name": (
        "the platform is not recognised: the channel is named {channel} after the file; set channel in the mapping file",
        "未识别出平台：渠道按文件名命名为 {channel}；可在映射文件中设置渠道名称",
    ),
    "imports.partial_week": (
        "{channel}: the week of {week} has only {days} of 7 days in the exports (kept; a partial week reads low)",
        "{channel}：{week} 这一周的导出数据只有 7 天中的 {days} 天（已保留；不完整的周数值偏低）",
    ),
    "imports.partial_week_dropped": (
        "{channel}: the week of {week} has only {days} of 7 days in the exports and was left out",
        "{channel}：{week} 这一周的导出数据只有 7 天中的 {days} 天，已略去",
    ),
    "imports.column_left_out": (
        "{field} left out of the history: not every file has it",
        "历史数据未包含 {field}：并非每个文件都有这一列",
    ),
    "imports.days_in_two_files": (
        "{channel}: {days} days (from {first}) appear in more than one file ({files}) and were added up; "
        "if it is the same export twice, import it once",
        "{channel}：有 {days} 天（自 {first} 起）出现在多个文件中（{files}），已相加；若是同一份导出重复了，请只导入一次",
    ),
    # The mapping file.
    "imports.mapping_unreadable": (
        "the mapping file is not readable YAML ({reason})",
        "映射文件不是有效的 YAML（{reason}）",
    ),
    "imports.did_you_mean": (" (did you mean {name}?)", "（是否应为 {name}？）"),
    "imports.mapping_unknown_key": ("unknown key {key}{hint}", "未知的键 {key}{hint}"),
    "imports.mapping_unknown_field": (
        "unknown field {key}{hint}; columns: names {fields}",
        "未知字段 {key}{hint}；可用的字段：{fields}",
    ),
    "imports.mapping_bad_encoding": (
        "unknown encoding {encoding}; use one of {known}",
        "未知编码 {encoding}；请使用以下之一：{known}",
    ),
    "imports.mapping_bad_value": ("{reason}", "取值无效：{reason}"),
    # What was detected, for the command line and the app.
    "imports.delimiter.comma": ("comma-separated", "逗号分隔"),
    "imports.delimiter.tab": ("tab-separated", "制表符分隔"),
    "imports.delimiter.semicolon": ("semicolon-separated", "分号分隔"),
    "imports.summary.encoding_delimiter": ("{encoding}, {delimiter}", "{encoding}，{delimiter}"),
    "imports.channel_source.mapping": ("from the mapping", "来自映射文件"),
    "imports.channel_source.column": ("from a column", "来自数据列"),
    "imports.channel_source.platform": ("from the platform", "按平台识别"),
    "imports.channel_source.file_name": ("from the file name", "来自文件名"),
    "imports.summary.file": (
        "{file}: {encoding}; platform {platform}; channel {channels} ({source}); dates {date_format}; "
        "{rows} rows from {first} to {last}",
        "{file}：{encoding}；平台 {platform}；渠道 {channels}（{source}）；日期格式 {date_format}；"
        "{rows} 行，{first} 至 {last}",
    ),
    "imports.summary.dropped": ("  {parts}", "  {parts}"),
    "imports.summary.total_rows": ("total rows dropped: {count}", "略去合计行 {count} 行"),
    "imports.summary.blank_rows": ("blank rows dropped: {count}", "略去空行 {count} 行"),
    "imports.summary.empty_cells": (
        "empty or '-' number cells read as 0: {count}",
        "{count} 个空白或“-”数值单元格按 0 计",
    ),
    "imports.summary.file_failed": (
        "{file}: not imported ({count} problems, listed below)",
        "{file}：未导入（{count} 个问题，见下文）",
    ),
    "imports.summary.history": (
        "history: {rows} rows, {weeks} weeks labelled by their Monday ({first} to {last}), channels {channels}",
        "历史数据：{rows} 行，{weeks} 周，每周以周一的日期标记（{first} 至 {last}），渠道：{channels}",
    ),
    "imports.cli.written": ("wrote {path}", "已写入 {path}"),
    "imports.cli.mapping_written": (
        "wrote the mapping to {path}: check it, edit it, and pass it with {option} next time",
        "已将映射写入 {path}：请检查并按需修改，下次用 {option} 传入",
    ),
    "imports.cli.nothing": (
        "no file could be imported; nothing was written",
        "没有可导入的文件；未写入任何内容",
    ),
    "imports.cli.all_weeks_dropped": (
        "every week the exports cover was partial and left out ({option}); nothing was written",
        "导出数据覆盖的每一周都不完整，均已略去（{option}）；未写入任何内容",
    ),
    "imports.cli.some_failed": (
        "{count} of {total} files were not imported; the history holds the others",
        "{total} 个文件中有 {count} 个未导入；历史数据只包含其余文件",
    ),
}
