//! On a machine without a CUDA driver or GPU (CI), every GPU app of the conformance corpus (the
//! group-3 and group-4 rows) still loads, then either stops with exit status 1 and one line saying
//! that CUDA is missing, or (an app whose path never touches the GPU, such as a CUDA scheduling
//! term over messages without a stream) gives its expected result: never a crash, a panic or a
//! hang. Skips on a machine with a GPU, where `gpu_conformance` runs the same apps for real.

use gxf_tests::conformance::{
    corpus_dir, find_gxe, overlay_corpus, parse_expect, python_codelets_dir, run_case, Case, Expect, Outcome,
};
use std::io::Write;
use std::path::Path;

/// Writes straight to stderr, past the test harness's output capture.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[test]
fn gpu_apps_stop_cleanly_naming_the_missing_driver() {
    if gxf_cuda_sdk::cuda_available() {
        return note("skipping: this machine has a GPU (gpu_conformance runs these apps)");
    }
    let dir = corpus_dir();
    let Ok(text) = std::fs::read_to_string(dir.join("expect.tsv")) else {
        return note(&format!("skipping: no conformance corpus at {}", dir.display()));
    };
    let cases = parse_expect(&text).unwrap_or_else(|e| panic!("{e}"));
    let gpu: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            (c.group == "3" || c.group == "4") && c.expect != Expect::Driver && !c.app.starts_with("gxf/python/")
        })
        .collect();
    let gxe = find_gxe().unwrap_or_else(|e| panic!("{e}"));
    let logs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cuda-without-gpu");
    let python_tree = overlay_corpus(&dir, &python_codelets_dir(), &logs.join("python-tree"))
        .unwrap_or_else(|e| panic!("cannot lay the Python codelets over the corpus: {e}"));
    let mut problems = Vec::new();
    for case in &gpu {
        let cwd = if case.app.starts_with("gxf/python/") { &python_tree } else { &dir };
        let run = run_case(&gxe, cwd, case, &logs);
        let output = run.tail(200).join("\n");
        let stopped_naming_cuda = run.outcome == Outcome::Exit(1) && output.contains("no CUDA driver");
        if !(stopped_naming_cuda || run.passed(case)) || output.contains("panicked") {
            let tail: Vec<String> = run.tail(10).iter().map(|l| format!("    | {l}")).collect();
            problems.push(format!(
                "{}: {} (wanted exit1 naming the missing CUDA driver, or {})\n{}",
                case.app,
                run.outcome,
                case.expect,
                tail.join("\n")
            ));
        }
    }
    assert!(!gpu.is_empty(), "the corpus has no GPU rows");
    assert!(
        problems.is_empty(),
        "{} of {} GPU apps misbehaved without a GPU:\n\n{}",
        problems.len(),
        gpu.len(),
        problems.join("\n\n")
    );
}
