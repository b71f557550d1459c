"""Insight: explanations in English and Chinese, trust (ranges, backtests), text reports and exports."""
