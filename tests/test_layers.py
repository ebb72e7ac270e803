"""The layers of DESIGN.md as a test: imports point down only, and no import cycles.

ui -> views -> domain -> model; ingest -> domain; nothing imports ingest but cli. The scan is static (AST):
every ``import`` and ``from ... import`` anywhere in a file, also inside functions and ``if`` blocks, and
``importlib.import_module("...")`` with a constant name. ``from warmte.a import b`` counts as an import of
the module ``warmte.a.b`` when that module exists, else of ``warmte.a``. A module is a file: a package is
its ``__init__.py``; importing ``warmte.a.b`` is not counted as importing the package ``warmte.a`` as well
(that would make every package that re-exports its submodules a "cycle").
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "warmte"


def _py_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    """``warmte/ingest/build.py`` -> ``warmte.ingest.build``; ``warmte/views/__init__.py`` -> ``warmte.views``."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in _py_files(PACKAGE)}


def imports(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, resolved to a warmte module where it is one.

    ``name``: the file's module name (default: from its path), which relative imports are resolved against.
    """
    if name is None:
        name = module_name(path) if PACKAGE in path.parents else path.stem
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from ..a import b
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


def layer(module: str) -> str:
    """``warmte.ui.loaders`` -> ``ui``; ``warmte.model`` -> ``model``; the root package ``warmte`` -> ``warmte``."""
    parts = module.split(".")
    return parts[1] if parts[0] == "warmte" and len(parts) > 1 else parts[0]


def _is_warmte(module: str) -> bool:
    return module == "warmte" or module.startswith("warmte.")


#: Module -> the warmte modules it imports (with lines), for every module of the package.
IMPORTS: dict[str, list[tuple[int, str]]] = {m: imports(p) for m, p in MODULES.items()}
GRAPH: dict[str, set[str]] = {m: {t for _, t in found if _is_warmte(t) and t != m} for m, found in IMPORTS.items()}


def no_offence(found: list[str]) -> None:
    """Fail listing every offending import, one a line."""
    assert not found, "\n" + "\n".join(found)


def offenders(layer_name: str, allowed=None, forbidden=None) -> list[str]:
    """Imports of warmte modules from ``layer_name`` outside ``allowed`` layers (or inside ``forbidden``)."""
    out = []
    for module, found in IMPORTS.items():
        if layer(module) != layer_name:
            continue
        for line, target in found:
            if not _is_warmte(target):
                continue
            target_layer = layer(target)
            if target_layer in (layer_name, "warmte"):  # itself; the root package holds only __version__
                continue
            if (allowed is not None and target_layer not in allowed) or (forbidden and target_layer in forbidden):
                out.append(f"{MODULES[module].relative_to(REPO)}:{line} imports {target}")
    return out


# --- the scan itself ------------------------------------------------------------------------------------


def test_the_scan_sees_the_package_and_function_level_imports():
    assert len(MODULES) > 40
    assert {"warmte.ui.loaders", "warmte.views.map", "warmte.domain.progress", "warmte.ingest.build"} <= set(MODULES)
    assert "warmte.domain.progress" in GRAPH["warmte.views.progress"]
    # cli imports the write side inside its command functions
    assert "warmte.ingest.build" in GRAPH["warmte.cli"]
    assert any(t == "streamlit" for _, t in IMPORTS["warmte.ui.state"])


def test_relative_imports_are_resolved(tmp_path):
    assert module_name(PACKAGE / "ingest" / "sources" / "__init__.py") == "warmte.ingest.sources"
    fake = tmp_path / "mod.py"
    fake.write_text("def f():\n    from . import x\n    from ..domain import progress\n", encoding="utf-8")
    # as if the file were warmte/views/mod.py: x is no module (the package), progress is one
    assert imports(fake, "warmte.views.mod") == [(2, "warmte.views"), (3, "warmte.domain.progress")]


# --- imports point down only ------------------------------------------------------------------------------

UI_MAY_IMPORT = {"views", "domain", "model", "store", "i18n", "filters", "config", "export", "figures"}
INGEST_MAY_IMPORT = {"domain", "model", "config", "i18n"}


def test_ui_imports_only_the_layers_below():
    no_offence(offenders("ui", allowed=UI_MAY_IMPORT))


def test_views_import_neither_ui_nor_ingest_nor_streamlit():
    no_offence(offenders("views", forbidden={"ui", "ingest", "cli"}))
    streamlit = [f"{MODULES[m].relative_to(REPO)}:{line}" for m, found in IMPORTS.items() if layer(m) == "views"
                 for line, t in found if t.split(".")[0] == "streamlit"]
    no_offence(streamlit)


#: Besides warmte.model: the standard library and these.
DOMAIN_THIRD_PARTY = {"numpy", "pandas"}


def test_domain_imports_only_model_numpy_pandas_and_the_standard_library():
    no_offence(offenders("domain", allowed={"model"}))
    other = [f"{MODULES[m].relative_to(REPO)}:{line} imports {t}" for m, found in IMPORTS.items()
             if layer(m) == "domain" for line, t in found
             if not _is_warmte(t) and t.split(".")[0] not in DOMAIN_THIRD_PARTY | set(sys.stdlib_module_names)]
    no_offence(other)


def test_model_is_the_bottom():
    no_offence(offenders("model", allowed=set()))


def test_figures_import_nothing_from_views_ui_ingest_or_store():
    no_offence(offenders("figures", forbidden={"views", "ui", "ingest", "store"}))


def test_ingest_imports_only_domain_model_config_and_i18n():
    """In particular not views, ui, figures or export: the write side does not depend on the read side."""
    no_offence(offenders("ingest", allowed=INGEST_MAY_IMPORT))


def test_nothing_imports_ingest_but_cli():
    """Outside warmte/ingest itself only warmte/cli.py (and bench/, tests/) may import the write side."""
    files = [p for p in _py_files(PACKAGE) if (PACKAGE / "ingest") not in p.parents and p != PACKAGE / "cli.py"]
    files += [REPO / "app.py", *_py_files(REPO / "pages")]
    found = [f"{p.relative_to(REPO)}:{line} imports {t}" for p in files for line, t in imports(p)
             if t == "warmte.ingest" or t.startswith("warmte.ingest.")]
    no_offence(found)


def test_nothing_imports_cli_but_main():
    found = [f"{MODULES[m].relative_to(REPO)} imports warmte.cli" for m, targets in GRAPH.items()
             if "warmte.cli" in targets and m != "warmte.__main__"]
    no_offence(found)


def test_streamlit_only_in_ui_app_and_pages():
    """Product code: warmte/ outside warmte/ui/. (bench/ and tests/ drive the app with AppTest: tools, not layers.)"""
    files = [p for p in _py_files(PACKAGE) if (PACKAGE / "ui") not in p.parents]
    found = [f"{p.relative_to(REPO)}:{line} imports {t}" for p in files for line, t in imports(p)
             if t.split(".")[0] == "streamlit"]
    no_offence(found)


# --- no cycles ----------------------------------------------------------------------------------------------


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted; [] when acyclic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}, []),  # a diamond is no cycle
    ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
])
def test_the_cycle_finder(graph, expected):
    assert cycles(graph) == expected


def test_no_import_cycles_between_warmte_modules():
    """The module graph (function-level imports included) is acyclic."""
    found = cycles(GRAPH)
    described = []
    for component in found:
        members = set(component)
        edges = sorted(f"{a} -> {b}" for a in component for b in GRAPH[a] if b in members)
        described.append(f"cycle among {component}: {'; '.join(edges)}")
    no_offence(described)
