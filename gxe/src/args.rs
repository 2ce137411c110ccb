//! Command-line parsing with GXF gxe's gflags conventions: `-flag` or `--flag`, the value as
//! `--flag=value` or `--flag value`, booleans as `--run`, `--run=false`, `--run false` or
//! `--norun`, the last occurrence of a flag wins, and `--param=<entity>/<component>/<key>=<value>`
//! repeats. Hand-written because clap cannot take single-dash long flags such as `-app`.

use std::fmt;

/// Usage summary printed after a command-line error.
pub const SHORT_USAGE: &str = "\
Usage: gxe --app <graph_file_1>,...,<graph_file_n> [--manifest <manifest_file>,...] [flags]
Run 'gxe --help' for all flags.";

/// Usage text printed by `--help`.
pub const USAGE: &str = "\
Usage: gxe --app <graph_file_1>,...,<graph_file_n> [--manifest <manifest_file>,...] [flags]
GXE runs GXF graph applications with the extensions listed in the manifest file(s) or, when
no manifest is given, the libgxf_*.so extensions installed beside gxe.

Flags (-flag and --flag both work; give values as --flag=value or --flag value):
  --app <files>             graph file(s), comma-separated, loaded in order into one context
  --app_root <dir>          root path for relative graph and subgraph files
  --graph_directory <dir>   prefix <dir>/ added to each --app file (not to subgraphs)
  --manifest <files>        extension manifest(s), comma-separated
                            (default: libgxf_std.so, then the other libgxf_*.so beside gxe)
  --severity <n>            log level: 0 none, 1 error, 2 warning, 3 info, 4 debug, 5 verbose;
                            -1 (default) keeps the current level (GXF_LOG_LEVEL, else info)
  --log_file_path <file>    write all logging to <file> instead of the terminal
  --run <true|false>        false: only load the extensions and the graph (default true)
  --check                   load, activate and deactivate the graph without running it
  --timing                  print run_ms=<milliseconds> (run + wait) on stderr after the run
  --param=<entity>/<component>/<key>=<value>
                            override a parameter of the graph (repeatable)
  --strict                  fail (exit 1) on likely mistakes in the graph that GXF accepts with a
                            warning: unregistered parameters, unknown keys, negative values for
                            unsigned parameters
  --graph <file>            write a picture of the loaded graph: .dot (Graphviz), .mmd (Mermaid)
                            or .svg (rendered with Graphviz's dot)
  --trace <file>            record every tick and message delivery of the run as a Chrome trace
                            (JSON; open it in https://ui.perfetto.dev or chrome://tracing)
  --stats                   print per-entity ticks, busy time and messages after the run, and
                            per-codelet ticks, mean/p90/max tick time and mean tick interval
  --list                    list the loaded extensions and their component types (no --app)
  --reference <file.md>     write the reference of every loaded component type as Markdown
  --describe <type>         a component type's parameters: type, default, flags, description,
                            and the interface a handle must implement (no --app)
  --help                    show this text
  --version                 show the version
";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Run (or load, or check) graphs.
    Run(Box<Options>),
    /// Print the usage text.
    Help,
    /// Print the version.
    Version,
}

/// Options of a run, as given on the command line.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// Graph files in load order (empty entries dropped).
    pub apps: Vec<String>,
    /// Root path for relative graph and subgraph files (`GxfGraphSetRootPath`).
    pub app_root: String,
    /// Directory prefixed to each `--app` entry.
    pub graph_directory: String,
    /// Manifest files; empty means "the extensions beside gxe".
    pub manifests: Vec<String>,
    /// Log severity 0..=5, or -1 to keep the current level.
    pub severity: i32,
    /// File that receives all logging.
    pub log_file_path: Option<String>,
    /// Whether to activate and run the graph after loading it.
    pub run: bool,
    /// Load, activate and deactivate without running (`--check`).
    pub check: bool,
    /// Print the run time (`--timing`).
    pub timing: bool,
    /// `--param` overrides, in order, as `<entity>/<component>/<key>=<value>`.
    pub params: Vec<String>,
    /// Refuse graphs with likely mistakes GXF only warns about (`--strict`).
    pub strict: bool,
    /// Record the run as a Chrome trace here (`--trace`).
    pub trace_path: Option<String>,
    /// Print per-entity statistics after the run (`--stats`).
    pub stats: bool,
    /// Write a picture of the graph here after loading it (`--graph`).
    pub graph_picture: Option<String>,
    /// List the extensions and their component types instead of running (`--list`).
    pub list: bool,
    /// Write the Markdown reference of the loaded types instead of running (`--reference`).
    pub reference_path: Option<String>,
    /// Describe a component type instead of running (`--describe TYPE`).
    pub describe: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            apps: Vec::new(),
            app_root: String::new(),
            graph_directory: String::new(),
            manifests: Vec::new(),
            severity: -1,
            log_file_path: None,
            run: true,
            check: false,
            timing: false,
            params: Vec::new(),
            strict: false,
            trace_path: None,
            stats: false,
            graph_picture: None,
            list: false,
            reference_path: None,
            describe: None,
        }
    }
}

