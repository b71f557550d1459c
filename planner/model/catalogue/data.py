"""Reading files: size, kind and encoding guards, YAML syntax, the history table and imported curve tables."""

MESSAGES: dict[str, tuple[str, str]] = {
    # What a file is, in messages about it.
    "noun.scenario_file": ("a scenario file", "场景文件"),
    "noun.history_file": ("a history file", "历史数据文件"),
    "noun.history_file_named": ("history file {file}", "历史数据文件 {file}"),
    "noun.curve_table": ("a curve table", "曲线表"),
    "noun.history_table": ("a history table", "历史数据表"),
    "noun.spreadsheet": ("a spreadsheet", "电子表格"),
    # Guards before a byte is read (planner.data.reading).
    "data.not_found": ("{what} not found; {hint}", "找不到{what}；{hint}"),
    "data.hint.check_path": ("check the path", "请检查路径"),
    "data.hint.history_path": (
        "check {key} (relative to the scenario file's folder)",
        "请检查 {key}（相对于场景文件所在的文件夹）",
    ),
    "data.cannot_open": ("{what} cannot be opened: {reason}", "无法打开{what}：{reason}"),
    "data.cannot_read": ("{what} cannot be read ({reason})", "无法读取{what}（{reason}）"),
    "data.os.loop": ("a symbolic link that points to itself (a loop)", "符号链接指向了自身（循环）"),
    "data.os.permission": ("permission denied", "没有访问权限"),
    "data.os.name_too_long": ("the path is too long", "路径太长"),
    "data.os.not_a_folder": ("a part of the path is not a folder", "路径中有一部分不是文件夹"),
    "data.not_a_file": ("is {kind}, not a file; {advice} ({what})", "是{kind}，不是文件；{advice}（{what}）"),
    "data.kind.folder": ("a folder", "文件夹"),
    "data.kind.fifo": ("a named pipe (FIFO)", "命名管道"),
    "data.kind.device": ("a device", "设备"),
    "data.kind.socket": ("a socket", "套接字"),
    "data.kind.other": ("not a regular file", "非普通文件"),
    "data.advice.name_file": ("name a file", "请指定一个文件"),
    "data.advice.save_ordinary": (
        "save the data to an ordinary file and name that",
        "请把数据保存为普通文件，再指定该文件",
    ),
    "data.too_big": (
        "is {size} MB, more than the {limit} MB allowed for {what}; is it the right file? If so, shorten it "
        "(e.g. fewer dates, or weekly instead of daily rows)",
        "大小为 {size} MB，超过了{what}允许的 {limit} MB；请确认文件是否正确。如果正确，请缩短它"
        "（例如减少日期，或把按天的行改为按周）",
    ),
    "data.upload_too_big": (
        "the file is larger than {limit} MB; split it by date",
        "文件大于 {limit} MB；请按日期拆分",
    ),
    # Encodings (planner.data.reading.decode_text).
    "data.save_as_utf8": (
        "save it as UTF-8 (in Excel: Save As → 'CSV UTF-8'; in an editor: encoding UTF-8)",
        "请另存为 UTF-8 编码（Excel：另存为 →「CSV UTF-8」；文本编辑器：编码选 UTF-8）",
    ),
    "data.marked_encoding": (
        "this file is {name} text (it starts with a {name} mark); {save}",
        "此文件是 {name} 编码的文本（以 {name} 标记开头）；{save}",
    ),
    "data.zip": (
        "is a zip file, probably an Excel workbook (.xlsx); export it as CSV UTF-8 (or save the YAML as text)",
        "是压缩文件，可能是 Excel 工作簿（.xlsx）；请导出为 CSV UTF-8（或把 YAML 保存为纯文本）",
    ),
    "data.nul": (
        "contains a NUL byte (code 0), so it is not a text file; check that this is the right file",
        "含有空字节（编码 0），不是文本文件；请确认文件是否正确",
    ),
    "data.not_utf8": (
        "not UTF-8 text: byte {byte} cannot be read; {looks}{save}",
        "不是 UTF-8 文本：无法读取字节 {byte}；{looks}{save}",
    ),
    "data.looks_like": ("this file looks like {guess}; ", "此文件看起来是 {guess} 编码；"),
    "data.encoding.utf16": ("UTF-16 (without its byte-order mark)", "UTF-16（没有字节顺序标记）"),
    "data.encoding.japanese": ("{name} (Japanese)", "{name}（日文）"),
    "data.encoding.chinese": ("{name} (Chinese)", "{name}（中文）"),
    "data.encoding.korean": ("{name} (Korean)", "{name}（韩文）"),
    "data.encoding.western": ("{name} (Western European)", "{name}（西欧语言）"),
    "data.utf16_unmarked": (
        "this file looks like UTF-16 text (every other byte is zero); {save}",
        "此文件看起来是 UTF-16 文本（每隔一个字节就是零）；{save}",
    ),
    # Values read from a file (planner.data.reading).
    "data.number.too_large": (
        "is too large: numbers may be at most {limit} in size; check the number",
        "太大：数字的绝对值最多为 {limit}；请检查这个数字",
    ),
    "data.number.too_large_value": (
        "{value} is too large: numbers may be at most {limit} in size; check the number",
        "{value} 太大：数字的绝对值最多为 {limit}；请检查这个数字",
    ),
    "data.number.nan": ("is not a number (nan); write a number", "不是数字（非数值）；请填写数字"),
    "data.number.infinite": (
        "is infinite; write a finite number (leave the key out for no limit)",
        "是无穷大；请填写有限的数字（如不设限制，请删除这个键）",
    ),
    "data.control_character": (
        "contains the control character {code} ({name}) in {text}; remove it (it is invisible, or changes how a "
        "terminal shows text)",
        "{text} 中含有控制字符 {code}（{name}）；请删除它（它不可见，或会改变终端显示文字的方式）",
    ),
    "data.char.control": ("control", "控制字符"),
    "data.char.direction": ("a text-direction mark", "文字方向控制符"),
    # YAML (planner.data.io.read_yaml and the value checks in planner.data.reading).
    "data.yaml.too_deep": (
        "is nested more than {limit} levels deep; a scenario needs at most 6",
        "嵌套超过 {limit} 层；场景最多只需要 6 层",
    ),
    "data.yaml.too_deep_to_read": (
        "is nested too deeply to read (more than {limit} levels); a scenario needs at most 6",
        "嵌套太深，无法读取（超过 {limit} 层）；场景最多只需要 6 层",
    ),
    "data.yaml.aliases": (
        "expands to more than {limit} values (through aliases {alias}); write it out plainly",
        "通过别名（{alias}）展开后超过 {limit} 个值；请直接写出",
    ),
    "data.yaml.tag": (
        "has the YAML tag {tag}; remove it (scenario values are plain text, numbers and lists)",
        "带有 YAML 标签 {tag}；请删除它（场景中的值只能是纯文本、数字和列表）",
    ),
    "data.yaml.special_mapping": (
        "is a YAML {kind}; write a plain mapping (key: value)",
        "是 YAML 的 {kind} 类型；请写成普通映射（键: 值）",
    ),
    "data.yaml.binary": (
        "is binary data; write plain text, a number or a list (YAML tags such as {example} are not accepted)",
        "是二进制数据；请填写纯文本、数字或列表（不接受 {example} 这样的 YAML 标签）",
    ),
    "data.yaml.special_value": (
        "is a YAML {kind}; write plain text, a number or a list (YAML tags such as {example} are not accepted)",
        "是 YAML 的 {kind} 类型；请填写纯文本、数字或列表（不接受 {example} 这样的 YAML 标签）",
    ),
    "data.yaml.key_not_plain": (
        "a key must be a plain name, not a list, mapping or date; write it as text",
        "键必须是简单的名称，不能是列表、映射或日期；请写成文本",
    ),
    "data.yaml.invalid": ("not valid YAML: {detail}", "YAML 格式有误：{detail}"),
    "data.yaml.colon": (
        "a colon (:) is not allowed here; check this line's indentation, or put quotes around a value that "
        "contains ': '",
        "此处不能出现冒号（:）；请检查这一行的缩进，或给含有「: 」的值加上引号",
    ),
    "data.yaml.tab": (
        "a tab character is used for indentation; indent with spaces",
        "使用了制表符缩进；请改用空格缩进",
    ),
    "data.yaml.end_of_file": (
        "the file ends inside an open quote or bracket; close it",
        "文件在未闭合的引号或括号中结束；请补上闭合符号",
    ),
    "data.yaml.duplicate_key": (
        "the key {key} appears twice in the same place; keep one",
        "键 {key} 在同一处出现了两次；请只保留一个",
    ),
    "data.yaml.indentation": (
        "the indentation does not line up; keys of the same level must start in the same column",
        "缩进没有对齐；同一层级的键必须从同一列开始",
    ),
    "data.yaml.unclosed_list": ("a list opened with [ is not closed with ]", "以 [ 开始的列表没有用 ] 闭合"),
    "data.yaml.unclosed_mapping": ("a mapping opened with {{ is not closed with }}", "以 {{ 开始的映射没有用 }} 闭合"),
    "data.yaml.missing_colon": (
        "a key without its colon (:); write key: value",
        "键后面缺少冒号（:）；请写成「键: 值」",
    ),
    "data.yaml.undefined_alias": (
        "uses an alias (*name) that is not defined before it",
        "使用了前面没有定义的别名（*名称）",
    ),
    "data.yaml.bad_character": (
        "a character that cannot start a value here ({character}); put the value in quotes",
        "此处的值不能以这个字符开头（{character}）；请给值加上引号",
    ),
    "data.yaml.bad_escape": (
        "a backslash escape in double quotes is not valid; use single quotes or write \\\\",
        "双引号中的反斜杠转义无效；请改用单引号，或写成 \\\\",
    ),
    "data.is_table": (
        "is {what}, not a scenario; name the scenario's .yaml file",
        "是{what}，不是场景文件；请指定场景的 .yaml 文件",
    ),
    "data.not_mapping": (
        "a scenario file must be a mapping of keys ({keys}, …)",
        "场景文件必须是键值映射（{keys}……）",
    ),
    "data.bad_date": ("{value} is not a date ({reason})", "{value} 不是有效的日期（{reason}）"),
    "data.date.month": ("month must be in 1..12", "月份必须在 1 到 12 之间"),
    "data.date.day": ("day is out of range for month", "日期超出了该月的天数"),
    "data.date.year": ("year is out of range", "年份超出范围"),
    # CSV tables (planner.data.csv_tables).
    "data.csv.empty": (
        "the file is empty; the first line must be the header (column names)",
        "文件是空的；第一行必须是表头（列名）",
    ),
    "data.csv.no_header": ("no header line; the first line must name the columns", "没有表头；第一行必须写出列名"),
    "data.csv.fields": (
        "line {line} has {saw} fields, the header has {expected}; put quotes around a value that contains a "
        "comma, or remove the extra commas",
        "第 {line} 行有 {saw} 个字段，表头有 {expected} 个；请给含逗号的值加上引号，或删除多余的逗号",
    ),
    "data.csv.fields_differ": (
        "the rows do not have as many fields as the header",
        "各行的字段数与表头不一致",
    ),
    "data.csv.open_quote": (
        'a quote (") is opened and never closed; close it or remove it',
        '引号（"）开始后没有闭合；请补上或删除它',
    ),
    "data.csv.malformed": (
        "the file cannot be split into rows and columns (a stray quote, or not a text table); check line {line}",
        "无法把文件拆分成行和列（可能有多余的引号，或它不是文本表格）；请检查第 {line} 行",
    ),
    "data.csv.unreadable": ("not a readable CSV ({reason})", "无法按 CSV 读取（{reason}）"),
    "data.csv.not_number": ("{value} is not a number", "{value} 不是数字"),
    "data.csv.infinite": ("{value} is infinite; write the real amount", "{value} 是无穷大；请填写实际数值"),
    "data.csv.negative": (
        "{value} is negative; amounts and counts are zero or more",
        "{value} 是负数；金额和数量必须大于或等于零",
    ),
    "data.csv.too_large": (
        "{value} is too large (at most {limit}); check the number and its unit",
        "{value} 太大（最多为 {limit}）；请检查数字和单位",
    ),
    "data.csv.not_whole": (
        "{value} is not a whole number; live sessions are counted whole (leave the cell empty where none were recorded)",
        "{value} 不是整数；直播场次按整场计（没有记录的留空即可）",
    ),
    "data.csv.empty_channel": ("empty channel name", "渠道名称为空"),
    "data.csv.not_date": (
        "{value} is not a date (use YYYY-MM-DD)",
        "{value} 不是日期（请按「年-月-日」填写，例如 2026-01-05）",
    ),
    "data.csv.odd_year": (
        "{value} is outside the years {first}–{last}; check the date",
        "{value} 不在 {first}–{last} 年之间；请检查日期",
    ),
    "data.csv.duplicate": (
        "{channel} on {day} appears more than once (lines {lines}); merge them into one row",
        "{channel} 在 {day} 出现了不止一次（第 {lines} 行）；请合并为一行",
    ),
    "data.history.missing_columns": (
        "missing column(s) {missing}; the header must have {required}",
        "缺少列 {missing}；表头必须包含 {required}",
    ),
    "data.history.no_rows": ("the history has no rows", "历史数据没有任何行"),
    "data.history.window_empty": (
        "no rows between {start} and {end}; the history covers {first} to {last}",
        "{start} 至 {end} 之间没有数据；历史数据的范围是 {first} 至 {last}",
    ),
    "data.history.the_start": ("the start", "开头"),
    "data.history.the_end": ("the end", "结尾"),
    "data.history.unused_channel": (
        "history channel '{name}' ({rows} rows, spend {spend}) matches no scenario channel and is not used",
        "历史数据中的渠道「{name}」（{rows} 行，花费 {spend}）与场景中的任何渠道都不对应，未被使用",
    ),
    "data.curve.missing_columns": (
        "missing column(s) {missing}; a curve table has columns {columns}",
        "缺少列 {missing}；曲线表的列为 {columns}",
    ),
    "data.curve.extra_columns": (
        "unexpected column(s) {extra}; a curve table has columns {columns}",
        "多余的列 {extra}；曲线表的列为 {columns}",
    ),
    "data.curve.no_rows": ("the curve table has no rows under its header", "曲线表在表头之下没有数据行"),
    "data.curve.zero_spend": (
        "conversions at zero spend must be 0 (a curve gives what spend adds); subtract the baseline",
        "花费为零时转化必须为 0（曲线表示花费带来的增量）；请减去基线",
    ),
    "data.curve.spend_order": (
        "spend must be greater than on the line before (rows in spend order)",
        "花费必须大于上一行（各行按花费从小到大排列）",
    ),
    "data.curve.falls": (
        "conversions fall below the line before; a response never falls",
        "转化低于上一行；响应曲线不会下降",
    ),
    "data.curve.unreadable": ("the curve table cannot be used: {reason}", "曲线表无法使用：{reason}"),
    # planner.data.imports: an export with revenue but no order count.
    "data.import.no_orders": (
        "no column for conversions (orders): written as 0; the planner fits these channels on revenue, so plan "
        "revenue, profit or ROAS, or give {key}",
        "没有转化（订单数）列：按 0 写入；规划时这些渠道按销售额拟合，请规划销售额、利润或投入产出比 (ROAS)，"
        "或给出 {key}",
    ),
}
