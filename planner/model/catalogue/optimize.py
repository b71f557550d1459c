"""Conflicting rules, what to relax, numerical and solver trouble."""

MESSAGES: dict[str, tuple[str, str]] = {}
