"""Editing and saving scenarios: the folder's lock, names, save conflicts, confinement, templates and tables."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The shared folder (planner.editing.workspace).
    "editing.lock_timeout": (
        "another save into {folder} has held the folder for {seconds} s; try again in a moment",
        "另一个保存操作已占用文件夹 {folder} {seconds} 秒；请稍后再试",
    ),
    "editing.cannot_lock": ("cannot lock the folder ({reason})", "无法锁定文件夹（{reason}）"),
    "editing.changed_on_disk": (
        "the file changed on disk since it was opened; nothing was {action}. Reload it, then redo your change",
        "文件在打开后已被修改，{action}。请重新加载，再重做你的修改",
    ),
    "editing.deleted_on_disk": (
        "the file was deleted or renamed since it was opened; nothing was {action}. Reload it, then redo your change",
        "文件在打开后已被删除或改名，{action}。请重新加载，再重做你的修改",
    ),
    "editing.action.written": ("written", "没有写入任何内容"),
    "editing.action.renamed": ("renamed", "没有改名"),
    "editing.action.copied": ("copied", "没有复制"),
    "editing.exists": ("{name} already exists; choose another name", "{name} 已存在；请换一个名称"),
    "editing.store_exists": (
        "a store folder named {name} already exists; choose another name",
        "名为 {name} 的店铺文件夹已存在；请换一个名称",
    ),
    "editing.outside": (
        "{name} would be saved outside {folder}; choose another name",
        "{name} 会被保存到 {folder} 之外；请换一个名称",
    ),
    "editing.outside_folder": (
        "{path} is outside the scenarios folder {root}; a shared app reads only files inside it. Copy the file "
        "into the store's folder and name it relative to the scenario",
        "{path} 不在场景文件夹 {root} 之内；共享的应用只读取该文件夹内的文件。请把文件复制到店铺文件夹中，"
        "并用相对于场景文件的路径指定它",
    ),
    "editing.link_outside": (
        "is a link to a file outside the scenarios folder {root}; the app does not open it",
        "是指向场景文件夹 {root} 之外文件的链接；应用不会打开它",
    ),
    # Names of files and folders (planner.editing.workspace.name_problem).
    "editing.what.name": ("name", "名称"),
    "editing.what.store": ("store", "店铺名称"),
    "editing.name.empty": ("give the {what} a name", "请填写{what}"),
    "editing.name.too_long": (
        "the {what} takes {size} bytes as a file name (a Chinese character takes 3); use at most {limit} bytes, "
        "about {characters} Chinese characters",
        "{what}作为文件名占 {size} 字节（一个汉字占 3 字节）；最多 {limit} 字节，约 {characters} 个汉字",
    ),
    "editing.name.slash": ("a {what} may not contain / or \\", "{what}不能包含 / 或 \\"),
    "editing.name.control": ("a {what} may not contain control characters", "{what}不能包含控制字符"),
    "editing.name.dots": ("a {what} may not start with '.' or contain '..'", "{what}不能以「.」开头，也不能包含「..」"),
    "editing.name.characters": (
        "a {what} may use only letters, digits, spaces, _, - and .",
        "{what}只能使用字母、数字、空格、_、- 和 .",
    ),
    "editing.name.reserved": (
        "'{name}' is a reserved device name on {system}; choose another {what}",
        "「{name}」是 {system} 的保留设备名；请换一个{what}",
    ),
    # Saving (planner.editing.documents, yaml_edits).
    "editing.unfaithful": (
        "could not write this change faithfully; nothing was written",
        "无法如实写入这项修改；没有写入任何内容",
    ),
    "editing.cannot_combine": (
        "your edits and the changes on disk cannot be combined ({reason}); reload, or save as a new file",
        "你的修改与磁盘上的改动无法合并（{reason}）；请重新加载，或另存为新文件",
    ),
    "editing.multiline": (
        "could not change the file in place (a value spans several lines); edit it by hand",
        "无法直接修改文件（有一个值跨了多行）；请手动编辑",
    ),
    # New scenarios (planner.editing.templates).
    "editing.currency": (
        "'{currency}' is not a currency code; use its three letters, e.g. {examples}",
        "「{currency}」不是币种代码；请填写 3 个字母，例如 {examples}",
    ),
    "editing.no_channels": ("give at least one channel", "请至少填写一个渠道"),
    "editing.copy_name": ("give the copy a name", "请为副本命名"),
    # Edited tables (planner.editing.tables).
    "editing.row.channel": ("channel {number} ({name})", "第 {number} 个渠道（{name}）"),
    "editing.row.rule": ("rule {number} ({name})", "第 {number} 条规则（{name}）"),
    "editing.row.unnamed": ("unnamed", "未命名"),
    "editing.row.scenario": ("scenario", "场景"),
    "editing.row.whole": ("row", "整行"),
    "editing.row_problem": ("{row}: {field}: {message}", "{row}：{field}：{message}"),
    "editing.field_problem": ("{field}: {message}", "{field}：{message}"),
    "editing.required": ("is required", "必填"),
    "editing.share_above_one": ("must be at most 1 (100%)", "不能大于 1（100%）"),
    "editing.not_for_kind": ("does not apply to this kind of rule", "不适用于这类规则"),
}
