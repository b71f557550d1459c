"""A plan as files to hand on: CSV (one row per channel) and an Excel workbook."""

from __future__ import annotations

import pandas as pd

from planner.data.io import table_to_csv, workbook
from planner.model.plan import Plan


def plan_to_csv(plan: Plan) -> str:
    """Return a plan's allocation as CSV text: UTF-8, fixed decimals, one row per channel."""
    return table_to_csv(plan.allocation)


def plan_to_excel(plan: Plan) -> bytes:
    """Return a plan as an Excel workbook: allocation, rules, totals and the explanation, one sheet each."""
    totals = pd.Series(plan.totals, name="value").rename_axis("total").to_frame()
    why = pd.DataFrame({"English": [f.en for f in plan.explanation], "中文": [f.zh for f in plan.explanation]})
    sheets = {"Allocation": plan.allocation, "Rules": plan.rules, "Totals": totals, "Why": why}
    return workbook(sheets, indexed=frozenset({"Totals"}))
