"""The library's folders are its layers, and a lower layer never imports a higher one.

Order, lowest first (README "Layout"): model → design → simulate → delivery → economics → output
→ cli.  The package root ``bizcase/__init__.py`` is the public facade above them all; the
version module sits with the model at the bottom.  The library never imports dash, and only
``bizcase.output`` imports plotly.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

LAYERS: tuple[str, ...] = (
    "model",
    "design",
    "simulate",
    "delivery",
    "economics",
    "output",
    "cli",
)
#: Modules directly under the package that belong to a layer.
ROOT_MODULES = {"_version": "model"}
PACKAGE = Path(__file__).resolve().parents[1] / "bizcase"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            # `from bizcase.output import charts` imports the sub-module bizcase.output.charts.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def layer_of(module: str, top: str) -> str | None:
    """The layer of a module of the package ``top``; ``"facade"`` for the root; None outside."""
    parts = module.split(".")
    if parts[0] != top:
        return None
    if len(parts) == 1:
        return "facade"
    if parts[1] in LAYERS:
        return parts[1]
    return ROOT_MODULES.get(parts[1], "facade" if parts[1] == "__init__" else None)


def layer_violations(root: Path) -> list[str]:
    """Imports of a higher layer (or of the facade) from inside a layer, as readable lines."""
    top = root.name
    problems = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        own = layer_of(name, top)
        if own is None or own == "facade":
            continue
        for line, target in imported_modules(path, name):
            other = layer_of(target, top)
            if other is None:
                continue
            if other == "facade":
                problems.append(
                    f"{path.relative_to(root.parent)}:{line}: {name} ({own}) imports the "
                    f"package root {target}: import from the module that defines the name"
                )
            elif other in LAYERS and LAYERS.index(other) > LAYERS.index(own):
                problems.append(
                    f"{path.relative_to(root.parent)}:{line}: {name} ({own}) imports "
                    f"{target} ({other}), a higher layer"
                )
    return sorted(set(problems))


def foreign_imports(root: Path, package: str, allowed_layer: str | None) -> list[str]:
    """Modules of ``root`` importing ``package`` outside ``allowed_layer``."""
    top = root.name
    hits = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        if allowed_layer is not None and layer_of(name, top) == allowed_layer:
            continue
        for line, target in imported_modules(path, name):
            if target == package or target.startswith(package + "."):
                hits.append(f"{path.relative_to(root.parent)}:{line}: imports {target}")
    return sorted(set(hits))


class TestTheLibrary:
    def test_every_module_sits_in_a_layer(self) -> None:
        loose = [
            str(p.relative_to(PACKAGE))
            for p in PACKAGE.rglob("*.py")
            if layer_of(module_name(p, PACKAGE), "bizcase") is None
        ]
        assert loose == []

    def test_no_layer_imports_a_higher_one(self) -> None:
        assert layer_violations(PACKAGE) == []

    def test_the_library_never_imports_dash(self) -> None:
        assert foreign_imports(PACKAGE, "dash", None) == []
        assert foreign_imports(PACKAGE, "dashapp", None) == []

    def test_only_output_imports_plotly(self) -> None:
        assert foreign_imports(PACKAGE, "plotly", "output") == []


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "bizcase"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


class TestTheCheckItself:
    """The check fails on a reverse import: shown on a small fake package."""

    def test_a_clean_fake_package_passes(self, tmp_path: Path) -> None:
        root = _fake_package(
            tmp_path,
            {
                "model/scenario.py": "from bizcase.model.errors import E\n",
                "model/errors.py": "class E(Exception): ...\n",
                "simulate/engine.py": "from bizcase.model import scenario\n",
            },
        )
        assert layer_violations(root) == []

    @pytest.mark.parametrize(
        "source",
        [
            "from bizcase.simulate.engine import run\n",
            "import bizcase.simulate.engine\n",
            "from bizcase.simulate import engine\n",
            "from ..simulate import engine\n",
            "def later():\n    from bizcase.economics.finance import npv\n",
        ],
    )
    def test_a_model_module_importing_upwards_is_caught(self, tmp_path: Path, source: str) -> None:
        root = _fake_package(
            tmp_path,
            {"model/scenario.py": source, "simulate/engine.py": "", "economics/finance.py": ""},
        )
        problems = layer_violations(root)
        assert len(problems) >= 1
        assert all("bizcase/model/scenario.py" in p and "higher layer" in p for p in problems)

    def test_importing_the_package_root_from_a_layer_is_caught(self, tmp_path: Path) -> None:
        root = _fake_package(tmp_path, {"simulate/engine.py": "from bizcase import Scenario\n"})
        assert ["package root" in p for p in layer_violations(root)] == [True]

    def test_plotly_outside_output_is_caught(self, tmp_path: Path) -> None:
        root = _fake_package(
            tmp_path,
            {
                "economics/finance.py": "import plotly.graph_objects as go\n",
                "output/charts.py": "import plotly.graph_objects as go\n",
            },
        )
        hits = foreign_imports(root, "plotly", "output")
        assert len(hits) == 1 and "economics/finance.py" in hits[0]
