#!/usr/bin/env bash
# Runs the GPU suite on a machine with an NVIDIA GPU, from the bundle that tests/gpu/bundle.sh
# made: the GPU test binaries (the group-3/4 conformance apps, the CUDA API tests, bad input,
# Python with CuPy), compute-sanitizer's memcheck over the CUDA test apps, then the GPU
# benchmarks (bench/gpu_bench.py; skip them with GXF_GPU_BENCH=0). GXF_GPU_TESTS and
# GXF_MEMCHECK_APPS (extended regular expressions over test binary names and app paths) narrow a
# run; GXF_GPU_REPEATS runs the test binaries that many times; GXF_CONFORMANCE_JOBS=1 runs the GPU
# apps one at a time (default: up to 8 at once). Logs and results go to $OUT
# (default .gpu-out). Exit status 0 only when everything passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bundle=$repo/.gpu-bundle
out=${OUT:-$repo/.gpu-out}
mkdir -p "$out"
[ -d "$bundle" ] || { echo "no $bundle: run tests/gpu/bundle.sh on the build machine first" >&2; exit 2; }

# The test binaries look for sources and the corpus where they were built: lead that path here.
build_root=$(cat "$bundle/build-root")
if [ "$build_root" != "$repo" ] && [ ! -e "$build_root" ]; then
    mkdir -p "$(dirname "$build_root")"
    ln -s "$repo" "$build_root"
fi
shared=$(dirname "$build_root")/shared
[ -e "$shared/conformance" ] || { mkdir -p "$shared"; ln -s "$bundle/conformance" "$shared/conformance"; }

# cuBLAS and NVRTC come from the CUDA toolkit or from Python's nvidia-* wheels.
libdirs=$( (ls -d /usr/local/cuda/lib64 2>/dev/null
    python3 -c 'import site; print("\n".join(site.getsitepackages()))' 2>/dev/null |
        while read -r sp; do find "$sp/nvidia" -name 'libcublas.so*' -o -name 'libnvrtc.so*' 2>/dev/null; done |
        xargs -r -n1 dirname) | sort -u | paste -sd:)
export LD_LIBRARY_PATH=${libdirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export GXF_CONFORMANCE_DIR=$bundle/conformance
export GXF_PYTHON_PACKAGE_DIR=$repo/python-codelet-extension/python
export GXF_PYTHON_CODELETS_DIR=$repo/tests/python
export PYTHONUNBUFFERED=1

{ nvidia-smi -L; echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    for module in cupy torch; do
        python3 -c "import $module; print('$module', $module.__version__)" 2>/dev/null || echo "$module: not importable (its checks are skipped)"
    done; } 2>&1 | tee "$out/machine.log"
status=0
# Each test binary runs GXF_GPU_REPEATS times (default 1): races show up as failures in some
# rounds only, and the GPU apps run 8 at a time, which loads the machine.
for round in $(seq "${GXF_GPU_REPEATS:-1}"); do
    for test in "$bundle"/target/release/deps/*; do
        name=$(basename "$test")
        [[ $name =~ ${GXF_GPU_TESTS:-.} ]] || continue
        echo "== $name (round $round)" | tee -a "$out/tests.log"
        "$test" --test-threads=1 --nocapture >>"$out/tests.log" 2>&1 || { status=1; echo "FAILED: $name (round $round)" | tee -a "$out/tests.log"; }
    done
done
grep -E "^(alone: )?(pass|FAIL) |test result|FAILED" "$out/tests.log"

# Memory errors in the CUDA apps: every native group-3/4 app expected to exit 0 (the Python ones
# add the interpreter and CuPy, which memcheck makes very slow), 8 at a time; an app that fails
# is run again alone, to tell errors that need load (races) from steady ones; the report of every
# failing run, under load or alone, goes to memcheck-failures.log, and any failure fails the suite.
memcheck_one() {
    local app=$1 log
    log="$out/memcheck/$(basename "$app" .yaml).log"
    (cd "$GXF_CONFORMANCE_DIR" && compute-sanitizer --tool memcheck --error-exitcode 9 \
        "$bundle/target/release/gxe" --app "$app" --severity 2) >"$log" 2>&1
    local code=$?
    echo "memcheck $app: exit $code, $(grep -m1 'ERROR SUMMARY' "$log" || echo 'no summary')"
    [ $code -eq 0 ]
}
if command -v compute-sanitizer >/dev/null; then
    export -f memcheck_one
    export out bundle
    mkdir -p "$out/memcheck"
    failed=$(awk -F'\t' '($3 == 3 || $3 == 4) && $4 == "exit0" && $1 !~ /,|python/ {print $1}' "$GXF_CONFORMANCE_DIR/expect.tsv" |
        grep -E "${GXF_MEMCHECK_APPS:-.}" |
        xargs -P 8 -I{} bash -c 'memcheck_one {} || echo "FAILED {}"' | tee -a "$out/tests.log" | sed -n 's/^FAILED //p')
    report() {
        { echo "=== $1 ($2)"; grep -v 'Host Frame' "$out/memcheck/$(basename "$1" .yaml).log" | head -150; } >>"$out/memcheck-failures.log"
    }
    for app in $failed; do
        status=1
        report "$app" "8 at a time"
        memcheck_one "$app" | sed 's/^/alone: /' | tee -a "$out/tests.log" || report "$app" alone
    done
    rm -rf "$out/memcheck"
else
    echo "compute-sanitizer not found: memcheck skipped" | tee -a "$out/tests.log"
fi

if [ "${GXF_GPU_BENCH:-1}" != 0 ]; then
    python3 bench/gpu_bench.py --gxe "$bundle/target/release/gxe" --json "$out/gpu-bench.json" 2>&1 | tee "$out/bench.log" ||
        status=1
fi
exit $status
