"""The app's import step: upload platform exports, preview, map columns, write the history CSV."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.import.tab": ("Import", "导入"),
    "app.import.intro": (
        "Turn the reports the ad platforms export (直通车, 万相台, 京东快车, 多多搜索, 巨量千川, Google Ads, Meta, "
        "Amazon, or any table with dates and spend) into the history CSV a scenario reads. The files stay in a "
        "temporary folder of this session until you write the history.",
        "把各广告平台导出的报表（直通车、万相台、京东快车、多多搜索、巨量千川等，或任何含日期和花费的表格）"
        "转换成场景读取的历史数据 CSV。写入历史数据之前，文件只保存在本次会话的临时文件夹中。",
    ),
    "app.import.upload": (
        "Platform exports (CSV, TXT, TSV or xlsx; one or many)",
        "平台导出文件（CSV、文本文件或 xlsx 工作簿，可多选）",
    ),
    "app.import.mapping_upload": (
        "Mapping file (optional: import.yaml from an earlier import or `planner import --write-mapping`)",
        "映射文件（可选：之前导入时下载的映射文件，或命令行写出的映射文件）",
    ),
    "app.import.mapping_used": (
        "Reading the exports with {file} (entries: {count}).",
        "已按 {file} 读取导出文件（设置条数：{count}）。",
    ),
    "app.import.drop_partial": (
        "Leave out a first or last week the exports cover only in part",
        "略去导出数据只覆盖部分天数的首周或末周",
    ),
    "app.import.reset_mapping": ("Guess every column again", "重新自动识别所有列"),
    "app.import.nothing_yet": (
        "Upload one or more exports to see what is recognised in them.",
        "请上传一个或多个导出文件，查看识别结果。",
    ),
    "app.import.recognised": ("What was recognised", "识别结果"),
    "app.import.col.file": ("File", "文件"),
    "app.import.col.status": ("Status", "状态"),
    "app.import.col.encoding": ("Encoding", "编码"),
    "app.import.col.delimiter": ("Delimiter", "分隔符"),
    "app.import.col.platform": ("Platform", "平台"),
    "app.import.col.channel": ("Channel", "渠道"),
    "app.import.col.date_format": ("Dates", "日期格式"),
    "app.import.col.rows": ("Rows read", "读取行数"),
    "app.import.col.dropped": ("Dropped or read as 0", "略去或按 0 计"),
    "app.import.col.days": ("Days", "日期范围"),
    "app.import.col.weeks": ("Weeks", "周数"),
    "app.import.col.first_week": ("First week", "首周"),
    "app.import.col.last_week": ("Last week", "末周"),
    "app.import.col.week": ("Week (Monday)", "周（周一）"),
    "app.import.col.clicks": ("Clicks", "点击"),
    "app.import.col.impressions": ("Impressions", "展现"),
    "app.import.status.imported": ("imported", "已导入"),
    "app.import.status.failed": ("not imported", "未导入"),
    "app.import.platform_unknown": ("not recognised", "未识别"),
    "app.import.excel_serial": ("Excel serial number", "Excel 日期序号"),
    "app.import.file_failed": (
        "{file} was not imported ({count} problems):",
        "{file} 未导入（{count} 个问题）：",
    ),
    "app.import.all_imported": ("Every file was imported ({count}).", "全部文件均已导入（{count} 个）。"),
    "app.import.some_failed": (
        "{count} of {total} files were not imported (listed above); the history holds the others.",
        "{total} 个文件中有 {count} 个未导入（见上）；历史数据只包含其余文件。",
    ),
    "app.import.all_weeks_dropped": (
        "Every week the exports cover was partial and left out, so there is no history to write.",
        "导出数据覆盖的每一周都不完整，均已略去，因此没有可写入的历史数据。",
    ),
    "app.import.nothing_read": (
        "No file could be imported, so there is no history to write.",
        "没有可导入的文件，因此没有可写入的历史数据。",
    ),
    "app.import.notes": ("Worth knowing:", "请注意："),
    "app.import.history": ("Weekly history", "每周历史数据"),
    "app.import.history_summary": (
        "{rows} rows, {weeks} weeks labelled by their Monday, from {first} to {last}. Per channel:",
        "共 {rows} 行，{weeks} 周，每周以周一的日期标记，自 {first} 至 {last}。各渠道合计：",
    ),
    "app.import.first_rows": ("The first {count} of {rows} rows:", "前 {count} 行（共 {rows} 行）："),
    "app.import.scenario_missing": (
        "The scenario “{scenario}” has channels this history has no rows for: {channels}. Rename the channel below to the "
        "name the scenario uses, or they plan without history.",
        "场景“{scenario}”中的这些渠道在此历史数据中没有数据：{channels}。请在下方把渠道名称改为场景使用的名称，"
        "否则这些渠道将没有历史数据可用。",
    ),
    "app.import.scenario_unread": (
        "The scenario “{scenario}” reads no channel named {channels}: those rows are written but not used by it.",
        "场景“{scenario}”中没有名为 {channels} 的渠道：这些行会写入，但该场景不会使用。",
    ),
    "app.import.mapping": ("Column mapping", "列映射"),
    "app.import.mapping_help": (
        "The column read for each field, per file. Change one and the exports are read again. Download the "
        "mapping to read next month's exports the same way (here or with `planner import --mapping`).",
        "每个文件中各字段读取的列。修改后会重新读取导出文件。下载映射文件，下个月的导出文件即可按同样方式读取"
        "（在此上传，或在命令行中使用）。",
    ),
    "app.import.mapping_of": ("How {file} is read", "{file} 的读取方式"),
    "app.import.applies_to": (
        "This applies to every file named like {pattern}.",
        "此设置适用于所有名称形如 {pattern} 的文件。",
    ),
    "app.import.no_headers": (
        "No header line was found in this file, so its columns cannot be listed. Upload a mapping file that "
        "names its header line and columns.",
        "此文件中没有找到表头行，因此无法列出它的列。请上传指定表头行和列名的映射文件。",
    ),
    "app.import.no_column": ("(none)", "（无）"),
    "app.import.channel_name": ("Channel name in the history", "历史数据中的渠道名称"),
    "app.import.channel_name_placeholder": (
        "from the channel column, the platform or the file name",
        "取自渠道列、平台或文件名",
    ),
    "app.import.date_format": ("Date format", "日期格式"),
    "app.import.detect_dates": ("recognise from the dates", "根据日期自动识别"),
    "app.import.download_mapping": ("Download the mapping (YAML)", "下载映射文件（YAML）"),
    "app.import.confirm": ("Write the history", "写入历史数据"),
    "app.import.target_folder": ("Folder", "文件夹"),
    "app.import.top_folder": ("(the scenarios folder)", "（场景文件夹）"),
    "app.import.target_name": ("File name", "文件名"),
    "app.import.will_create": ("{path} will be created.", "将新建 {path}。"),
    "app.import.will_replace": (
        "{path} exists and will be replaced by this history.",
        "{path} 已存在，将被此历史数据替换。",
    ),
    "app.import.up_to_date": ("{path} holds this history.", "{path} 已是此历史数据。"),
    "app.import.not_this_scenario": (
        "The scenario “{scenario}” does not read this file; its plan is unchanged.",
        "场景“{scenario}”不读取此文件，其方案不受影响。",
    ),
    "app.import.merge": (
        "Keep the rest of the existing file (the import's channels and weeks replace those rows; other rows stay)",
        "保留现有文件的其余内容（导入数据所含渠道和周替换对应行，其余行保留）",
    ),
    "app.import.merge_counts": (
        "{total} rows will be written: {rows} imported, {kept} kept from the existing file.",
        "将写入 {total} 行：导入 {rows} 行，保留现有文件中的 {kept} 行。",
    ),
    "app.import.merge_unreadable": (
        "{path} cannot be read as a history, so it would be replaced whole:",
        "{path} 无法读取为历史数据，因此将被整体替换：",
    ),
    "app.import.write": ("Write the history", "写入历史数据"),
    "app.import.download_history": ("Download the history CSV", "下载历史数据 CSV"),
    "app.import.written": (
        "Wrote {path}: {rows} rows, {weeks} weeks, channels {channels}.",
        "已写入 {path}：{rows} 行，{weeks} 周，渠道：{channels}。",
    ),
    "app.import.replanned": ("The plan now uses it.", "方案已按新的历史数据重新计算。"),
    "app.import.changed_since_shown": (
        "{path} changed on disk since this page showed it; nothing was written. Check it, then write again to "
        "replace it.",
        "{path} 在本页显示后已在磁盘上被修改，没有写入任何内容。请检查后再次写入以替换它。",
    ),
    "app.import.cannot_write": ("cannot write {path} ({reason})", "无法写入 {path}（{reason}）"),
}
