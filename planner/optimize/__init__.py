"""Optimize: the LP (the only PuLP), the solver (the only highspy), plan assembly, frontier and conflict diagnosis."""
