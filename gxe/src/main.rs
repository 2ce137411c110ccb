//! gxe, the GXF graph execution engine: runs GXF YAML graphs with GXF's flags, steps, messages
//! and exit codes (0 on success, 1 on any failure).

/// Logs through the core logger (shared with the extensions, honours `--severity` and
/// `--log_file_path`) at a GXF severity.
macro_rules! gxe_log {
    ($level:expr, $($arg:tt)*) => {{
        let level = $level;
        if level <= gxf_runtime::logging::severity() {
            gxf_runtime::logging::log(level, file!(), line!(), &format!($($arg)*));
        }
    }};
}
/// Logs an error.
macro_rules! log_error { ($($arg:tt)*) => { gxe_log!(1, $($arg)*) }; }
/// Logs a warning.
macro_rules! log_warn { ($($arg:tt)*) => { gxe_log!(2, $($arg)*) }; }
/// Logs information.
macro_rules! log_info { ($($arg:tt)*) => { gxe_log!(3, $($arg)*) }; }
/// Logs a debug message.
macro_rules! log_debug { ($($arg:tt)*) => { gxe_log!(4, $($arg)*) }; }

mod args;
mod discovery;
mod picture;
mod progress;
mod reference;
mod sequence;
mod signal;
mod stats;

use args::Command;
use gxf_runtime::logging;
use std::process::ExitCode;

/// The GXF runtime version this implementation is compatible with.
const GXF_VERSION: &str = "4.1.0";

/// Applies `GXF_LOG_LEVEL`, then `--severity` unless it is -1.
fn set_severity(severity: i32) -> Result<(), String> {
    if let Some(text) = std::env::var_os("GXF_LOG_LEVEL").filter(|t| !t.is_empty()) {
        let text = text.to_string_lossy();
        let level = logging::parse_level(&text).ok_or_else(|| {
            format!("invalid GXF_LOG_LEVEL '{text}': expected VERBOSE, DEBUG, INFO, WARNING, ERROR or NONE")
        })?;
        logging::set_severity(level);
    }
    if severity != -1 {
        logging::set_severity(severity);
    }
    Ok(())
}

fn main() -> ExitCode {
    let opts = match args::parse(std::env::args().skip(1)) {
        Ok(Command::Run(opts)) => opts,
        Ok(Command::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("gxe version {GXF_VERSION}");
            println!("gxf-rs gxe {} (a Rust implementation of GXF)", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gxe: error: {e}\n{}", args::SHORT_USAGE);
            return ExitCode::FAILURE;
        }
    };
    if opts.list || opts.describe.is_some() || opts.reference_path.is_some() {
        return match reference::print(&opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("gxe: {}: {}", e.code, e.message);
                ExitCode::FAILURE
            }
        };
    }
    if opts.apps.is_empty() {
        eprintln!("gxe: error: At least one application file has to be specified using -app\n{}", args::SHORT_USAGE);
        return ExitCode::FAILURE;
    }
    if let Err(message) = set_severity(opts.severity) {
        eprintln!("gxe: error: {message}");
        return ExitCode::FAILURE;
    }
    if let Some(path) = &opts.log_file_path {
        match std::fs::File::create(path) {
            Ok(file) => logging::redirect(file),
            Err(e) => {
                log_error!("Couldn't open/create the log file: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    // GXF's gxe exits only with 0 or 1: a panic that escapes the runtime is a failure too.
    match std::panic::catch_unwind(|| sequence::execute(&opts)) {
        // A log the user asked for and did not get is a failure too.
        Ok(true) if !logging::log_file_failed() => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
