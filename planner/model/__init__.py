"""Model: the scenario (pydantic, frozen), the plan as plain data, errors, and the shared words and numbers.

Imports nothing above it.
"""
