"""Costing beyond the node pools: fixed costs of a stack, and the cost report (table, JSON, Markdown)."""
