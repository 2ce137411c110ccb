"""Which extension libraries a Python-built graph loads.

``add_to_manifest`` records a library (importing ``gxf.std``, ``gxf.sample``, ... records
theirs, as GXF's generated ``Components.py`` files do); ``Graph.load_extensions()`` without
arguments loads the recorded ones. A bare file name (``libgxf_std.so``) means the library
installed beside the native module; ``libgxf_std.so`` always loads first.
"""
import glob
import mmap
import os

STD_LIBRARY = "libgxf_std.so"
HEADER_SYMBOL = b"gxf_rs_extension_header"

EXTENSIONS_USED = []


def add_to_manifest(extension):
    """Records an extension library (a path, or a file name installed beside the native module)."""
    if extension not in EXTENSIONS_USED:
        EXTENSIONS_USED.append(extension)


def native_folder():
    """The folder of ``libpygxf_native.so`` (where the extensions are installed), or None
    inside a graph run by gxe, where the native module has no file."""
    import gxf._native as native

    path = getattr(native, "__file__", None)
    return os.path.dirname(os.path.abspath(path)) if path else None


def _is_extension(path):
    """Whether the library names the symbol every extension exports (a cargo target folder also
    holds ``libgxf_*.so`` files that are not extensions, such as the SDK's proc-macro library)."""
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(HEADER_SYMBOL) >= 0
    except (OSError, ValueError):
        return False


def std_first(paths):
    """``paths`` with libgxf_std.so first, the others in their order."""
    return sorted(paths, key=lambda p: os.path.basename(p) != STD_LIBRARY)


def installed_extensions():
    """Every ``libgxf_*.so`` extension installed beside the native module, libgxf_std.so first."""
    folder = native_folder()
    if folder is None:
        return []
    found = sorted(p for p in glob.glob(os.path.join(folder, "libgxf_*.so")) if _is_extension(p))
    return std_first(found)


def resolve(extension, workspace=""):
    """The path to load for a recorded extension: bare file names resolve beside the native
    module (unless a workspace is given, which GXF prefixes to every name)."""
    if workspace or os.path.dirname(extension):
        return extension
    folder = native_folder()
    return os.path.join(folder, extension) if folder else extension


def used_extensions(workspace=""):
    """The recorded extensions, resolved (each file once), libgxf_std.so first."""
    unique = {}
    for extension in EXTENSIONS_USED:
        path = resolve(extension, workspace)
        unique.setdefault(os.path.realpath(path), path)
    return std_first(list(unique.values()))
