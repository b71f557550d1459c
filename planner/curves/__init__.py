"""Curves: fitting response curves to history and turning them into LP segments and bounds.

Pure computation on data already loaded.
"""
