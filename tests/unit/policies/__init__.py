"""Tests of the default policy rules (central_cloud.policies)."""
