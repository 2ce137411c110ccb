//! The conformance runner: every app in `conformance/must_pass.txt` must give the exit status
//! that `../shared/conformance/expect.tsv` expects, run as `gxe --app <app>` from the corpus
//! folder with the gxe (and the extensions beside it) of this build, several at a time
//! (`GXF_CONFORMANCE_JOBS`, default twice the CPUs; apps listed in `ALONE` run one by one at the
//! end), each one's result line printed as it finishes. A second, ignored test runs
//! the rest of group 1 and prints a progress table. Group-2 apps (Python codelets) run in a copy
//! of the corpus with the project's own codelets (`tests/python`) laid over it.

use gxf_tests::conformance::{
    corpus_dir, find_gxe, last_durations, overlay_corpus, parallel_jobs, parse_expect, parse_list, python_codelets_dir,
    run_cases, save_durations, Case, CaseRun, Expect,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Lines of output shown for a failing app.
const TAIL_LINES: usize = 20;

/// Writes straight to stderr, past the test harness's output capture.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// The corpus's cases, or `None` (after saying so) when the corpus is absent.
fn corpus() -> Option<(PathBuf, Vec<Case>)> {
    let dir = corpus_dir();
    if !dir.join("expect.tsv").is_file() {
        note("skipping: ../shared/conformance not found");
        return None;
    }
    let text = std::fs::read_to_string(dir.join("expect.tsv")).expect("read expect.tsv");
    Some((dir, parse_expect(&text).unwrap_or_else(|e| panic!("{e}"))))
}

fn must_pass() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/must_pass.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_list(&text)
}

fn log_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance")
}

fn announce(gxe: &Path, jobs: usize) {
    note(&format!("conformance: using {}, {jobs} apps at a time; logs in {}", gxe.display(), log_dir().display()));
}

fn failure_report(case: &Case, run: &CaseRun) -> String {
    let tail: Vec<String> = run.tail(TAIL_LINES).iter().map(|l| format!("    | {l}")).collect();
    format!(
        "{}\n  expected {}, got {} after {:.1} s (full output: {})\n{}",
        case.app,
        case.expect,
        run.outcome,
        run.elapsed.as_secs_f64(),
        run.log.display(),
        tail.join("\n")
    )
}

/// Apps that run alone, after all the others: they judge rates, periods or deadlines by the wall
/// clock, and apps running beside them could make them late.
const ALONE: &[&str] = &[];

/// The cases with the folder each runs in: group-2 apps in `python_tree`, the rest in `dir`.
fn with_folders<'a>(cases: &[&'a Case], dir: &Path, python_tree: Option<&PathBuf>) -> Vec<(&'a Case, PathBuf)> {
    cases
        .iter()
        .map(|c| {
            let cwd = match (python_tree, c.group.as_str()) {
                (Some(tree), "2") => tree.clone(),
                _ => dir.to_path_buf(),
            };
            (*c, cwd)
        })
        .collect()
}

#[test]
fn must_pass_apps_give_their_expected_result() {
    let Some((dir, cases)) = corpus() else { return };
    let listed = must_pass();
    let mut problems = Vec::new();
    let mut runnable = Vec::new();
    for app in &listed {
        match cases.iter().find(|c| &c.app == app) {
            None => problems.push(format!("{app}\n  is listed in must_pass.txt but is not a row of expect.tsv")),
            Some(c) if c.expect == Expect::Driver => {
                problems.push(format!("{app}\n  is a `driver` row: this runner cannot run it through gxe"))
            }
            Some(c) => runnable.push(c),
        }
    }
    if !runnable.is_empty() {
        let gxe = find_gxe().unwrap_or_else(|e| panic!("{e}"));
        let jobs = parallel_jobs();
        announce(&gxe, jobs);
        let python_tree = runnable.iter().any(|c| c.group == "2").then(|| {
            let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-python-tree");
            overlay_corpus(&dir, &python_codelets_dir(), &scratch)
                .unwrap_or_else(|e| panic!("cannot build {}: {e}", scratch.display()))
        });
        // The longest apps of the last run start first, so that they do not finish last alone;
        // without a last run, those with the largest time budget.
        let last = last_durations(&log_dir());
        let (alone, mut together): (Vec<&Case>, Vec<&Case>) =
            runnable.into_iter().partition(|c| ALONE.contains(&c.app.as_str()));
        together.sort_by(|a, b| {
            let secs = |c: &Case| last.get(&c.app).copied().unwrap_or(c.max_seconds as f64);
            secs(b).total_cmp(&secs(a))
        });
        let total = together.len() + alone.len();
        let (mut finished, mut passed, mut durations) = (0, 0, Vec::new());
        let mut report = |case: &Case, run: CaseRun| {
            finished += 1;
            let verdict = if run.passed(case) { "pass" } else { "FAIL" };
            note(&format!("[{finished:>3}/{total}] {verdict} {:>5.1} s  {}", run.elapsed.as_secs_f64(), case.app));
            durations.push((case.app.clone(), run.elapsed.as_secs_f64()));
            if run.passed(case) {
                passed += 1;
            } else {
                problems.push(failure_report(case, &run));
            }
        };
        let tree = python_tree.as_ref();
        run_cases(&gxe, &with_folders(&together, &dir, tree), &log_dir(), jobs, |_, c, r| report(c, r));
        run_cases(&gxe, &with_folders(&alone, &dir, tree), &log_dir(), 1, |_, c, r| report(c, r));
        save_durations(&log_dir(), &durations);
        note(&format!("conformance: {passed} of {total} must-pass apps gave their expected result"));
    }
    assert!(
        problems.is_empty(),
        "{} of {} must-pass conformance apps failed:\n\n{}",
        problems.len(),
        listed.len(),
        problems.join("\n\n")
    );
}

#[test]
#[ignore = "runs all of group 1 (minutes); progress report only: cargo test -p gxf-tests -- --ignored"]
fn group_1_progress() {
    let Some((dir, cases)) = corpus() else { return };
    let listed = must_pass();
    let todo: Vec<&Case> =
        cases.iter().filter(|c| c.group == "1" && c.expect != Expect::Driver && !listed.contains(&c.app)).collect();
    let gxe = match find_gxe() {
        Ok(gxe) => gxe,
        Err(e) => return note(&format!("no progress report: {e}")),
    };
    let jobs = parallel_jobs();
    announce(&gxe, jobs);
    note(&format!("{:<6} {:<6} {:<24} {:>7}  app  [gxe's error]", "result", "expect", "got", "seconds"));
    let mut passed = 0;
    run_cases(&gxe, &with_folders(&todo, &dir, None), &log_dir(), jobs, |_, case, run| {
        let ok = run.passed(case);
        passed += usize::from(ok);
        let result = if ok { "pass" } else { "FAIL" };
        let got = run.outcome.to_string();
        let why = run.gxe_error().map(|e| format!("  [{e}]")).unwrap_or_default();
        let (expect, secs) = (case.expect.to_string(), run.elapsed.as_secs_f64());
        note(&format!("{result:<6} {expect:<6} {got:<24} {secs:>7.1}  {}{why}", case.app));
    });
    note(&format!(
        "group-1 progress: {passed} of the {} apps not yet in must_pass.txt give their expected result",
        todo.len()
    ));
}
