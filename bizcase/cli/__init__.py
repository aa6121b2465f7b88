"""The ``bizcase`` command line: one parser in :mod:`bizcase.cli.main`, commands in their own modules."""
