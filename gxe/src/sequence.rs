//! GXF gxe's run sequence: create the context, load extensions and graph files, then activate,
//! run, wait, deactivate and destroy. Each failing step logs `<Step> Error: <GXF_CODE>` with the
//! cause on the next line, and the process exits 1.

use crate::args::Options;
use crate::discovery;
use crate::signal::{interrupt_on_ctrl_c, interrupt_when_stdout_closes};
use gxf_runtime::{Context, Runtime};
use gxf_sdk::{Code, Error, Result};

/// A failed step: GXF's step name and the error it returned.
struct StepError {
    step: &'static str,
    error: Error,
}

/// Tags an error with the gxe step that produced it.
fn step<T>(name: &'static str, result: Result<T>) -> Result<T, StepError> {
    result.map_err(|error| StepError { step: name, error })
}

/// Runs everything `opts` asks for; returns whether every step succeeded.
pub fn execute(opts: &Options) -> bool {
    for (i, param) in opts.params.iter().enumerate() {
        log_info!("param [{i}]: ({param})");
    }
    log_info!("Creating context");
    let rt = Runtime::new();
    match steps(&rt, opts) {
        Ok(()) => true,
        Err(StepError { step, error }) => {
            if error.message.is_empty() {
                log_error!("{step} Error: {}", error.code);
            } else {
                log_error!("{step} Error: {}\n{}", error.code, error.message);
            }
            false
        }
    }
}

fn steps(rt: &Context, opts: &Options) -> Result<(), StepError> {
    step("LoadExtensionManifest", load_extensions(rt, &opts.manifests))?;
    step("LoadApplication", load_application(rt, opts))?;
    let warnings = rt.graph_warnings();
    if opts.strict && !warnings.is_empty() {
        let list: Vec<String> = warnings.iter().map(|w| format!("  {w}")).collect();
        let message = format!("--strict: {} likely mistake(s) in the graph:\n{}", warnings.len(), list.join("\n"));
        return Err(StepError { step: "LoadApplication", error: Error::new(Code::GXF_FAILURE, message) });
    }
    if let Some(path) = &opts.graph_picture {
        step("GraphPicture", crate::picture::write(rt, path))?;
        log_info!("Wrote a picture of the graph to '{path}'");
    }
    if opts.check {
        check(rt)?;
    } else if opts.run {
        run(rt, opts)?;
    }
    log_info!("Destroying context");
    step("GxfContextDestroy", rt.destroy())?;
    log_info!("Context destroyed.");
    Ok(())
}

/// Loads the manifests, or without any, the extensions beside the gxe binary.
pub fn load_extensions(rt: &Runtime, manifests: &[String]) -> Result<()> {
    if !manifests.is_empty() {
        return manifests.iter().try_for_each(|m| rt.load_manifest(m));
    }
    let dir = discovery::exe_dir().map_err(|e| {
        Error::new(Code::GXF_FAILURE, format!("cannot locate the gxe binary to find its extensions: {e}"))
    })?;
    let libraries = discovery::extensions_in(&dir)
        .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot list extensions in '{}': {e}", dir.display())))?;
    if libraries.is_empty() {
        return Err(Error::new(
            Code::GXF_EXTENSION_FILE_NOT_FOUND,
            format!("no libgxf_*.so extensions beside gxe in '{}'; build them or pass --manifest", dir.display()),
        ));
    }
    for lib in libraries {
        let path = lib.to_string_lossy();
        log_debug!("Loading extension: '{path}'");
        match rt.load_extension(&path) {
            // A library that only looks like an extension (e.g. the SDK's proc-macro library in
            // a cargo target folder): found by name, not asked for, so it is skipped.
            Err(e) if e.code == Code::GXF_EXTENSION_NO_FACTORY => log_debug!("Skipping '{path}': {}", e.message),
            result => result?,
        }
    }
    Ok(())
}

/// Loads every `--app` file in order with the `--param` overrides.
fn load_application(rt: &Runtime, opts: &Options) -> Result<()> {
    let overrides = gxf_runtime::parse_overrides(&opts.params)?;
    for app in &opts.apps {
        let path = match opts.graph_directory.as_str() {
            "" => app.clone(),
            dir => format!("{dir}/{app}"),
        };
        log_info!("Loading app: '{path}'");
        gxf_runtime::load_file(rt, &path, &opts.app_root, &overrides)?;
    }
    gxf_runtime::check_all_applied(rt, &overrides)
}

fn run(rt: &Context, opts: &Options) -> Result<(), StepError> {
    log_info!("Initializing...");
    step("GxfGraphActivate", rt.graph_activate())?;
    let trace = (opts.trace_path.is_some() || opts.stats).then(|| rt.enable_trace());
    if opts.stats {
        rt.enable_codelet_stats();
    }
    log_info!("Running...");
    let started = std::time::Instant::now();
    step("GxfGraphRunAsync", rt.graph_run_async())?;
    interrupt_on_ctrl_c(rt);
    interrupt_when_stdout_closes(rt);
    let progress = crate::progress::Progress::start(rt);
    let waited = step("GxfGraphWait", rt.graph_wait());
    progress.stop();
    if opts.timing {
        eprintln!("run_ms={:.3}", started.elapsed().as_secs_f64() * 1e3);
    }
    if let Some(trace) = &trace {
        if let Some(path) = &opts.trace_path {
            step("WriteTrace", trace.write_chrome_json(rt, path))?;
            log_info!("Wrote the trace of the run to '{path}' (open it in https://ui.perfetto.dev)");
        }
        if opts.stats {
            crate::stats::print(rt, trace, started.elapsed());
        }
    }
    waited?;
    log_info!("Deinitializing...");
    step("GxfGraphDeactivate", rt.graph_deactivate())
}

/// `--check`: activation validates handles, mandatory parameters and `initialize`; the graph
/// never runs. A failing deactivation is only a warning here, because components that judge a
/// run at teardown (StepCount and the like) fail when there was no run.
fn check(rt: &Runtime) -> Result<(), StepError> {
    log_info!("Initializing...");
    step("GxfGraphActivate", rt.graph_activate())?;
    log_info!("Deinitializing...");
    if let Err(e) = rt.graph_deactivate() {
        log_warn!(
            "Deactivation reported {} (expected of components that check a run at teardown):\n{}",
            e.code,
            e.message
        );
    }
    log_info!("Check passed: the graph loads and activates");
    Ok(())
}
