"""Tests of the REST API (central_cloud.api)."""
