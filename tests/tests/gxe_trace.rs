//! `gxe --trace FILE` and `gxe --stats`: a Chrome trace of every tick and message delivery, and
//! per-entity totals, for GXF's own ping apps under single- and multi-threaded schedulers.

use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::gxe;
use std::collections::HashMap;
use std::process::Command;

/// One event of the trace, with the fields the tests read.
#[derive(Debug)]
struct Event {
    ph: String,
    name: String,
    tid: i64,
    ts: f64,
    id: Option<i64>,
}

/// Parses the trace with Python's json module (the format's reference reader here) into events.
fn events(path: &std::path::Path) -> Vec<Event> {
    let script = "import json,sys\nd=json.load(open(sys.argv[1]))\nfor e in d['traceEvents']:\n print(e['ph'], e.get('tid',-1), e.get('ts',0), e.get('id',''), e['name'], sep='\\t')";
    let out = Command::new("python3").args(["-c", script]).arg(path).output().expect("python3 runs");
    assert!(out.status.success(), "the trace is valid JSON: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Event {
                ph: f[0].into(),
                tid: f[1].parse().unwrap(),
                ts: f[2].parse().unwrap(),
                id: f[3].parse().ok(),
                name: f[4].into(),
            }
        })
        .collect()
}

fn traced(app: &str) -> (Vec<Event>, String) {
    let corpus = corpus_dir();
    let path =
        std::env::temp_dir().join(format!("gxe_trace_{}_{}.json", std::process::id(), app.replace(['/', ','], "_")));
    let out = Command::new(gxe())
        .args(["--app", app, "--severity", "2", "--stats", "--trace"])
        .arg(&path)
        .current_dir(&corpus)
        .output()
        .expect("gxe runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let events = events(&path);
    let _ = std::fs::remove_file(&path);
    (events, stderr)
}

fn check(app: &str, ticks_per_side: usize) {
    if !corpus_dir().join("expect.tsv").is_file() {
        return eprintln!("skipping: ../shared/conformance not found");
    }
    let (events, stats) = traced(app);
    let ticks = |prefix: &str| events.iter().filter(|e| e.ph == "X" && e.name.starts_with(prefix)).count();
    assert_eq!((ticks("tx"), ticks("rx")), (ticks_per_side, ticks_per_side), "{app}");
    let mut last: HashMap<i64, f64> = HashMap::new();
    for e in events.iter().filter(|e| e.ph != "M") {
        let previous = last.insert(e.tid, e.ts).unwrap_or(f64::MIN);
        assert!(e.ts >= previous, "{app}: timestamps run backwards on thread {}: {previous} then {}", e.tid, e.ts);
    }
    let starts: Vec<i64> = events.iter().filter(|e| e.ph == "s").filter_map(|e| e.id).collect();
    let ends: Vec<i64> = events.iter().filter(|e| e.ph == "f").filter_map(|e| e.id).collect();
    assert_eq!(starts.len(), ticks_per_side, "{app}: one delivery per message");
    assert!(
        ends.iter().all(|id| starts.contains(id)) && ends.len() >= ticks_per_side - 1,
        "{app}: deliveries end in a tick"
    );
    assert!(stats.lines().any(|l| l.starts_with("tx")), "{stats}");
    assert!(stats.contains(&format!("total: {} ticks, {ticks_per_side} messages", 2 * ticks_per_side)), "{stats}");
}

#[test]
fn a_greedy_ping_is_traced_tick_by_tick_with_its_messages() {
    check("gxf/test/apps/test_ping.yaml", 100);
}

#[test]
fn a_multithreaded_ping_is_traced_per_worker_thread() {
    check("gxf/test/apps/test_ping_multi_thread.yaml", 30);
}
