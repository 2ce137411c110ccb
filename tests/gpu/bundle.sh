#!/usr/bin/env bash
# Builds what the GPU suite needs and lays it out in .gpu-bundle/ (ignored by git), for a
# machine with a GPU but no Rust toolchain: the release gxe and extensions, the GPU test
# binaries, the GPU benchmark and a copy of the conformance corpus. Then run tests/gpu/run.sh
# there (README: "GPU").
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=.gpu-bundle
cargo build --release --workspace
executables() {
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m.get("target", {}).get("kind") != ["custom-build"]:
        print(m["executable"])'
}
gpu_tests="--test gpu_conformance --test gpu_api --test cuda_bad_input --test python_codelets"
tests=$(cargo test --release -p gxf-tests $gpu_tests --no-run --message-format=json | executables)
rm -rf "$bundle"
mkdir -p "$bundle/target/release/deps"
cp target/release/gxe target/release/libgxf_*.so target/release/libpygxf_native.so target/release/libgxfbench.so \
    "$bundle/target/release/"
rm -f "$bundle/target/release/libgxf_macros.so"
cp $tests "$bundle/target/release/deps/"
cp -r ../shared/conformance "$bundle/conformance"
# The test binaries know this checkout's path (sources, the corpus beside it): run.sh makes that
# path lead to the copy on the GPU machine.
pwd >"$bundle/build-root"
du -sh "$bundle"
