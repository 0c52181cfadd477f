"""The package layout: stages that read as the data flow, no private names across modules,
no import cycle, and the shells at the edge.

The stages, from sources to outputs::

    sources -> units -> layers -> analysis -> planning -> outputs      (library)
    cli, app                                                          (shells)

A module may import from its own stage and from earlier ones (plus ``errors``,
``settings``, ``i18n`` and ``pipeline``, which every stage may use), never from a later
stage or a shell.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "geo_planner"
STAGES = ["sources", "units", "layers", "analysis", "planning", "outputs"]
COMMON = {"errors", "settings", "i18n", "__init__"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names, line) for every geo_planner import in *path*, module level or not."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo_planner"):
            assert node.level == 0, f"{path.name}:{node.lineno}: relative import"
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("geo_planner")]
    return found


def _target(module: str, name: str) -> str:
    """The module an ``from module import name`` reads: the submodule when *name* is one."""
    return f"{module}.{name}" if f"{module}.{name}" in MODULES else module


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_stages_are_packages():
    for stage in [*STAGES, "cli", "i18n"]:
        assert (PKG / stage / "__init__.py").is_file(), stage
    flat = sorted(p.stem for p in PKG.glob("*.py"))
    assert flat == ["__init__", "errors", "pipeline", "settings"], flat


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for module, path in MODULES.items():
        for source, names, line in _imports(path):
            offenders += [f"{path.relative_to(PKG.parent)}:{line} imports {n} from {source}"
                          for n in names if n.startswith("_") and n != "__version__"]
    assert offenders == []


def test_no_import_cycle():
    graph = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for source, names, _ in _imports(path):
            for target in ({_target(source, n) for n in names} or {source}):
                if target in MODULES and target != module and not module.startswith(target + "."):
                    graph[module].add(target)
    # a package __init__ that only re-exports its own submodules is not an edge back into them
    for module in graph:
        graph[module] = {t for t in graph[module] if not (MODULES[t].name == "__init__.py"
                                                          and module.startswith(t + "."))}
    seen, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for t in sorted(graph[m]):
            visit(t)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    assert cycles == [], " ; ".join(" -> ".join(c) for c in cycles[:5])


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) in STAGES))
def test_a_stage_imports_only_itself_and_earlier_stages(module):
    mine = STAGES.index(_stage(module))
    later = []
    for source, names, line in _imports(MODULES[module]):
        for target in ({_target(source, n) for n in names} or {source}):
            stage = _stage(target)
            if stage in ("cli",) or (stage in STAGES and STAGES.index(stage) > mine):
                later.append(f"line {line}: {target}")
    assert later == [], f"{module} reaches forward into {later}"
