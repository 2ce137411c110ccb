"""PEP 517 build backend of ``pip install ./python-codelet-extension`` (pyproject.toml).

Builds one wheel (``gxf_rs-<version>-cp311-abi3-linux_x86_64.whl``) that installs::

    gxf/...                        the pure-Python package (python/gxf, without __pycache__)
    gxf/lib/libpygxf_native.so     the native module, loaded as ``gxf._native`` by gxf/_loader.py
    gxf/lib/libgxf_std.so          the extensions: std, sample, python-codelet, cuda
    gxf/lib/libgxf_sample.so
    gxf/lib/libgxf_python_codelet.so
    gxf/lib/libgxf_cuda.so
    gxf/lib/gxe                    the runner (also the ``gxe`` console script: gxf._loader.run_gxe)

Steps: ``cargo build --release`` of gxe and the four extensions (into the workspace's target
folder, or ``$CARGO_TARGET_DIR``: repeated builds are incremental); maturin builds the native
crate (abi3-py311) and the wheel (metadata, tags, the Python sources); then the wheel is rewritten
with the layout above and a new RECORD.

Why the native module leaves maturin's place (``gxf/_native.abi3.so``): one process must load
one copy of it. ``libgxf_python_codelet.so`` opens ``libpygxf_native.so`` from its own folder
(src/backend.rs); a Python process imports ``gxf._native`` first and, when a graph loads the
python-codelet extension, the extension must get the same library (same file: dlopen returns the
loaded one). So the module is that file, beside the extension; ``gxf.core.manifest`` finds the
bundled extensions beside it, and gxe finds them beside itself.

Only wheels: an sdist would lack the workspace crates (build from a checkout); no editable
installs (use the cargo layout: ``cargo build`` and ``PYTHONPATH=python-codelet-extension/python``).
"""
import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKSPACE = os.path.dirname(PROJECT)
# Cargo packages built beside the native module, and the files they give.
# gxf-cuda too: `gxf.python_codelet` imports `gxf.cuda`, which records libgxf_cuda.so for
# `Graph.load_extensions()`; it loads on machines without a GPU or CUDA (cudarc loads the driver
# on the first CUDA call).
CRATES = ["gxe", "gxf-std", "gxf-sample", "gxf-python-codelet", "gxf-cuda"]
BUNDLED = ["gxe", "libgxf_std.so", "libgxf_sample.so", "libgxf_python_codelet.so", "libgxf_cuda.so"]
LIB_DIR = "gxf/lib"
NATIVE_LIBRARY = "libpygxf_native.so"
# What maturin names the module `gxf._native` in its wheel (abi3: `_native.abi3.so`).
MATURIN_NATIVE = re.compile(r"gxf/_native\.[^/]*so")


def _log(message):
    print(f"gxf_build_backend: {message}", file=sys.stderr, flush=True)


def _cargo():
    cargo = os.environ.get("CARGO") or shutil.which("cargo")
    if not cargo:
        raise RuntimeError("building gxf-rs needs a Rust toolchain: `cargo` is not on PATH (https://rustup.rs)")
    return cargo


def _release_dir(cargo):
    """``<target>/release`` of the workspace (honours CARGO_TARGET_DIR and .cargo/config)."""
    out = subprocess.run(
        [cargo, "metadata", "--format-version", "1", "--no-deps", "--manifest-path",
         os.path.join(WORKSPACE, "Cargo.toml")],
        check=True, stdout=subprocess.PIPE, cwd=WORKSPACE,
    ).stdout
    return os.path.join(json.loads(out)["target_directory"], "release")


def _build_bundled(cargo):
    command = [cargo, "build", "--release", "--manifest-path", os.path.join(WORKSPACE, "Cargo.toml")]
    for crate in CRATES:
        command += ["-p", crate]
    _log("running " + " ".join(command))
    # cargo's progress goes to stderr, which pip shows with -v or on failure.
    subprocess.run(command, check=True, cwd=WORKSPACE, stdout=sys.stderr)


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _date_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        import time

        return time.gmtime(max(int(epoch), 315532800))[:6]
    return (1980, 1, 1, 0, 0, 0)


def _relayout(built, wheel_path, release_dir):
    """Copies maturin's wheel to ``wheel_path`` with the native module and the bundled files in
    gxf/lib, no __pycache__, and a RECORD for the new contents."""
    entries = []  # (name, data, mode)
    record_name = None
    native = None
    with zipfile.ZipFile(built) as src:
        for info in src.infolist():
            name = info.filename
            if name.endswith("/") or "__pycache__" in name.split("/") or name.endswith(".pyc"):
                continue
            if re.fullmatch(r"[^/]+\.dist-info/RECORD", name):
                record_name = name
                continue
            data = src.read(info)
            if MATURIN_NATIVE.fullmatch(name):
                native = data
                continue
            mode = (info.external_attr >> 16) & 0o777 or 0o644
            entries.append((name, data, mode))
    if native is None or record_name is None:
        raise RuntimeError(f"maturin's wheel {built} has no gxf/_native module or no RECORD")
    entries.append((f"{LIB_DIR}/{NATIVE_LIBRARY}", native, 0o755))
    for file_name in BUNDLED:
        path = os.path.join(release_dir, file_name)
        if not os.path.isfile(path):
            raise RuntimeError(f"cargo built no {path}")
        with open(path, "rb") as f:
            entries.append((f"{LIB_DIR}/{file_name}", f.read(), 0o755))
    # The package first, .dist-info last (RECORD at the very end), as the wheel format advises.
    entries.sort(key=lambda e: (".dist-info/" in e[0], e[0]))
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    when = _date_time()
    with zipfile.ZipFile(wheel_path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
            writer.writerow([name, _record_hash(data), len(data)])
        writer.writerow([record_name, "", ""])
        info = zipfile.ZipInfo(record_name, date_time=when)
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        dst.writestr(info, record.getvalue())


# PEP 517 hooks.

def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    import maturin

    cargo = _cargo()
    _build_bundled(cargo)
    release_dir = _release_dir(cargo)
    cwd = os.getcwd()
    os.chdir(PROJECT)  # maturin reads ./pyproject.toml
    try:
        with tempfile.TemporaryDirectory(prefix="gxf-wheel-") as staging:
            name = maturin.build_wheel(staging, config_settings, None)
            wheel_path = os.path.join(wheel_directory, name)
            _relayout(os.path.join(staging, name), wheel_path, release_dir)
    finally:
        os.chdir(cwd)
    _log(f"built {wheel_path}")
    return name


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_sdist(sdist_directory, config_settings=None):
    raise RuntimeError(
        "gxf-rs builds wheels only (its extensions and gxe are other crates of the workspace): "
        "`pip install ./python-codelet-extension`, `pip wheel ./python-codelet-extension` or "
        "`python3 -m build --wheel python-codelet-extension` from a checkout"
    )
