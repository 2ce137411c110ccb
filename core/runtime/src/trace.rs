//! Recording a run for pictures of time: every tick (entity, thread, start, duration) and every
//! message handed from a transmitter to a receiver (a flow from the producing tick to the next
//! tick of the receiving entity). Off unless `Runtime::enable_trace` was called; then each
//! thread appends to its own log, so recording takes no shared lock per tick.

use crate::context::Runtime;
use crate::result::{Code, Error, Result};
use crate::sync::lock;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One recorded event.
#[derive(Clone, Copy, Debug)]
enum Record {
    Tick { eid: i64, start_ns: u64, dur_ns: u64 },
    FlowStart { id: u64, ts_ns: u64 },
    FlowEnd { id: u64, ts_ns: u64 },
}

/// One thread's log.
struct ThreadLog {
    index: usize,
    name: String,
    records: Mutex<Vec<Record>>,
}

/// The recorder of one run.
pub struct Trace {
    id: usize,
    origin: Instant,
    threads: Mutex<Vec<Arc<ThreadLog>>>,
    next_flow: AtomicU64,
    /// Flows delivered to an entity and not yet ended by its next tick.
    pending: Mutex<HashMap<i64, Vec<u64>>>,
}

thread_local! {
    /// This thread's log in the trace with the given id.
    static LOG: RefCell<Option<(usize, Arc<ThreadLog>)>> = const { RefCell::new(None) };
}

/// Per-entity totals of a run (`gxe --stats`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityStats {
    /// Ticks.
    pub ticks: u64,
    /// Time spent ticking, nanoseconds.
    pub busy_ns: u64,
    /// Longest tick, nanoseconds.
    pub max_ns: u64,
    /// Messages delivered to receivers of other entities.
    pub messages_out: u64,
}

impl Trace {
    fn new() -> Trace {
        static IDS: AtomicUsize = AtomicUsize::new(1);
        Trace {
            id: IDS.fetch_add(1, Ordering::Relaxed),
            origin: Instant::now(),
            threads: Mutex::new(Vec::new()),
            next_flow: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
        }
    }

