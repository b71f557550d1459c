"""Many scenarios at once (`planner batch`): the table of overrides, the executors, the progress and the summary."""

MESSAGES: dict[str, tuple[str, str]] = {
    "batch.noun.overrides": ("a table of overrides", "覆盖参数表"),
    "batch.no_files": ("no scenario files found (looked for {patterns})", "未找到场景文件（查找了 {patterns}）"),
    "batch.blank_column": (
        "column {number} has no name in the header; name it ({examples}) or delete it",
        "表头第 {number} 列没有列名；请命名（{examples}）或删除该列",
    ),
    "batch.no_override_rows": (
        "the table of overrides has a header but no rows; add one row per case",
        "覆盖参数表只有表头没有数据行；请每个案例写一行",
    ),
    "batch.noun.line": ("line {number}", "第 {number} 行"),
    "batch.noun.row": ("row {number}", "第 {number} 行"),
    "batch.duplicate_case": (
        "the case name {case} is used twice ({first} and {second}); give each row its own name in column {column}",
        "案例名称 {case} 用了两次（{first}与{second}）；请在 {column} 列为每一行取不同的名称",
    ),
    "batch.duplicate_file": (
        "the scenario file is named twice ({first} and {second}); name each file once, or its cases would share "
        "their names in the results",
        "该场景文件被指定了两次（{first} 与 {second}）；每个文件只需指定一次，否则结果中的案例名称会重复",
    ),
    "batch.not_amount": (
        "{value} is not a budget amount; write e.g. 2500000, ¥2,500,000, 2.5m or 250万",
        "{value} 不是预算金额；请写成 2500000、¥2,500,000、2.5m 或 250万",
    ),
    "batch.unknown_channel": (
        "the scenario has no channel {name}; its channels are {known}",
        "场景中没有渠道 {name}；现有渠道：{known}",
    ),
    "batch.unknown_rule": (
        "the scenario has no rule named {name}; its rules are {known}",
        "场景中没有名为 {name} 的规则；现有规则：{known}",
    ),
    "batch.no_budget": (
        "the scenario has no {column} to change; give the column {column} an amount instead",
        "场景没有可修改的 {column}；请改为在 {column} 列填写金额",
    ),
    "batch.unknown_column": (
        "{column} is not a field of the scenario; columns name a path such as {examples}",
        "{column} 不是场景中的字段；列名应为路径，例如 {examples}",
    ),
    "batch.worker_lost": (
        "the worker solving this case stopped ({reason}); run the batch again to retry it",
        "求解该案例的工作进程已停止（{reason}）；请重新运行批处理以重试",
    ),
    "batch.failed_unknown": ("the case failed without a message", "该案例失败，但没有给出原因"),
    "batch.no_scheduler": (
        "cannot reach the {tool} scheduler at {address} (no answer within {seconds} seconds); is {command} running "
        "there, and is the address right (host and port, such as {example})?",
        "无法连接 {address} 上的 {tool} 调度器（{seconds} 秒内无应答）；请确认该处已运行 {command}，"
        "且地址（主机和端口，例如 {example}）无误",
    ),
    "batch.not_a_scheduler": (
        "what answers at {address} is not a {tool} scheduler; give the scheduler's address (host and port, such as "
        "{example})",
        "{address} 上应答的不是 {tool} 调度器；请给出调度器的地址（主机和端口，例如 {example}）",
    ),
    "batch.two_executors": (
        "give either {executor} or {scheduler}, not both",
        "{executor} 与 {scheduler} 只能给出其一",
    ),
    "batch.unknown_executor": (
        "unknown executor {executor}; use {process}, or a {tool} scheduler's address such as {example}",
        "未知的执行方式 {executor}；请用 {process}，或 {tool} 调度器地址，例如 {example}",
    ),
    "batch.workers": ("{option} must be 1 or more", "{option} 必须至少为 1"),
    "batch.cli.progress": ("solving", "求解中"),
    "batch.cli.unit": (" cases", " 个案例"),
    "batch.cli.summary": (
        "{total} cases: {solved} solved, {skipped} skipped (already done), {failed} failed",
        "共 {total} 个案例：已求解 {solved} 个，跳过 {skipped} 个（此前已完成），失败 {failed} 个",
    ),
    "batch.cli.written": (
        "results written: {files} (and {format} beside them; {manifest} records what is done)",
        "结果已写入：{files}（同目录另有 {format} 文件；{manifest} 记录已完成的案例）",
    ),
    "batch.output_not_folder": (
        "the output must be a folder (it is a file); give a folder with -o",
        "输出位置必须是文件夹（这里是一个文件）；请用 -o 指定文件夹",
    ),
    "batch.output_foreign": (
        "the folder already holds {files} but no {manifest}: not a batch's output, so nothing is overwritten; "
        "give another folder with -o",
        "该文件夹已有 {files}，但没有 {manifest}：不是批量求解的输出，为免覆盖未写入任何文件；请用 -o 指定其他文件夹",
    ),
    "batch.cli.interrupted": (
        "interrupted: {done} of {total} cases are saved in {folder}; run the same command again to go on",
        "已中断：{total} 个案例中已有 {done} 个保存在 {folder}；再次运行同一命令即可继续",
    ),
}
