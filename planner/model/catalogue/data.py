"""Problems reading history, curve tables and other input files, and warnings about their contents."""

MESSAGES: dict[str, tuple[str, str]] = {}
