//! The GXF conformance corpus (`../shared/conformance`): its case table (`expect.tsv`) and a
//! runner that executes one case through the gxe binary, as GXF's test harness does.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a case must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Exit status 0.
    Exit0,
    /// Exit status 1 (a deliberate failure).
    Exit1,
    /// Driven by a C or Python test program in GXF; not runnable through gxe.
    Driver,
    /// A long stress graph: no failure before the time budget (exit status 0 or still running).
    TimeoutOk,
}

impl Expect {
    /// The exit status gxe must give, or `None` for driver rows.
    pub fn status(self) -> Option<i32> {
        match self {
            Expect::Exit0 | Expect::TimeoutOk => Some(0),
            Expect::Exit1 => Some(1),
            Expect::Driver => None,
        }
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expect::Exit0 => "exit0",
            Expect::Exit1 => "exit1",
            Expect::Driver => "driver",
            Expect::TimeoutOk => "timeout-ok",
        })
    }
}

/// One row of `expect.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The `--app` argument (one file or a comma-separated list).
    pub app: String,
    /// Group: `1` CPU std/sample/test, `2` Python, `3` CUDA, `4` other, `R` registry.
    pub group: String,
    /// Expected result.
    pub expect: Expect,
    /// Wall-clock budget.
    pub max_seconds: u64,
}

/// The corpus folder: `$GXF_CONFORMANCE_DIR`, else `<workspace>/../shared/conformance`.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("GXF_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"),
    }
}

/// The project's own Python codelets for the group-2 and group-3 apps (`gxf/python/tests/*.py`,
/// written from the behaviour in the corpus README), laid over a copy of the corpus to run those
/// apps: `$GXF_PYTHON_CODELETS_DIR`, else `tests/python`.
pub fn python_codelets_dir() -> PathBuf {
    match std::env::var_os("GXF_PYTHON_CODELETS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("python"),
    }
}

/// Builds `scratch`: a copy of `corpus` with the tree `overlay` copied over it (group 2 runs
/// there, so the corpus itself is never written to). Replaces an older copy.
pub fn overlay_corpus(corpus: &Path, overlay: &Path, scratch: &Path) -> std::io::Result<PathBuf> {
    if scratch.exists() {
        std::fs::remove_dir_all(scratch)?;
    }
    copy_tree(corpus, scratch)?;
    copy_tree(overlay, scratch)?;
    Ok(scratch.to_path_buf())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            // The corpus is read-only; the copy must stay writable so that it can be replaced.
            let mut perms = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}

/// Parses `expect.tsv` (a header line, then tab-separated rows:
/// app, extensions, group, expect, max_seconds, checks).
pub fn parse_expect(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |what: &str| format!("expect.tsv line {}: {what}: {line}", i + 1);
            let [app, _extensions, group, expect, max_seconds, ..] = cols.as_slice() else {
                return Err(bad("fewer than 5 columns"));
            };
            let expect = match *expect {
                "exit0" => Expect::Exit0,
                "exit1" => Expect::Exit1,
                "driver" => Expect::Driver,
                "timeout-ok" => Expect::TimeoutOk,
                _ => return Err(bad("unknown expect value")),
            };
            let max_seconds = max_seconds.parse().map_err(|_| bad("max_seconds is not a number"))?;
            Ok(Case { app: app.to_string(), group: group.to_string(), expect, max_seconds })
        })
        .collect()
}

/// The app strings of a list file: one per line; blank lines and `#` comments are ignored.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

/// The gxe binary of this build: `<target>/<profile>/gxe` beside the test binary's profile
/// directory (so the profile and any `CARGO_TARGET_DIR` match), else the other profile's.
pub fn find_gxe() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate the test binary: {e}"))?;
    // The test binary is <target>/<profile>/deps/<name>.
    let profile_dir = exe.parent().and_then(Path::parent).ok_or("the test binary is not in <target>/<profile>/deps")?;
    let mut candidates = vec![profile_dir.join("gxe")];
    if let Some(target) = profile_dir.parent() {
        for profile in ["debug", "release"] {
            let candidate = target.join(profile).join("gxe");
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
    }
    candidates.iter().find(|p| p.is_file()).cloned().ok_or_else(|| {
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        format!(
            "gxe binary not found (looked for {}); build gxe and the extensions first: `cargo build` in the workspace",
            looked.join(", ")
        )
    })
}

