"""Finds and loads ``libpygxf_native.so`` as the module ``gxf._native`` in a Python process."""
import importlib.machinery
import importlib.util
import os
import sys

LIBRARY = "libpygxf_native.so"


def candidates():
    """Where the native library may be: $GXF_PYTHON_NATIVE, beside an installed package
    (``<lib>/python/gxf`` -> ``<lib>``), in the package's ``python_codelet`` folder (the layout
    ``registry graph install`` writes), or this repository's build folders, newest first."""
    explicit = os.environ.get("GXF_PYTHON_NATIVE")
    if explicit:
        return [explicit]
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package, "..", "..", LIBRARY)
    registry_layout = os.path.join(package, "python_codelet", LIBRARY)
    repo = os.path.join(package, "..", "..", "..")
    builds = [os.path.join(repo, "target", profile, LIBRARY) for profile in ("release", "debug")]
    builds = sorted((p for p in builds if os.path.isfile(p)), key=os.path.getmtime, reverse=True)
    return [installed, registry_layout] + builds


def load_native():
    """Loads the native module (once) and registers it as ``gxf._native``."""
    for path in candidates():
        if os.path.isfile(path):
            loader = importlib.machinery.ExtensionFileLoader("gxf._native", path)
            spec = importlib.util.spec_from_file_location("gxf._native", path, loader=loader)
            module = importlib.util.module_from_spec(spec)
            sys.modules["gxf._native"] = module
            loader.exec_module(module)
            return module
    raise ImportError(
        f"gxf: cannot find {LIBRARY} (looked in {', '.join(candidates())}); "
        "build it with `cargo build --release` or set GXF_PYTHON_NATIVE"
    )
