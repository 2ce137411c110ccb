//! Process-wide logging (GXF's severity levels), shared by the core and all extensions.

use crate::sync::lock;
use std::cell::RefCell;
use std::fs::File;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Mutex;

static SEVERITY: AtomicI32 = AtomicI32::new(3);
static LOG_FILE: Mutex<Option<File>> = Mutex::new(None);
/// Set when writing the log file failed; further lines go to stderr.
static LOG_FILE_FAILED: AtomicBool = AtomicBool::new(false);
/// Set once standard output was closed by its reader (`gxe ... | head`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Called once when standard output is closed (gxe interrupts the graph).
static ON_STDOUT_CLOSED: Mutex<Option<Box<dyn Fn() + Send>>> = Mutex::new(None);

/// Sets the severity threshold (0 none … 5 verbose).
pub fn set_severity(level: i32) {
    SEVERITY.store(level, Ordering::Relaxed);
}

/// The severity threshold.
pub fn severity() -> i32 {
    SEVERITY.load(Ordering::Relaxed)
}

/// Parses `GXF_LOG_LEVEL` text (case-insensitive names).
pub fn parse_level(text: &str) -> Option<i32> {
    match text.to_ascii_uppercase().as_str() {
        "NONE" => Some(0),
        "ERROR" => Some(1),
        "WARNING" | "WARN" => Some(2),
        "INFO" => Some(3),
        "DEBUG" => Some(4),
        "VERBOSE" => Some(5),
        _ => None,
    }
}

/// Sends all further log output to `file` instead of stderr.
pub fn redirect(file: File) {
    *lock(&LOG_FILE) = Some(file);
}

fn level_name(level: i32) -> &'static str {
    match level {
        1 => "ERROR",
        2 => "WARN ",
        3 => "INFO ",
        4 => "DEBUG",
        _ => "VERB ",
    }
}

/// `YYYY-MM-DD HH:MM:SS.mmm` (UTC) for a duration since the Unix epoch.
fn format_time(since_epoch: std::time::Duration) -> String {
    let secs = since_epoch.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since_epoch.subsec_millis()
    )
}

/// Writes one log line if `level` passes the threshold.
pub fn log(level: i32, file: &str, line: u32, message: &str) {
    if level > severity() || level <= 0 {
        return;
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let text = format!("{} {} {file}@{line}: {message}\n", format_time(now), level_name(level));
    let mut guard = lock(&LOG_FILE);
    match guard.as_mut() {
        Some(f) => {
            if let Err(e) = f.write_all(text.as_bytes()) {
                *guard = None;
                LOG_FILE_FAILED.store(true, Ordering::Relaxed);
                let _ = writeln!(std::io::stderr(), "cannot write the log file ({e}): logging to stderr from now on");
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
        // GXF: errors go to stderr, everything else to stdout.
        None if level <= 1 => {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
        None if STDOUT_CLOSED.load(Ordering::Relaxed) => {}
        None => {
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err_and(|e| e.kind() == ErrorKind::BrokenPipe) {
                drop(guard);
                stdout_closed();
            }
        }
    }
}

/// Whether writing the log file failed at some point (its lines went to stderr instead).
pub fn log_file_failed() -> bool {
    LOG_FILE_FAILED.load(Ordering::Relaxed)
}

/// Registers what to do when standard output is closed by its reader: gxe stops the graph, as
/// a program whose output nobody reads any more should. Runs at once if it was closed already.
pub fn on_stdout_closed(action: Box<dyn Fn() + Send>) {
    let mut slot = lock(&ON_STDOUT_CLOSED);
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        action();
    }
    *slot = Some(action);
}

fn stdout_closed() {
    if !STDOUT_CLOSED.swap(true, Ordering::Relaxed) {
        if let Some(action) = lock(&ON_STDOUT_CLOSED).as_ref() {
            action();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc_time_like_gxf() {
        let t = std::time::Duration::from_millis(1_764_102_000_123);
        assert_eq!(super::format_time(t), "2025-11-25 20:20:00.123");
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Stores the cause of a failure an extension is about to return on this thread.
pub fn set_last_error(message: String) {
    LAST_ERROR.with(|e| *e.borrow_mut() = Some(message));
}

/// Takes the cause stored by the last failing extension call on this thread.
pub fn take_last_error() -> Option<String> {
    LAST_ERROR.with(|e| e.borrow_mut().take())
}

/// Logs through the core logger with `format!` arguments.
macro_rules! core_log {
    ($level:expr, $($arg:tt)*) => {{
        let level = $level;
        if level <= $crate::logging::severity() {
            $crate::logging::log(level, file!(), line!(), &format!($($arg)*));
        }
    }};
}
pub(crate) use core_log;
