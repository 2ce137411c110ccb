"""Where the native module, the bundled extensions and gxe are, for every layout; loads
``libpygxf_native.so`` as the module ``gxf._native``; the ``gxe`` console script.

Layouts, in the order they are tried (the first with the native library wins):

- ``$GXF_PYTHON_NATIVE``: that file, and nothing else;
- a wheel (``pip install ./python-codelet-extension``): ``gxf/lib/`` holds libpygxf_native.so,
  the std, sample, python-codelet and cuda extensions and gxe;
- an installed tree: ``<lib>/python/gxf`` with the libraries in ``<lib>``;
- ``registry graph install``: ``gxf/python_codelet/libpygxf_native.so``;
- this repository: ``target/release`` or ``target/debug``, the newer first.

The extensions are those beside the native library (``gxf.core.manifest`` loads them from the
folder of ``gxf._native.__file__``), and so is gxe. One process must load one copy of the native
library: the python-codelet extension opens ``libpygxf_native.so`` from its own folder (or
``$GXF_PYTHON_NATIVE``), which is the file loaded here.
"""
import importlib.machinery
import importlib.util
import os
import sys

LIBRARY = "libpygxf_native.so"
GXE = "gxe"
PACKAGE = os.path.dirname(os.path.abspath(__file__))
# Where a wheel puts the libraries and gxe (python-codelet-extension/build_backend).
WHEEL_LIB = os.path.join(PACKAGE, "lib")


def candidates():
    """Where the native library may be, in order (see the module's text)."""
    explicit = os.environ.get("GXF_PYTHON_NATIVE")
    if explicit:
        return [explicit]
    wheel = os.path.join(WHEEL_LIB, LIBRARY)
    installed = os.path.join(PACKAGE, "..", "..", LIBRARY)
    registry_layout = os.path.join(PACKAGE, "python_codelet", LIBRARY)
    repo = os.path.join(PACKAGE, "..", "..", "..")
    builds = [os.path.join(repo, "target", profile, LIBRARY) for profile in ("release", "debug")]
    builds = sorted((p for p in builds if os.path.isfile(p)), key=os.path.getmtime, reverse=True)
    return [wheel, installed, registry_layout] + builds


def native_library():
    """The path of the native library this process uses: the file ``gxf._native`` was loaded from,
    else the first candidate that exists; None when there is none (or, inside a graph run by
    gxe, where the module was registered by the python-codelet extension and has no file)."""
    module = sys.modules.get("gxf._native")
    if module is not None:
        path = getattr(module, "__file__", None)
        return os.path.abspath(path) if path else None
    return next((path for path in candidates() if os.path.isfile(path)), None)


def bundled_extensions_dir():
    """The folder of the extension libraries that go with the native library (``gxf/lib`` of a
    wheel, ``target/<profile>`` of a cargo build), or None when the native library is unknown."""
    library = native_library()
    return os.path.dirname(library) if library else None


def gxe_executable():
    """The gxe runner beside the native library (bundled in a wheel, or built by cargo), or None."""
    folder = bundled_extensions_dir()
    path = os.path.join(folder, GXE) if folder else None
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def load_native():
    """Loads the native module (once) and registers it as ``gxf._native``."""
    if "gxf._native" in sys.modules:
        return sys.modules["gxf._native"]
    for path in candidates():
        if os.path.isfile(path):
            loader = importlib.machinery.ExtensionFileLoader("gxf._native", path)
            spec = importlib.util.spec_from_file_location("gxf._native", path, loader=loader)
            module = importlib.util.module_from_spec(spec)
            sys.modules["gxf._native"] = module
            try:
                loader.exec_module(module)
            except BaseException:
                del sys.modules["gxf._native"]
                raise
            return module
    raise ImportError(
        f"gxf: cannot find {LIBRARY} (looked in {', '.join(candidates())}); "
        "install the package (pip install ./python-codelet-extension), build it with "
        "`cargo build --release`, or set GXF_PYTHON_NATIVE"
    )


def run_gxe(argv=None):
    """The ``gxe`` console script of a wheel: runs the bundled gxe binary with this interpreter
    (``$GXF_PYTHON``) and this package (``$GXF_PYTHON_PACKAGE_DIR``) for Python codelets, so
    that it works without an activated environment or ``python3`` on PATH. Returns an exit code
    only when gxe cannot be started."""
    gxe = gxe_executable()
    if gxe is None:
        print(f"gxe: no gxe runner beside {native_library() or LIBRARY}", file=sys.stderr)
        return 2
    args = sys.argv[1:] if argv is None else list(argv)
    env = dict(os.environ)
    env.setdefault("GXF_PYTHON", sys.executable)
    env.setdefault("GXF_PYTHON_PACKAGE_DIR", os.path.dirname(PACKAGE))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(gxe, [gxe] + args, env)
    return 2  # not reached
