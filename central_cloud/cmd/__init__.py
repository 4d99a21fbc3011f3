"""Console scripts of the central service.

Each module has a ``main()`` that a ``console_scripts`` entry point calls;
``manage`` is ``desktop-central-manage`` (database and site setup).
"""
