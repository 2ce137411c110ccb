"""Registry benchmarks (not tests):

1. Resolution over a synthetic registry of 1,000 extensions with 20 versions and 4 variants
   each: runs the resolver crate's example (`resolve_bench`).
2. `registry graph install` of a graph needing 20 extensions from a local HTTP repository
   (python3 -m http.server on 127.0.0.1): a synthetic repository of 20 extensions (a dependency
   chain, each package holding a copy of a real extension library) is synced, then installed
   into fresh folders, cold (nothing downloaded) and warm (packages already downloaded).

From the repository root, after `cargo build --release`:
    python3 bench/registry_bench.py --runs 5
"""
import argparse
import hashlib
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid

EXTENSIONS = 20


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_file(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def make_repository(root, library):
    """index.yaml, metadata/ and packages/ for EXTENSIONS extensions, each depending on the
    previous one; returns the names."""
    os.makedirs(os.path.join(root, "metadata"))
    os.makedirs(os.path.join(root, "packages"))
    lib_bytes = open(library, "rb").read()
    names, releases = [], []
    previous = None
    for i in range(EXTENSIONS):
        name, ext_uuid, version = f"BenchExtension{i:02d}", str(uuid.UUID(int=i + 1)), "1.0.0"
        deps = [] if previous is None else [previous]
        dep_yaml = "".join(f"- extension: {quote(n)}\n  uuid: {quote(u)}\n  version: \"1.0.0\"\n" for n, u in deps)
        metadata = (f"name: {quote(name)}\nuuid: {quote(ext_uuid)}\nversion: \"1.0.0\"\n"
                    f"extension_library: \"libbench_{i:02d}.so\"\npython_alias: \"bench{i:02d}\"\nnamespace: \"gxf\"\n"
                    f"dependencies:{' []' if not deps else ''}\n{dep_yaml}components: []\n")
        meta_rel = f"metadata/{ext_uuid}-{version}.yaml"
        open(os.path.join(root, meta_rel), "w").write(metadata)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            add_file(tar, "extension.yaml", metadata.encode())
            add_file(tar, "LICENSE", b"Apache-2.0\n")
            add_file(tar, f"lib/libbench_{i:02d}.so", lib_bytes)
        data = buffer.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        package_rel = f"packages/{name}-{version}.tar.gz"
        open(os.path.join(root, package_rel), "wb").write(data)
        releases.append((name, ext_uuid, version, meta_rel, deps, package_rel, sha))
        names.append((name, ext_uuid))
        previous = (name, ext_uuid)
    with open(os.path.join(root, "index.yaml"), "w") as f:
        f.write("registry_index: \"1\"\nreleases:\n")
        for name, ext_uuid, version, meta_rel, deps, package_rel, sha in releases:
            f.write(f"- name: {quote(name)}\n  uuid: {quote(ext_uuid)}\n  version: {quote(version)}\n  metadata: {quote(meta_rel)}\n")
            f.write("  dependencies:" + (" []\n" if not deps else "\n"))
            for n, u in deps:
                f.write(f"  - extension: {quote(n)}\n    uuid: {quote(u)}\n    version: \"1.0.0\"\n")
            f.write("  variants:\n  - key: \"x86_64/linux/ubuntu_22.04\"\n    arch: \"x86_64\"\n    os: \"linux\"\n"
                    f"    distribution: \"ubuntu_22.04\"\n    compute: \"\"\n    archive: {quote(package_rel)}\n    sha256: {quote(sha)}\n")
    return names


def timed(command, env, cwd):
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registry", default="target/release/registry")
    parser.add_argument("--library", default="target/release/libgxf_std.so", help="the library each package holds")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    print("resolution over 1,000 extensions x 20 versions x 4 variants (resolver crate):", flush=True)
    subprocess.run(["cargo", "run", "--quiet", "--release", "-p", "gxf-registry-resolver", "--example", "resolve_bench"], check=True)

    work = tempfile.mkdtemp(prefix="registry_bench_")
    repo = os.path.join(work, "repo")
    names = make_repository(repo, args.library)
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    port_number = port.getsockname()[1]
    port.close()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port_number), "--bind", "127.0.0.1", "--directory", repo],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port_number), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        env = dict(os.environ, GXF_REGISTRY_ROOT=os.path.join(work, "root"))
        registry = os.path.abspath(args.registry)
        timed([registry, "repo", "add", "http", "-n", "bench", "-u", f"http://127.0.0.1:{port_number}"], env, work)
        sync = timed([registry, "repo", "sync", "-n", "bench"], env, work)
        last, last_uuid = names[-1]
        graph = os.path.join(work, "graph.yaml")
        open(graph, "w").write(f"dependencies:\n- {{extension: {last}, uuid: {last_uuid}, version: 1.0.0}}\n")
        downloads = os.path.join(work, "root", ".cache", "gxf_registry", "downloads")
        cold, warm = [], []
        for run in range(args.runs):
            shutil.rmtree(downloads, ignore_errors=True)
            for kind, times in (("cold", cold), ("warm", warm)):
                out = os.path.join(work, f"out-{kind}-{run}")
                times.append(timed([registry, "graph", "install", "-g", graph, "-m", os.path.join(out, "manifest.yaml"),
                                    "-d", "x86_64", "-u", os.path.join(out, "dir")], env, work))
        size = os.path.getsize(args.library) / 1e6
        print(f"\ngraph install of {EXTENSIONS} extensions ({size:.1f} MB library each) from http://127.0.0.1:")
        print(f"  repo sync: {sync * 1e3:.0f} ms")
        print(f"  cold (downloads + checks + unpack): median {statistics.median(cold) * 1e3:.0f} ms "
              f"(min {min(cold) * 1e3:.0f}, max {max(cold) * 1e3:.0f})")
        print(f"  warm (packages already downloaded): median {statistics.median(warm) * 1e3:.0f} ms "
              f"(min {min(warm) * 1e3:.0f}, max {max(warm) * 1e3:.0f})")
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
