//! `gxe --trace FILE` and `gxe --stats`: a Chrome trace of every tick and message delivery, and
//! per-entity and per-codelet totals, for GXF's own ping apps under single- and multi-threaded
//! schedulers; and JobStatistics' entity and codelet statistics in its JSON file and console
//! report.

use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::{gxe, run_in_scratch};
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
    // Per codelet, as JobStatistics reports codelets: the ticks, then mean, p90, max and interval
    // (summed over the codelets of one type: some apps have several senders).
    let ticks_of = |ty: &str| -> usize {
        let rows: Vec<Vec<&str>> = stats
            .lines()
            .filter_map(|l| l.split_once(&format!("({ty})")))
            .map(|(_, numbers)| numbers.split_whitespace().collect())
            .collect();
        assert!(!rows.is_empty() && rows.iter().all(|r| r.len() == 5), "{ty}: five numbers a row:\n{stats}");
        rows.iter().map(|r| r[0].parse::<usize>().unwrap()).sum()
    };
    assert!(stats.contains("interval us"), "a codelet table:\n{stats}");
    assert_eq!(ticks_of("nvidia::gxf::PingTx"), ticks_per_side, "{stats}");
    assert_eq!(ticks_of("nvidia::gxf::PingRx"), ticks_per_side, "{stats}");
}

const JOB_STATISTICS_PING: &str =
    "name: tx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferTransmitter\n\
- name: ping\n  type: nvidia::gxf::PingTx\n  parameters: {signal: signal}\n\
- type: nvidia::gxf::CountSchedulingTerm\n  parameters: {count: 10}\n\
---\nname: rx\ncomponents:\n- name: signal\n  type: nvidia::gxf::DoubleBufferReceiver\n\
- type: nvidia::gxf::MessageAvailableSchedulingTerm\n  parameters: {receiver: signal, min_size: 1}\n\
- name: pong\n  type: nvidia::gxf::PingRx\n  parameters: {signal: signal}\n\
---\ncomponents:\n- type: nvidia::gxf::Connection\n  parameters: {source: tx/signal, target: rx/signal}\n\
---\nname: scheduler\ncomponents:\n- name: clock\n  type: nvidia::gxf::RealtimeClock\n\
- type: nvidia::gxf::GreedyScheduler\n  parameters: {clock: clock, max_duration_ms: 10000}\n\
- type: nvidia::gxf::JobStatistics\n  parameters: {clock: clock, codelet_statistics: CODELETS, json_file_path: JSON}\n";

/// What one run of the ping above reported through its JobStatistics.
struct JobReport {
    /// The JSON file's top-level keys.
    keys: String,
    /// The `codelets` section: one `entity codelet count mean p90 max frequency` line per codelet.
    codelets: Vec<String>,
    /// The `entities` section: one line per entity, its sorted keys.
    entity_keys: Vec<String>,
    /// The `entities` section: one `name count median_s p90_ms max_ms load exec_ms` line per
    /// entity (GXF's `execution_time_median_ms` holds seconds), with the three variation numbers.
    entities: Vec<String>,
    /// gxe's output (at INFO: the console report).
    console: String,
}

/// Runs the ping above with its JobStatistics' `codelet_statistics` set to `codelets`; reads
/// the JSON file with Python's json module.
fn job_statistics_json(codelets: bool) -> JobReport {
    let json = std::env::temp_dir().join(format!("gxf_job_statistics_{}_{codelets}.json", std::process::id()));
    let graph = JOB_STATISTICS_PING.replace("CODELETS", &codelets.to_string()).replace("JSON", &json.to_string_lossy());
    let (exit, console) = run_in_scratch(&gxe(), &[("g.yaml", &graph)], &["--app", "g.yaml", "--severity", "3"], &[]);
    assert_eq!(exit, 0, "{console}");
    let script = "import json,sys\nd=json.load(open(sys.argv[1]))\nprint(' '.join(sorted(d)))\n\
                  for e in d['codelets']:\n for c in e['entity']:\n  print('C', e['name'], c['codelet_name'], c['count'], \
                  c['execution_time_mean_ms'], c['execution_time_90_ms'], c['execution_time_max_ms'], c['tick_frequency_per_ms'])\n\
                  for e in d['entities']:\n print('K', ' '.join(sorted(e)))\n print('E', e['name'], e['count'], \
                  e['execution_time_median_ms'], e['execution_time_90_ms'], e['execution_time_max_ms'], e['load_percentage'], \
                  e['execution_time_ms'], e['variation_median_ns'], e['variation_90_ns'], e['variation_max_ns'])";
    let read = Command::new("python3").args(["-c", script]).arg(&json).output().expect("python3 runs");
    let _ = std::fs::remove_file(&json);
    assert!(read.status.success(), "valid JSON: {}", String::from_utf8_lossy(&read.stderr));
    let text = String::from_utf8_lossy(&read.stdout).into_owned();
    let mut lines = text.lines();
    let keys = lines.next().unwrap_or_default().to_string();
    let mut report = JobReport { keys, codelets: vec![], entity_keys: vec![], entities: vec![], console };
    for line in lines {
        match line.split_once(' ') {
            Some(("C", rest)) => report.codelets.push(rest.into()),
            Some(("K", rest)) => report.entity_keys.push(rest.into()),
            Some(("E", rest)) => report.entities.push(rest.into()),
            _ => panic!("unexpected line {line}"),
        }
    }
    report
}

