"""Editing: comment-preserving saves, locked file actions in a shared folder, tables for the editors."""
