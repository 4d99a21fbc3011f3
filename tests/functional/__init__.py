"""Functional tests; they run against the real services of tools/lab."""