/// A command-line error (the caller prints it with the usage text and exits 1).
#[derive(Debug, PartialEq)]
pub struct ArgError(pub String);

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(message: impl Into<String>) -> Result<T, ArgError> {
    Err(ArgError(message.into()))
}

/// Splits a comma-separated list, trimming entries and dropping empty ones.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// gflags' boolean spellings.
fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" => Some(true),
        "false" | "f" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

fn parse_severity(text: &str) -> Result<i32, ArgError> {
    match text.trim().parse::<i32>() {
        Ok(level) if (-1..=5).contains(&level) => Ok(level),
        _ => {
            err(format!("invalid --severity '{text}': expected -1 (keep the current level) or 0 (none) to 5 (verbose)"))
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, ArgError> {
    let mut opts = Options::default();
    let mut it = args.into_iter().peekable();
    while let Some(arg) = it.next() {
        if arg == "--" {
            return match it.next() {
                Some(extra) => err(format!("unexpected argument '{extra}'")),
                None => Ok(Command::Run(Box::new(opts))),
            };
        }
        let Some(flag) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')).filter(|f| !f.is_empty()) else {
            return err(format!("unexpected argument '{arg}' (flags start with - or --)"));
        };
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (flag, None),
        };
        match name {
            "help" | "helpfull" | "helpshort" | "h" => return Ok(Command::Help),
            "version" => return Ok(Command::Version),
            "run" | "check" | "timing" | "list" | "stats" | "strict" => {
                let value = match &inline {
                    Some(v) => parse_bool(v)
                        .ok_or_else(|| ArgError(format!("invalid value '{v}' for --{name}: expected true or false")))?,
                    // A following true/false belongs to the flag (gflags would leave it behind).
                    None => match it.peek().and_then(|next| parse_bool(next)) {
                        Some(v) => {
                            it.next();
                            v
                        }
                        None => true,
                    },
                };
                match name {
                    "run" => opts.run = value,
                    "check" => opts.check = value,
                    "list" => opts.list = value,
                    "stats" => opts.stats = value,
                    "strict" => opts.strict = value,
                    _ => opts.timing = value,
                }
            }
            "norun" | "nocheck" if inline.is_none() => {
                if name == "norun" {
                    opts.run = false;
                } else {
                    opts.check = false;
                }
            }
            "app" | "app_root" | "graph_directory" | "manifest" | "log_file_path" | "severity" | "param"
            | "describe" | "graph" | "trace" | "reference" => {
                let value = match inline {
                    Some(v) => v,
                    // `--severity -1` is a value; elsewhere a dash means the value was forgotten.
                    None => match it.next_if(|next| name == "severity" || !next.starts_with('-')) {
                        Some(v) => v,
                        None => return err(format!("flag '--{name}' is missing its value")),
                    },
                };
                match name {
                    "app" => opts.apps = split_list(&value),
                    "app_root" => opts.app_root = value,
                    "graph_directory" => opts.graph_directory = value,
                    "manifest" => opts.manifests = split_list(&value),
                    "log_file_path" => opts.log_file_path = Some(value).filter(|p| !p.is_empty()),
                    "severity" => opts.severity = parse_severity(&value)?,
                    "describe" => opts.describe = Some(value),
                    "graph" => opts.graph_picture = Some(value),
                    "trace" => opts.trace_path = Some(value),
                    "reference" => opts.reference_path = Some(value),
                    _ => {
                        gxf_runtime::parse_overrides(std::slice::from_ref(&value)).map_err(|e| ArgError(e.message))?;
                        opts.params.push(value);
                    }
                }
            }
            _ => return err(format!("unknown flag '{arg}'")),
        }
    }
    Ok(Command::Run(Box::new(opts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, ArgError> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(opts) => Ok(*opts),
            other => panic!("expected a run, got {other:?}"),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_flag_form_sets_the_app() {
        for args in [&["-app", "a.yaml"][..], &["--app", "a.yaml"], &["-app=a.yaml"], &["--app=a.yaml"]] {
            assert_eq!(run(args).unwrap().apps, strings(&["a.yaml"]), "{args:?}");
        }
    }

    #[test]
    fn string_flags_take_their_values() {
        let opts =
            run(&["-app_root", "/r", "--graph_directory=g", "-log_file_path", "/tmp/x.log", "--manifest", "m.yaml"])
                .unwrap();
        assert_eq!(opts.app_root, "/r");
        assert_eq!(opts.graph_directory, "g");
        assert_eq!(opts.log_file_path.as_deref(), Some("/tmp/x.log"));
        assert_eq!(opts.manifests, strings(&["m.yaml"]));
    }

    #[test]
    fn comma_lists_are_split_trimmed_and_empty_entries_dropped() {
        let opts = run(&["--app", "a.yaml, b.yaml,,c.yaml,", "-manifest=m1.yaml,m2.yaml"]).unwrap();
        assert_eq!(opts.apps, strings(&["a.yaml", "b.yaml", "c.yaml"]));
        assert_eq!(opts.manifests, strings(&["m1.yaml", "m2.yaml"]));
        assert!(run(&["--app="]).unwrap().apps.is_empty());
    }

    #[test]
    fn defaults() {
        assert_eq!(run(&[]).unwrap(), Options::default());
        let d = Options::default();
        assert!(d.run && !d.check && d.severity == -1 && d.log_file_path.is_none());
    }

    #[test]
    fn last_occurrence_wins() {
        assert_eq!(run(&["--app", "a", "-app", "b"]).unwrap().apps, strings(&["b"]));
    }

    #[test]
    fn params_are_collected_in_order() {
        let opts =
            run(&["--param=tx/ping/signal=tx/signal", "--app", "a", "-param", "rx/step/expected_count=5"]).unwrap();
        assert_eq!(opts.params, strings(&["tx/ping/signal=tx/signal", "rx/step/expected_count=5"]));
    }

    #[test]
    fn malformed_params_are_rejected() {
        assert!(run(&["--param=tx/ping"]).unwrap_err().0.contains("lacks '=value'"));
        assert!(run(&["--param=tx/signal=1"]).unwrap_err().0.contains("entity/component/key"));
    }

    #[test]
    fn severity_values() {
        assert_eq!(run(&["--severity", "0"]).unwrap().severity, 0);
        assert_eq!(run(&["-severity=5"]).unwrap().severity, 5);
        assert_eq!(run(&["--severity", "-1"]).unwrap().severity, -1);
    }

    #[test]
    fn bad_severity_is_an_error() {
        for bad in ["6", "-2", "info", ""] {
            let e = run(&["--severity", bad]).unwrap_err();
            assert!(e.0.contains("invalid --severity"), "{bad}: {e}");
        }
        assert!(run(&["--severity"]).unwrap_err().0.contains("missing its value"));
    }

    #[test]
    fn run_and_check_booleans() {
        assert!(run(&["--run"]).unwrap().run);
        assert!(!run(&["--run=false"]).unwrap().run);
        assert!(!run(&["-run", "false"]).unwrap().run);
        assert!(!run(&["--run", "0", "--app", "a"]).unwrap().run);
        assert!(!run(&["--norun"]).unwrap().run);
        let opts = run(&["--run", "--app", "a"]).unwrap();
        assert!(opts.run);
        assert_eq!(opts.apps, strings(&["a"]));
        assert!(run(&["--check"]).unwrap().check);
        assert!(!run(&["--check=no"]).unwrap().check);
        assert!(run(&["--timing"]).unwrap().timing);
        assert!(run(&["--run=maybe"]).unwrap_err().0.contains("expected true or false"));
    }

    #[test]
    fn help_and_version() {
        for flag in ["--help", "-help", "--helpfull", "-h"] {
            assert_eq!(parse(strings(&[flag])).unwrap(), Command::Help);
        }
        assert_eq!(parse(strings(&["--app", "a", "--version"])).unwrap(), Command::Version);
    }

    #[test]
    fn unknown_flags_and_stray_arguments_are_errors() {
        assert!(run(&["--flagfile=x"]).unwrap_err().0.contains("unknown flag '--flagfile=x'"));
        assert!(run(&["a.yaml"]).unwrap_err().0.contains("unexpected argument 'a.yaml'"));
        assert!(run(&["--", "x"]).unwrap_err().0.contains("unexpected argument 'x'"));
        assert!(run(&["-"]).is_err());
    }

    #[test]
    fn a_flag_is_not_taken_as_a_missing_value() {
        assert!(run(&["--app", "--manifest", "m"]).unwrap_err().0.contains("'--app' is missing its value"));
        assert!(run(&["--manifest"]).unwrap_err().0.contains("missing its value"));
    }
}