/// How a gxe run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exited with this status.
    Exit(i32),
    /// Killed by this signal.
    Signal(i32),
    /// Still running after the budget (then killed).
    TimedOut(u64),
    /// Could not be started or waited for.
    Error(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Exit(code) => write!(f, "exit{code}"),
            Outcome::Signal(sig) => write!(f, "killed by signal {sig}"),
            Outcome::TimedOut(secs) => write!(f, "timed out after {secs} s"),
            Outcome::Error(e) => write!(f, "error: {e}"),
        }
    }
}

/// The result of running one case.
#[derive(Debug)]
pub struct CaseRun {
    /// How gxe ended.
    pub outcome: Outcome,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Where stdout and stderr were written (interleaved).
    pub log: PathBuf,
}

impl CaseRun {
    /// Whether the outcome is what the case expects.
    pub fn passed(&self, case: &Case) -> bool {
        match (&self.outcome, case.expect.status()) {
            (Outcome::TimedOut(_), _) => case.expect == Expect::TimeoutOk,
            (Outcome::Exit(got), Some(want)) => *got == want,
            _ => false,
        }
    }

    fn lines(&self) -> Vec<String> {
        let Ok(file) = File::open(&self.log) else { return vec![format!("(no output file {})", self.log.display())] };
        BufReader::new(file).lines().map_while(Result::ok).collect()
    }

    /// The last `n` lines of the output.
    pub fn tail(&self, n: usize) -> Vec<String> {
        let lines = self.lines();
        lines[lines.len().saturating_sub(n)..].to_vec()
    }

    /// gxe's last `<Step> Error: <GXF_CODE>` report, without the log line prefix.
    pub fn gxe_error(&self) -> Option<String> {
        self.lines()
            .iter()
            .rev()
            .find(|l| l.contains(" Error: GXF_"))
            .map(|l| l.split_once(": ").map_or(l.as_str(), |(_, rest)| rest).to_string())
    }
}

/// A file name for a case's log.
fn log_name(app: &str) -> String {
    let stem: String =
        app.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    format!("{stem}.log")
}

/// Runs `gxe --app <case.app>` in `corpus` with the case's time budget, writing the output to
/// a file in `log_dir`.
pub fn run_case(gxe: &Path, corpus: &Path, case: &Case, log_dir: &Path) -> CaseRun {
    let log = log_dir.join(log_name(&case.app));
    let start = Instant::now();
    let outcome = run_with_timeout(gxe, corpus, case, &log).unwrap_or_else(|e| Outcome::Error(e.to_string()));
    CaseRun { outcome, elapsed: start.elapsed(), log }
}

fn run_with_timeout(gxe: &Path, corpus: &Path, case: &Case, log: &Path) -> std::io::Result<Outcome> {
    std::fs::create_dir_all(log.parent().unwrap_or(Path::new(".")))?;
    let out = File::create(log)?;
    let mut child = Command::new(gxe)
        .arg("--app")
        .arg(&case.app)
        .current_dir(corpus)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(case.max_seconds);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(match (status.code(), status.signal()) {
                (Some(code), _) => Outcome::Exit(code),
                (None, Some(sig)) => Outcome::Signal(sig),
                (None, None) => Outcome::Error(format!("unknown exit status {status}")),
            });
        }
        if Instant::now() >= deadline {
            child.kill()?;
            child.wait()?;
            return Ok(Outcome::TimedOut(case.max_seconds));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many apps to run at once: `$GXF_CONFORMANCE_JOBS`, else twice the CPUs (most apps spend
/// their time waiting on a clock or a timeout, not computing).
pub fn parallel_jobs() -> usize {
    let from_env = std::env::var("GXF_CONFORMANCE_JOBS").ok().and_then(|v| v.trim().parse::<usize>().ok());
    from_env.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()) * 2).max(1)
}

