//! Progress of long work (syncing a repository, downloading packages) on stderr, only when
//! stderr is a terminal: one line rewritten in place.

use std::io::{IsTerminal, Write};

/// A progress line: `label [done/total] item`.
pub struct Progress {
    label: String,
    total: usize,
    done: usize,
    enabled: bool,
}

impl Progress {
    /// A progress line for `total` steps.
    pub fn new(label: &str, total: usize) -> Progress {
        Progress { label: label.to_string(), total, done: 0, enabled: std::io::stderr().is_terminal() }
    }

    /// One more step, about `item`.
    pub fn step(&mut self, item: &str) {
        self.done += 1;
        if self.enabled {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r\x1b[2K{} [{}/{}] {item}", self.label, self.done, self.total);
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.enabled && self.done > 0 {
            let _ = writeln!(std::io::stderr());
        }
    }
}
