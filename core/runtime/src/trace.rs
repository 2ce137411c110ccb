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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One recorded event. A tick is recorded when its codelets and terms are done, just before it
/// hands its messages over; each delivery then follows the record of the tick that made it.
/// Where an arrow starts and ends is worked out when the trace is written, so recording a
/// delivery costs no clock read and no shared state.
#[derive(Clone, Copy, Debug)]
enum Record {
    Tick { eid: i64, start_ns: u64, dur_ns: u64 },
    Delivery { target: i64 },
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
        Trace { id: IDS.fetch_add(1, Ordering::Relaxed), origin: Instant::now(), threads: Mutex::new(Vec::new()) }
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
                // Unnamed threads inherit the process's name: keep the rows apart.
                let name = match os_thread_name() {
                    Some(name) if !threads.iter().any(|t| t.name == name) => name,
                    Some(name) => format!("{name} #{index}"),
                    None => format!("thread {index}"),
                };
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

    /// A message just delivered to the receivers of `targets` (by the tick recorded last).
    pub(crate) fn delivered(&self, targets: &[i64]) {
        for &target in targets {
            self.append(Record::Delivery { target });
        }
    }

    fn records(&self) -> Vec<(usize, String, Vec<Record>)> {
        lock(&self.threads).iter().map(|t| (t.index, t.name.clone(), lock(&t.records).clone())).collect()
    }

    /// Per-entity totals, by entity id. A delivery is counted for the entity whose tick
    /// precedes it in the same thread's log.
    pub fn stats(&self) -> HashMap<i64, EntityStats> {
        let mut stats: HashMap<i64, EntityStats> = HashMap::new();
        for (_, _, records) in self.records() {
            let mut last = None;
            for r in records {
                match r {
                    Record::Tick { eid, dur_ns, .. } => {
                        let s = stats.entry(eid).or_default();
                        s.ticks += 1;
                        s.busy_ns += dur_ns;
                        s.max_ns = s.max_ns.max(dur_ns);
                        last = Some(eid);
                    }
                    Record::Delivery { .. } => {
                        if let Some(eid) = last {
                            stats.entry(eid).or_default().messages_out += 1;
                        }
                    }
                }
            }
        }
        stats
    }

    /// Message arrows: (id, producing thread, start ns, consuming thread, end ns). An arrow
    /// starts just before the end of the tick that delivered the message (inside it, so viewers
    /// bind it to that tick) and ends at the start of the receiving entity's first tick that
    /// starts at or after that end: the message was handed over after it.
    fn arrows(records: &[(usize, String, Vec<Record>)]) -> Vec<(u64, usize, u64, usize, u64)> {
        let mut starts: HashMap<i64, Vec<(u64, usize)>> = HashMap::new();
        for (tid, _, log) in records {
            for r in log {
                if let Record::Tick { eid, start_ns, .. } = r {
                    starts.entry(*eid).or_default().push((*start_ns, *tid));
                }
            }
        }
        starts.values_mut().for_each(|ticks| ticks.sort_unstable());
        let mut arrows = Vec::new();
        for (tid, _, log) in records {
            let mut last_tick = None;
            for r in log {
                match *r {
                    Record::Tick { start_ns, dur_ns, .. } => last_tick = Some((start_ns, start_ns + dur_ns)),
                    Record::Delivery { target } => {
                        let Some((start_ns, end_ns)) = last_tick else { continue };
                        let at = end_ns.saturating_sub(1).max(start_ns);
                        let ticks = starts.get(&target).map(Vec::as_slice).unwrap_or(&[]);
                        let next = ticks.partition_point(|(start, _)| *start < end_ns);
                        if let Some(&(end, end_tid)) = ticks.get(next) {
                            arrows.push((arrows.len() as u64 + 1, *tid, at, end_tid, end));
                        }
                    }
                }
            }
        }
        arrows
    }

    /// The trace in Chrome's trace-event JSON format (Perfetto and chrome://tracing read it):
    /// per thread, its ticks as complete events in time order; message arrows as flow events.
    pub fn chrome_json(&self, rt: &Runtime) -> String {
        let records = self.records();
        let us = |ns: u64| ns as f64 / 1000.0;
        let mut per_thread: HashMap<usize, Vec<(u64, String)>> = HashMap::new();
        let mut names: HashMap<i64, String> = HashMap::new();
        // No "displayTimeUnit": older viewers read it as the unit of ts/dur (microseconds here).
        let mut out = String::from("{\"traceEvents\":[\n");
        // The process row is named after the program that ran the graph (gxe, python3, ...).
        let program =
            std::env::current_exe().ok().and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
        let _ = writeln!(
            out,
            "{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{{\"name\":{}}}}},",
            gxf_sdk::json::string(program.as_deref().unwrap_or("gxf"))
        );
        for (tid, name, log) in &records {
            let _ = writeln!(
                out,
                "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":{tid},\"args\":{{\"name\":{}}}}},",
                gxf_sdk::json::string(name)
            );
            let events = per_thread.entry(*tid).or_default();
            for r in log {
                if let Record::Tick { eid, start_ns, dur_ns } = *r {
                    let name = names.entry(eid).or_insert_with(|| gxf_sdk::json::string(&rt.entity_name(eid)));
                    let event = format!(
                        "{{\"name\":{name},\"cat\":\"tick\",\"ph\":\"X\",\"ts\":{:.3},\"dur\":{:.3},\"pid\":1,\"tid\":{tid},\"args\":{{\"eid\":{eid}}}}}",
                        us(start_ns),
                        us(dur_ns)
                    );
                    events.push((start_ns, event));
                }
            }
        }
        for (id, from, start, to, end) in Self::arrows(&records) {
            let flow = |ph: &str, tid: usize, ts: u64| {
                let bind = if ph == "f" { ",\"bp\":\"e\"" } else { "" };
                format!("{{\"name\":\"message\",\"cat\":\"message\",\"ph\":\"{ph}\"{bind},\"id\":{id},\"ts\":{:.3},\"pid\":1,\"tid\":{tid}}}", us(ts))
            };
            per_thread.entry(from).or_default().push((start, flow("s", from, start)));
            per_thread.entry(to).or_default().push((end, flow("f", to, end)));
        }
        let mut threads: Vec<_> = per_thread.into_iter().collect();
        threads.sort_by_key(|(tid, _)| *tid);
        let mut first = true;
        for (_, mut events) in threads {
            events.sort_by_key(|(ts, _)| *ts);
            for (_, event) in events {
                if !first {
                    out.push_str(",\n");
                }
                first = false;
                out.push_str(&event);
            }
        }
        if first {
            out.truncate(out.trim_end_matches([',', '\n']).len());
            out.push('\n');
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

/// The calling thread's name as the OS knows it: threads spawned by an extension are named by
/// that extension's own copy of std, which this one cannot see, but std also names the OS
/// thread (up to 15 bytes).
fn os_thread_name() -> Option<String> {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: the buffer is writable and its length is passed; the result is NUL-terminated.
    let ok = unsafe { libc::pthread_getname_np(libc::pthread_self(), buf.as_mut_ptr(), buf.len()) } == 0;
    // SAFETY: on success the buffer holds a NUL-terminated string.
    let name = ok.then(|| unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned())?;
    (!name.is_empty()).then_some(name)
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
