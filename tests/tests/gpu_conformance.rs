//! The GPU rows of the conformance corpus: every group-3 (CUDA) and group-4 (RMM) app of
//! `../shared/conformance/expect.tsv` that runs through gxe must give its expected exit status.
//! Python apps run in a copy of the corpus with the project's own codelets (`tests/python`) laid
//! over it. Skips, saying why, on a machine without a CUDA driver or GPU; `tests/gpu/run.sh` runs
//! it on the GPU machine.

use gxf_tests::conformance::{
    corpus_dir, find_gxe, overlay_corpus, parallel_jobs, parse_expect, python_codelets_dir, run_case, run_cases, Case,
    CaseRun, Expect,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most GPU apps run at once.
const GPU_JOBS: usize = 8;

/// Writes straight to stderr, past the test harness's output capture.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[test]
fn gpu_apps_give_their_expected_result() {
    if !gxf_cuda_sdk::cuda_available() {
        let why = gxf_cuda_sdk::device::device_count().map_or_else(|e| e.message, |_| "no CUDA device".into());
        return note(&format!("skipping the GPU conformance apps: {why}"));
    }
    let dir = corpus_dir();
    let Ok(text) = std::fs::read_to_string(dir.join("expect.tsv")) else {
        return note(&format!("skipping: no conformance corpus at {}", dir.display()));
    };
    let cases = parse_expect(&text).unwrap_or_else(|e| panic!("{e}"));
    let gpu: Vec<&Case> =
        cases.iter().filter(|c| (c.group == "3" || c.group == "4") && c.expect != Expect::Driver).collect();
    let gxe = find_gxe().unwrap_or_else(|e| panic!("{e}"));
    let logs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gpu-conformance");
    let python_tree = overlay_corpus(&dir, &python_codelets_dir(), &logs.join("python-tree"))
        .unwrap_or_else(|e| panic!("cannot lay the Python codelets over the corpus: {e}"));
    // Several at a time, as the CPU corpus runs, but no more than GPU_JOBS: each app takes its
    // pools of device memory and a context.
    let jobs = parallel_jobs().min(GPU_JOBS);
    note(&format!(
        "gpu conformance: {} apps, {jobs} at a time, with {}; logs in {}",
        gpu.len(),
        gxe.display(),
        logs.display()
    ));
    let folders: Vec<(&Case, PathBuf)> = gpu
        .iter()
        .map(|&case| (case, if case.app.starts_with("gxf/python/") { python_tree.clone() } else { dir.clone() }))
        .collect();
    let mut failures = Vec::new();
    run_cases(&gxe, &folders, &logs, jobs, |i, case, run| {
        note(&verdict_line(case, &run));
        if !run.passed(case) {
            failures.push((i, describe_failure(case, &run)));
        }
    });
    // Run each failure again alone, to tell a failure that needs load (a race, or a GPU shared
    // with other apps) from a steady one; both count.
    if jobs > 1 {
        for (i, text) in &mut failures {
            let (case, folder) = &folders[*i];
            let alone = run_case(&gxe, folder, case, &logs.join("alone"));
            note(&format!("alone: {}", verdict_line(case, &alone)));
            if alone.passed(case) {
                text.push_str("\n    run again alone: passed");
            } else {
                text.push_str(&format!("\n    run again alone: {}", describe_failure(case, &alone)));
            }
        }
    }
    let texts: Vec<&str> = failures.iter().map(|(_, text)| text.as_str()).collect();
    assert!(texts.is_empty(), "{} of {} GPU apps failed:\n\n{}", texts.len(), gpu.len(), texts.join("\n\n"));
}

/// One line on `run` of `case`: pass or FAIL, its time, the app and its outcome.
fn verdict_line(case: &Case, run: &CaseRun) -> String {
    let verdict = if run.passed(case) { "pass" } else { "FAIL" };
    format!("{verdict} {:>6.1} s  {}  ({})", run.elapsed.as_secs_f64(), case.app, run.outcome)
}

/// What went wrong in `run` of `case`, with the last lines of its log.
fn describe_failure(case: &Case, run: &CaseRun) -> String {
    let tail: Vec<String> = run.tail(40).iter().map(|l| format!("    | {l}")).collect();
    format!("{}: expected {}, got {}\n{}", case.app, case.expect, run.outcome, tail.join("\n"))
}
