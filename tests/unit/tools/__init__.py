"""Tests of the lab tooling that need no running lab."""