/// `codelet_statistics: true` makes JobStatistics report every codelet in GXF's JSON layout
/// (`codelets`: per entity, its codelets' count and tick times in ms) and in GXF's console
/// report.
#[test]
fn job_statistics_writes_codelet_statistics_in_gxf_layout() {
    let JobReport { codelets, keys, console, .. } = job_statistics_json(true);
    assert_eq!(keys, "codelets entities");
    let find = |entity: &str, codelet: &str| {
        codelets.iter().find(|l| l.starts_with(&format!("{entity} {codelet} "))).cloned().unwrap_or_default()
    };
    for (entity, codelet) in [("tx", "ping"), ("rx", "pong")] {
        let line = find(entity, codelet);
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.get(2), Some(&"10"), "{entity}/{codelet} ticked 10 times: {codelets:?}");
        let times: Vec<f64> = fields[3..6].iter().map(|f| f.parse().unwrap()).collect();
        assert!(times.iter().all(|t| *t >= 0.0) && times[0] <= times[2] && times[1] <= times[2], "{line}");
    }
    assert_eq!(codelets.len(), 2, "{codelets:?}");
    assert!(console.contains("Codelet Statistics Report (regular)"), "{console}");
    let row = |entity: &str, codelet: &str| {
        console.lines().any(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            cells.len() == 9 && cells[1] == entity && cells[2] == codelet && cells[3] == "10"
        })
    };
    assert!(row("tx", "ping") && row("rx", "pong"), "a console row per codelet:\n{console}");
}

/// Without `codelet_statistics`, no codelet is timed: the section is empty, as in GXF.
#[test]
fn job_statistics_without_codelet_statistics_reports_no_codelets() {
    let JobReport { codelets, keys, entities, console, .. } = job_statistics_json(false);
    assert_eq!(keys, "codelets entities");
    assert!(codelets.is_empty(), "{codelets:?}");
    assert!(!console.contains("Codelet Statistics Report"), "{console}");
    // The entities are reported all the same: GXF always collects them.
    assert_eq!(entities.len(), 2, "{entities:?}");
}

/// GXF's entity numbers, in GXF's JSON layout (`entities`: per entity its name, ticks,
/// execution times, load and ticking variation) and in GXF's console report.
#[test]
fn job_statistics_reports_entities_in_gxf_layout() {
    let JobReport { entity_keys, entities, console, .. } = job_statistics_json(false);
    let gxf_keys = "count execution_time_90_ms execution_time_max_ms execution_time_median_ms execution_time_ms \
                    load_percentage name variation_90_ns variation_max_ns variation_median_ns";
    assert_eq!(entity_keys, [gxf_keys, gxf_keys], "{entities:?}");
    for entity in ["tx", "rx"] {
        let line = entities.iter().find(|l| l.starts_with(&format!("{entity} "))).cloned().unwrap_or_default();
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.get(1), Some(&"10"), "{entity} ticked 10 times: {entities:?}");
        let n: Vec<f64> = fields[2..].iter().map(|f| f.parse().unwrap()).collect();
        let [median_s, p90_ms, max_ms, load, exec_ms, ..] = n[..] else { panic!("{line}") };
        assert!([median_s, p90_ms, max_ms, exec_ms].iter().all(|t| *t >= 0.0), "{line}");
        // Every number has five decimals, so the median (in seconds, as GXF writes it) is off by
        // up to 5e-6 s = 0.005 ms, the others by up to 5e-6 ms.
        let median_ms = median_s * 1000.0;
        assert!(median_ms <= max_ms + 5e-3 + 1e-5 && p90_ms <= max_ms && max_ms <= exec_ms + 1e-5, "{line}");
        assert!((0.0..=100.0).contains(&load), "{line}");
    }
    assert!(console.contains("Job Statistics Report (regular)"), "{console}");
    assert!(console.contains("| Name                                               |   Count | Time (Median - 90% - Max) [ms] | Load (%) | Exec(ms) | Variation (Median - 90% - Max) [ns]        |"), "{console}");
    for entity in ["tx", "rx"] {
        let row = console.lines().find(|l| l.split('|').nth(1).map(str::trim) == Some(entity));
        let cells: Vec<&str> =
            row.unwrap_or_else(|| panic!("a console row for {entity}:\n{console}")).split('|').collect();
        assert_eq!((cells.len(), cells[2].trim()), (12, "10"), "{console}");
    }
}

#[test]
fn a_greedy_ping_is_traced_tick_by_tick_with_its_messages() {
    check("gxf/test/apps/test_ping.yaml", 100);
}

#[test]
fn a_multithreaded_ping_is_traced_per_worker_thread() {
    check("gxf/test/apps/test_ping_multi_thread.yaml", 30);
}
