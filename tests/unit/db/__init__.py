"""Tests of the central database: models, migrations and the DB api."""
