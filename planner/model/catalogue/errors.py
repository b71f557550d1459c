"""Problems in a scenario file or object: validation of every field and rule, located by file, field and line."""

MESSAGES: dict[str, tuple[str, str]] = {
    "problems_more": (
        "… and {count} more problems like these; fix the ones above and run again",
        "……还有 {count} 个类似问题；请先修正以上问题再运行",
    ),
}
