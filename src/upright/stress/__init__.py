"""Stress tests on Inspect: tasks, the agent solver, scorers, the judge and statistics."""
