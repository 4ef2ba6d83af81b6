"""Dagster wiring only: assets, resources (and later checks, sensors, schedules)."""
