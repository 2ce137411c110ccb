"""Loading the file named by a ``PyCodeletV0``'s ``codelet_file``.

GXF appends the file's folder to ``sys.path`` and imports the module named like the file (up to
its first dot), so an installed module of that name (``json``, pytest's ``py``, ...) is imported
instead of the file, and two files of one name in different folders collide. Here the named file
itself is loaded, once per process, under a module name made from its real path; its folder is
still appended to ``sys.path`` (as GXF does) so that it can import the files beside it.
"""
import ast
import hashlib
import importlib.machinery
import importlib.util
import os
import re
import sys
import threading

_lock = threading.RLock()


def module_name(path):
    """The ``sys.modules`` key of the codelet file at real path ``path``."""
    stem = re.sub(r"\W", "_", os.path.basename(path).split(".", 1)[0])
    digest = hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"gxf_codelet_file_{stem}_{digest}"


def load(path):
    """The module of the codelet file ``path`` (relative paths resolve against the working
    directory), executed on first use. A name without a dot is refused, as in GXF; a missing
    file is a ModuleNotFoundError naming the module GXF would have imported."""
    directory, name = os.path.split(path)
    stem = name.split(".", 1)[0]
    if "." not in name:
        raise ImportError(f"codelet_file '{path}' does not name a Python file (no extension)")
    full = os.path.realpath(path)
    key = module_name(full)
    with _lock:
        module = sys.modules.get(key)
        if module is not None:
            return module
        if directory not in sys.path:
            sys.path.append(directory)
        if not os.path.isfile(full):
            raise ModuleNotFoundError(
                f"No module named '{stem}': codelet file '{path}' not found (working directory {os.getcwd()})",
                name=stem,
                path=full,
            )
        loader = importlib.machinery.SourceFileLoader(key, full)
        spec = importlib.util.spec_from_file_location(key, full, loader=loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        try:
            loader.exec_module(module)
        except BaseException:
            del sys.modules[key]
            raise
        return module


def _top_level_names(tree):
    """Names a module binds at its top level, and whether it may bind others we cannot see
    (star imports, code under if/try/with)."""
    names, uncertain = set(), False
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    uncertain = True
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)) or hasattr(ast, "TryStar") and isinstance(node, ast.TryStar):
            uncertain = True
    return names, uncertain


def check(path, class_name):
    """Checks, without running it, that the codelet file ``path`` exists, compiles and defines
    ``class_name`` at its top level (``gxe --check`` and activation report these before the graph
    runs). Raises the error GXF would meet when starting the codelet."""
    directory, name = os.path.split(path)
    stem = name.split(".", 1)[0]
    if "." not in name:
        raise ImportError(f"codelet_file '{path}' does not name a Python file (no extension)")
    full = os.path.realpath(path)
    if not os.path.isfile(full):
        raise ModuleNotFoundError(
            f"No module named '{stem}': codelet file '{path}' not found (working directory {os.getcwd()})",
            name=stem,
            path=full,
        )
    with open(full, "rb") as f:
        tree = ast.parse(f.read(), filename=path)
    names, uncertain = _top_level_names(tree)
    if class_name not in names and not uncertain:
        classes = sorted(n.name for n in tree.body if isinstance(n, ast.ClassDef))
        raise AttributeError(
            f"codelet file '{path}' defines no '{class_name}' (its classes: {', '.join(classes) or 'none'})"
        )
