"""Print the SHA-256 of what the lock is resolved from (helper of scripts/lock and scripts/setup).

The inputs are pyproject.toml's dependency tables (``requires-python``, ``dependencies``,
``optional-dependencies``, ``build-system.requires``) and ``requirements/*.in``; editing the
description or a tool's settings does not stale the lock, adding a dependency or an extra does.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path


def lock_inputs_digest(root: Path) -> str:
    """SHA-256 (hex) of the dependency declarations under ``root``."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject.get("project", {})
    declared = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "build-system": pyproject.get("build-system", {}).get("requires", []),
        "in": {
            p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("requirements/*.in"))
        },
    }
    return hashlib.sha256(json.dumps(declared, sort_keys=True).encode()).hexdigest()


if __name__ == "__main__":
    print(lock_inputs_digest(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
