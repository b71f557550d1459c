"""Warnings and notes from fitting response curves."""

MESSAGES: dict[str, tuple[str, str]] = {}
