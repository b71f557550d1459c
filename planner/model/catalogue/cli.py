"""The command line's own words: help, summaries and outcomes."""

MESSAGES: dict[str, tuple[str, str]] = {}
