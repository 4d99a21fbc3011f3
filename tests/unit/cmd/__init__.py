"""Tests of the central service's command line programs."""
