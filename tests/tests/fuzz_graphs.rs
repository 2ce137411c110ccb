//! A bounded mutation fuzzer over GXF's own graph files (`../shared/conformance`): each case
//! mutates one graph (extreme integers, deleted, repeated or swapped lines, stray YAML syntax,
//! truncation, long strings, misspelled types) and runs `gxe --check` on it from the corpus
//! folder. Every case must end with exit status 0 or 1 within the time limit: no abort, no
//! segfault, no stack overflow, no panic message, no hang.
//!
//! CI runs `GXF_FUZZ_CASES` cases (default 1,000) from a fixed seed; the long run documented in
//! README.md is `GXF_FUZZ_CASES=10000 cargo test --release -p gxf-tests --test fuzz_graphs -- --nocapture`
//! (`GXF_FUZZ_SEED` picks another sequence, `GXF_FUZZ_GXE` another gxe binary). Failing inputs are kept under
//! `target/tmp/fuzz-failures/` for replay with `gxe --app <file> --check` from the corpus folder.

use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::gxe;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A case that takes longer than this has hung.
const CASE_LIMIT: Duration = Duration::from_secs(20);

/// Values that break naive integer handling.
const EXTREME_INTEGERS: [&str; 12] = [
    "0",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "99999999999999999999999",
    "1e308",
    "-0.0",
];

/// Fragments of YAML syntax dropped into a line.
const SYNTAX: [&str; 14] = ["{", "}", "[", "]", ":", "- ", "&a ", "*a", "!!binary ", "%", "|", ">", "\t", "\"\\u"];

/// A small deterministic generator (xorshift64*), so that a seed replays the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One mutation of the lines of a graph file; returns its name.
fn mutate(lines: &mut Vec<String>, rng: &mut Rng) -> &'static str {
    if lines.is_empty() {
        lines.push(String::new());
    }
    let i = rng.below(lines.len());
    match rng.below(8) {
        0 => {
            let numbers: Vec<usize> = (0..lines.len()).filter(|&k| is_numeric_parameter(&lines[k])).collect();
            let k = numbers.get(rng.below(numbers.len())).copied().unwrap_or(i);
            let value = rng.pick(&EXTREME_INTEGERS);
            lines[k] = replace_last_number(&lines[k], value);
            "extreme integer"
        }
        1 => {
            lines.remove(i);
            "deleted line"
        }
        2 => {
            let line = lines[i].clone();
            lines.insert(i, line);
            "repeated line"
        }
        3 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
            "swapped lines"
        }
        4 => {
            let at = rng.below(lines[i].len() + 1);
            let at = (0..=at).rev().find(|&k| lines[i].is_char_boundary(k)).unwrap_or(0);
            let fragment = *rng.pick(&SYNTAX);
            lines[i].insert_str(at, fragment);
            "stray syntax"
        }
        5 => {
            lines.truncate(i);
            "truncated"
        }
        6 => {
            let long = "z".repeat(1 << (10 + rng.below(11)));
            lines[i] = match lines[i].split_once(": ") {
                Some((key, _)) => format!("{key}: {long}"),
                None => format!("{}{long}", lines[i]),
            };
            "long value"
        }
        _ => {
            lines[i] = lines[i].replacen("nvidia::gxf::", "nvidia::gfx::", 1).replacen("Scheduling", "Schedulng", 1);
            "misspelled name"
        }
    }
}

/// A `key: <number>` line: a parameter value, where extreme integers do the most harm.
fn is_numeric_parameter(line: &str) -> bool {
    line.split_once(": ")
        .is_some_and(|(_, value)| value.trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '-'))
}

/// `line` with its last run of digits (and sign) replaced by `value`.
fn replace_last_number(line: &str, value: &str) -> String {
    let bytes = line.as_bytes();
    let Some(end) = bytes.iter().rposition(u8::is_ascii_digit) else { return format!("{line} {value}") };
    let mut start = end;
    while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'-' || bytes[start - 1] == b'.') {
        start -= 1;
    }
    format!("{}{value}{}", &line[..start], &line[end + 1..])
}

/// The graph files of the corpus that gxe can load here (CPU groups; not the Python codelet
/// files, which start an interpreter per case).
fn graph_files(corpus: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![corpus.join("gxf")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("python") {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// How one case ended, when it ended badly.
fn run_case(gxe: &Path, corpus: &Path, file: &Path) -> Result<(), String> {
    let mut child = Command::new(gxe)
        .args(["--app"])
        .arg(file)
        .args(["--check", "--severity", "1"])
        .current_dir(corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start gxe: {e}"))?;
    let stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.take(1 << 20).read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > CASE_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {} s", CASE_LIMIT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let text = reader.join().unwrap_or_default();
    let tail: String = text.chars().rev().take(600).collect::<Vec<_>>().into_iter().rev().collect();
    match status.code() {
        Some(0 | 1) if text.contains("panicked") => Err(format!("panic message:\n{tail}")),
        Some(0 | 1) => Ok(()),
        Some(code) => Err(format!("exit status {code}:\n{tail}")),
        None => Err(format!("killed by a signal ({status}):\n{tail}")),
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_conformance_graphs_never_crash_gxe() {
    let corpus = corpus_dir();
    if !corpus.join("expect.tsv").is_file() {
        eprintln!("skipping: ../shared/conformance not found");
        return;
    }
    let files = graph_files(&corpus);
    assert!(!files.is_empty(), "graph files under {}", corpus.display());
    let (cases, seed) = (env_number("GXF_FUZZ_CASES", 1_000), env_number("GXF_FUZZ_SEED", 0x5eed_1234));
    let gxe = std::env::var_os("GXF_FUZZ_GXE").map_or_else(gxe, PathBuf::from);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let failures_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut rng = Rng(seed | 1);
    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    let started = Instant::now();
    for case in 0..cases {
        let source = rng.pick(&files).clone();
        let text = std::fs::read_to_string(&source).unwrap_or_default();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let mut applied = Vec::new();
        for _ in 0..=rng.below(3) {
            let kind = mutate(&mut lines, &mut rng);
            *kinds.entry(kind).or_default() += 1;
            applied.push(kind);
        }
        let file = scratch.join(format!("case{}.yaml", case % 64));
        std::fs::write(&file, lines.join("\n")).expect("write a case");
        if let Err(why) = run_case(&gxe, &corpus, &file) {
            std::fs::create_dir_all(&failures_dir).expect("failures folder");
            let kept = failures_dir.join(format!("case{case}.yaml"));
            let _ = std::fs::copy(&file, &kept);
            let origin = source.strip_prefix(&corpus).unwrap_or(&source).display().to_string();
            failures.push(format!("case {case} ({origin}; {}) kept as {}: {why}", applied.join(", "), kept.display()));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "fuzz: {cases} mutated graphs from {} files (seed {seed:#x}) in {:.1} s; mutations {kinds:?}; {} bad outcomes",
        files.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases crashed, panicked or hung:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_number_replacer_keeps_the_rest_of_the_line() {
    assert_eq!(replace_last_number("    capacity: 12", "-1"), "    capacity: -1");
    assert_eq!(replace_last_number("  x: [1, 2.5]", "0"), "  x: [1, 0]");
    assert_eq!(replace_last_number("name: tx", "7"), "name: tx 7");
}
