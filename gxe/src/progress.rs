//! Progress of a long run on a terminal: once a second, ticks and messages so far and their
//! rates, on one line of stderr rewritten in place. Off when stderr is not a terminal.

use gxf_runtime::Context;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running progress line; [`stop`](Progress::stop) it when the graph has finished.
pub struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// `1234567` -> `1.23M`.
fn human(value: f64) -> String {
    match value {
        v if v >= 1e9 => format!("{:.2}G", v / 1e9),
        v if v >= 1e6 => format!("{:.2}M", v / 1e6),
        v if v >= 1e3 => format!("{:.1}k", v / 1e3),
        v => format!("{v:.0}"),
    }
}

impl Progress {
    /// Starts the line for `rt` when stderr is a terminal.
    pub fn start(rt: &Context) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let (rt, done) = (rt.clone(), done.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut last = (0u64, 0u64, started);
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(250));
                    if last.2.elapsed() < Duration::from_secs(1) || done.load(Ordering::Relaxed) {
                        continue;
                    }
                    let (ticks, messages) = rt.run_progress();
                    let seconds = last.2.elapsed().as_secs_f64();
                    let rate = |now: u64, before: u64| human(now.saturating_sub(before) as f64 / seconds);
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r\x1b[2K[gxe] {:.0} s: {} ticks ({}/s), {} messages ({}/s)",
                        started.elapsed().as_secs_f64(),
                        human(ticks as f64),
                        rate(ticks, last.0),
                        human(messages as f64),
                        rate(messages, last.1)
                    );
                    let _ = err.flush();
                    shown = true;
                    last = (ticks, messages, Instant::now());
                }
                if shown {
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
            })
        });
        Progress { done, thread }
    }

    /// Ends the line.
    pub fn stop(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