/// Runs `cases` (each with the folder it runs in), `jobs` at a time, and calls `done` on the
/// calling thread as each one finishes (in the order they finish) with its index in `cases`.
/// Cases start in the order given.
pub fn run_cases<'a>(
    gxe: &Path,
    cases: &[(&'a Case, PathBuf)],
    log_dir: &Path,
    jobs: usize,
    mut done: impl FnMut(usize, &'a Case, CaseRun),
) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, cases.len().max(1)) {
            let (tx, next) = (tx.clone(), &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((case, cwd)) = cases.get(i) else { break };
                if tx.send((i, run_case(gxe, cwd, case, log_dir))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, run) in rx {
            done(i, cases[i].0, run);
        }
    });
}

/// Seconds each app took in the last run, from `log_dir/durations.tsv` (empty when there was
/// none): used to start the longest apps first.
pub fn last_durations(log_dir: &Path) -> std::collections::HashMap<String, f64> {
    let text = std::fs::read_to_string(log_dir.join("durations.tsv")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(secs, app)| Some((app.to_string(), secs.parse().ok()?)))
        .collect()
}

/// Records how long each app took (see [`last_durations`]); apps of earlier runs that did not
/// run this time keep their times.
pub fn save_durations(log_dir: &Path, runs: &[(String, f64)]) {
    let mut all = last_durations(log_dir);
    all.extend(runs.iter().cloned());
    let mut lines: Vec<String> = all.into_iter().map(|(app, secs)| format!("{secs:.1}\t{app}")).collect();
    lines.sort();
    let _ = std::fs::create_dir_all(log_dir);
    let _ = std::fs::write(log_dir.join("durations.tsv"), lines.join("\n") + "\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "app\textensions\tgroup\texpect\tmax_seconds\tchecks\n\
        a.yaml\tstd\t1\texit0\t60\tchecks a\n\
        b.yaml,c.yaml\tstd,test\t1\texit1\t31\tchecks b\n\
        \n\
        d.yaml\tstd\t3\tdriver\t120\tchecks d\n";

    #[test]
    fn parses_the_case_table() {
        let cases = parse_expect(TSV).unwrap();
        assert_eq!(cases.len(), 3);
        assert_eq!(
            cases[1],
            Case { app: "b.yaml,c.yaml".into(), group: "1".into(), expect: Expect::Exit1, max_seconds: 31 }
        );
        assert_eq!(cases[2].expect, Expect::Driver);
        assert_eq!(cases[2].expect.status(), None);
    }

    #[test]
    fn timeout_ok_passes_on_a_clean_exit_or_a_run_still_going_at_the_budget() {
        let case = Case { app: "s.yaml".into(), group: "1".into(), expect: Expect::TimeoutOk, max_seconds: 60 };
        assert_eq!(parse_expect("h\ns.yaml\tstd\t1\ttimeout-ok\t60\tx\n").unwrap(), std::slice::from_ref(&case));
        let run = |outcome| CaseRun { outcome, elapsed: Duration::ZERO, log: PathBuf::new() };
        assert!(run(Outcome::TimedOut(60)).passed(&case));
        assert!(run(Outcome::Exit(0)).passed(&case));
        assert!(!run(Outcome::Exit(1)).passed(&case));
        assert!(!run(Outcome::Signal(6)).passed(&case));
        let exit0 = Case { expect: Expect::Exit0, ..case };
        assert!(!run(Outcome::TimedOut(60)).passed(&exit0));
    }

    #[test]
    fn rejects_bad_rows() {
        assert!(parse_expect("h\na\tstd\t1\texit2\t60\tx\n").unwrap_err().contains("line 2: unknown expect"));
        assert!(parse_expect("h\na\tstd\t1\n").unwrap_err().contains("fewer than 5 columns"));
        assert!(parse_expect("h\na\tstd\t1\texit0\tsoon\tx\n").unwrap_err().contains("max_seconds"));
    }

    #[test]
    fn list_files_skip_comments_and_blanks() {
        assert_eq!(parse_list("# rule\n\n a.yaml \n#b.yaml\nc.yaml,d.yaml\n"), ["a.yaml", "c.yaml,d.yaml"]);
    }

    #[test]
    fn passing_needs_the_expected_exit_status() {
        let case = parse_expect(TSV).unwrap().remove(1);
        let run = |outcome| CaseRun { outcome, elapsed: Duration::ZERO, log: PathBuf::new() };
        assert!(run(Outcome::Exit(1)).passed(&case));
        assert!(!run(Outcome::Exit(0)).passed(&case));
        assert!(!run(Outcome::TimedOut(31)).passed(&case));
        assert!(!run(Outcome::Signal(11)).passed(&case));
    }

    #[test]
    fn finds_the_gxe_error_line() {
        let log = std::env::temp_dir().join(format!("gxf-tests-log-{}.log", std::process::id()));
        std::fs::write(
            &log,
            "2026-01-01 10:00:00.000 INFO  gxe/src/sequence.rs@27: Creating context\n\
             2026-01-01 10:00:00.001 ERROR gxe/src/sequence.rs@35: LoadApplication Error: GXF_FAILURE\n\
             a.yaml:1:2: bad\n",
        )
        .unwrap();
        let run = CaseRun { outcome: Outcome::Exit(1), elapsed: Duration::ZERO, log: log.clone() };
        let found = run.gxe_error();
        let tail = run.tail(2);
        std::fs::remove_file(&log).unwrap();
        assert_eq!(found.as_deref(), Some("LoadApplication Error: GXF_FAILURE"));
        assert_eq!(tail.len(), 2);
        assert_eq!(tail[1], "a.yaml:1:2: bad");
    }

    #[test]
    fn overlay_copies_the_corpus_then_the_overlay_over_it() {
        let base = std::env::temp_dir().join(format!("gxf-tests-overlay-{}", std::process::id()));
        let (corpus, overlay, scratch) = (base.join("corpus"), base.join("overlay"), base.join("scratch"));
        std::fs::create_dir_all(corpus.join("gxf/python/tests")).unwrap();
        std::fs::create_dir_all(overlay.join("gxf/python/tests")).unwrap();
        std::fs::write(corpus.join("gxf/python/tests/app.yaml"), "graph").unwrap();
        std::fs::write(corpus.join("gxf/python/tests/Mine.py"), "theirs").unwrap();
        std::fs::write(overlay.join("gxf/python/tests/Mine.py"), "ours").unwrap();
        std::fs::create_dir_all(scratch.join("stale")).unwrap();
        overlay_corpus(&corpus, &overlay, &scratch).unwrap();
        let read = |p: &str| std::fs::read_to_string(scratch.join(p)).unwrap();
        let (app, mine, stale) =
            (read("gxf/python/tests/app.yaml"), read("gxf/python/tests/Mine.py"), scratch.join("stale").exists());
        std::fs::remove_dir_all(&base).unwrap();
        assert_eq!((app.as_str(), mine.as_str(), stale), ("graph", "ours", false));
    }

    #[test]
    fn cases_run_side_by_side_and_each_is_reported_once() {
        use std::os::unix::fs::PermissionsExt;
        let base = std::env::temp_dir().join(format!("gxf-tests-parallel-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        // A stand-in for gxe: `--app <seconds>` sleeps that long, then exits 0.
        let fake = base.join("fake-gxe");
        std::fs::write(&fake, "#!/bin/sh\nsleep \"$2\"\n").unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let cases: Vec<Case> = (0..4)
            .map(|i| Case { app: format!("0.{}", 5 + i), group: "1".into(), expect: Expect::Exit0, max_seconds: 10 })
            .collect();
        let with_dirs: Vec<(&Case, PathBuf)> = cases.iter().map(|c| (c, base.clone())).collect();
        let started = Instant::now();
        let mut seen = Vec::new();
        run_cases(&fake, &with_dirs, &base.join("logs"), 4, |i, case, run| {
            assert!(run.passed(case), "{:?}", run.outcome);
            seen.push(i);
        });
        let elapsed = started.elapsed();
        std::fs::remove_dir_all(&base).unwrap();
        seen.sort_unstable();
        assert_eq!(seen, [0, 1, 2, 3]);
        assert!(elapsed < Duration::from_millis(1700), "4 apps of 0.5-0.8 s at once took {elapsed:?}");
    }

    #[test]
    fn log_names_are_flat_file_names() {
        assert_eq!(log_name("gxf/a.yaml,gxf/b.yaml"), "gxf_a.yaml_gxf_b.yaml.log");
    }
}
