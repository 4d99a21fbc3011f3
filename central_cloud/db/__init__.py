"""The central service's database.

- ``api``: the functions that the REST API and the engine call; it gathers
  the per-resource modules ``sites``, ``reports``, ``templates``,
  ``bundles``, ``desktops``, ``commands``, ``alarms`` and ``notices``.
- ``transaction``: oslo.db enginefacade wiring (one transaction per call).
- ``models``: the SQLAlchemy tables; ``exception``: the errors raised.
- ``migration``: alembic revisions, ``db_sync()`` and ``db_version()``.
"""
