"""Data: file formats (YAML, CSV, Excel, JSON), reading guards, the store's history and demo data.

Everything read from or written to disk goes through here; nothing here knows about results.
"""
