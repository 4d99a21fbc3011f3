"""Alembic revisions of the central database, oldest first."""
