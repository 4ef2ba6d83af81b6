"""Validate: accounting identities as GX suites over the warehouse."""
