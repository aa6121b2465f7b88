"""The shipped scenarios, installed as the data package ``bizcase.scenarios``.

The files live here, at the repository root, for people who read and copy them; the wheel maps
this folder onto ``bizcase/scenarios`` (``[tool.setuptools.package-dir]`` in ``pyproject.toml``).
Read them through :func:`bizcase.model.io.shipped_scenarios`, never by a path relative to a
module.
"""
