"""Serve: exports, the dashboard and its launcher."""
