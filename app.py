"""Promo Planner in the browser: pick, edit, solve, compare and save scenarios.

Run with `make app`, or `streamlit run app.py -- --scenarios DIR` (or set PROMO_PLANNER_SCENARIOS).
The page lives in `planner.app`, one module per part; every rule, conversion and number it shows
comes from the `planner` library. Widgets carry keys so tests (AppTest, Playwright) find them.
"""

from planner.app.page import main

main()
