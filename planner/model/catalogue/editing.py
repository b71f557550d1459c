"""Saving, renaming and creating scenario files: locks, names, the folder they are confined to."""

MESSAGES: dict[str, tuple[str, str]] = {}