    fn ns(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.origin).as_nanos() as u64
    }

    /// Appends to this thread's log (creating it on first use).
    fn append(&self, record: Record) {
        LOG.with(|cell| {
            let mut cell = cell.borrow_mut();
            let fresh = !matches!(&*cell, Some((id, _)) if *id == self.id);
            if fresh {
                let mut threads = lock(&self.threads);
                let index = threads.len();
                let name = std::thread::current().name().map_or_else(|| format!("thread {index}"), str::to_string);
                let log = Arc::new(ThreadLog { index, name, records: Mutex::new(Vec::with_capacity(1024)) });
                threads.push(log.clone());
                *cell = Some((self.id, log));
            }
            if let Some((_, log)) = &*cell {
                lock(&log.records).push(record);
            }
        });
    }

    /// A tick of `eid` from `start` to `end`.
    pub(crate) fn tick(&self, eid: i64, start: Instant, end: Instant) {
        let start_ns = self.ns(start);
        self.append(Record::Tick { eid, start_ns, dur_ns: self.ns(end).saturating_sub(start_ns) });
    }

    /// Messages just delivered to the receivers of `targets`.
    pub(crate) fn delivered(&self, targets: &[i64], at: Instant) {
        let ts_ns = self.ns(at);
        for &eid in targets {
            let id = self.next_flow.fetch_add(1, Ordering::Relaxed);
            self.append(Record::FlowStart { id, ts_ns });
            lock(&self.pending).entry(eid).or_default().push(id);
        }
    }

    /// `eid` starts a tick at `at`: the messages delivered to it since its last tick end here.
    pub(crate) fn ticking(&self, eid: i64, at: Instant) {
        let ids = lock(&self.pending).remove(&eid).unwrap_or_default();
        let ts_ns = self.ns(at);
        for id in ids {
            self.append(Record::FlowEnd { id, ts_ns });
        }
    }

    fn records(&self) -> Vec<(usize, String, Vec<Record>)> {
        lock(&self.threads).iter().map(|t| (t.index, t.name.clone(), lock(&t.records).clone())).collect()
    }

    /// Per-entity totals, by entity id. A delivery is counted for the entity whose tick
    /// follows it in the same thread's log (deliveries are recorded inside a tick, and the tick
    /// itself when it ends).
    pub fn stats(&self) -> HashMap<i64, EntityStats> {
        let mut stats: HashMap<i64, EntityStats> = HashMap::new();
        for (_, _, records) in self.records() {
            let mut delivered = 0;
            for r in records {
                match r {
                    Record::Tick { eid, dur_ns, .. } => {
                        let s = stats.entry(eid).or_default();
                        s.ticks += 1;
                        s.busy_ns += dur_ns;
                        s.max_ns = s.max_ns.max(dur_ns);
                        s.messages_out += std::mem::take(&mut delivered);
                    }
                    Record::FlowStart { .. } => delivered += 1,
                    Record::FlowEnd { .. } => {}
                }
            }
        }
        stats
    }

    /// The trace in Chrome's trace-event JSON format (Perfetto and chrome://tracing read it).
    pub fn chrome_json(&self, rt: &Runtime) -> String {
        let mut out = String::from("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        let us = |ns: u64| ns as f64 / 1000.0;
        let mut first = true;
        let mut push = |out: &mut String, event: String| {
            if !first {
                out.push_str(",\n");
            }
            first = false;
            out.push_str(&event);
        };
        let mut names: HashMap<i64, String> = HashMap::new();
        for (tid, name, mut records) in self.records() {
            // A delivery is recorded inside its tick, before the tick (written when it ends).
            records.sort_by_key(|r| match r {
                Record::Tick { start_ns, .. } => *start_ns,
                Record::FlowStart { ts_ns, .. } | Record::FlowEnd { ts_ns, .. } => *ts_ns,
            });
            push(
                &mut out,
                format!(
                    "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":{tid},\"args\":{{\"name\":{}}}}}",
                    json(&name)
                ),
            );
            for r in records {
                let event = match r {
                    Record::Tick { eid, start_ns, dur_ns } => {
                        let name = names.entry(eid).or_insert_with(|| rt.entity_name(eid));
                        format!(
                            "{{\"name\":{},\"cat\":\"tick\",\"ph\":\"X\",\"ts\":{:.3},\"dur\":{:.3},\"pid\":1,\"tid\":{tid},\"args\":{{\"eid\":{eid}}}}}",
                            json(name),
                            us(start_ns),
                            us(dur_ns)
                        )
                    }
                    Record::FlowStart { id, ts_ns } => format!(
                        "{{\"name\":\"message\",\"cat\":\"message\",\"ph\":\"s\",\"id\":{id},\"ts\":{:.3},\"pid\":1,\"tid\":{tid}}}",
                        us(ts_ns)
                    ),
                    Record::FlowEnd { id, ts_ns } => format!(
                        "{{\"name\":\"message\",\"cat\":\"message\",\"ph\":\"f\",\"bp\":\"e\",\"id\":{id},\"ts\":{:.3},\"pid\":1,\"tid\":{tid}}}",
                        us(ts_ns)
                    ),
                };
                push(&mut out, event);
            }
        }
        out.push_str("\n]}\n");
        out
    }

    /// Writes [`chrome_json`](Self::chrome_json) to `path`.
    pub fn write_chrome_json(&self, rt: &Runtime, path: &str) -> Result<()> {
        std::fs::write(path, self.chrome_json(rt))
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot write the trace '{path}': {e}")))
    }
}

/// A JSON string literal.
fn json(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Runtime {
    /// Starts recording ticks and message flows (before the graph runs); returns the recorder.
    /// Recording stays on for the life of the context.
    pub fn enable_trace(&self) -> Arc<Trace> {
        self.trace.get_or_init(|| Arc::new(Trace::new())).clone()
    }

    /// The recorder, when recording.
    pub(crate) fn trace(&self) -> Option<&Arc<Trace>> {
        self.trace.get()
    }
}
