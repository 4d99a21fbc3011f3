"""Unit tests; they mirror the package tree and may use fakes."""
