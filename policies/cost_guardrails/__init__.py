"""Cost guardrails pack: spot, scale-to-zero, ceilings, budgets, allowlists, taints and cost tags."""
