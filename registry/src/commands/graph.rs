//! `registry graph ...`: install what graphs need; update their dependency versions.

use crate::cli::GraphCommand;
use crate::error::{IoContext, RegistryError, Result};
use crate::manifest::parse_dependency;
use crate::registry::Registry;
use crate::yaml_doc::Doc;
use std::path::Path;

/// Runs a `graph` command.
pub fn run(registry: &mut Registry, command: GraphCommand) -> Result<()> {
    match command {
        GraphCommand::Install(args) => crate::install::graph_install(registry, &args),
        GraphCommand::Update { graphs } => graphs.iter().try_for_each(|g| update(registry, g)),
    }
}

/// Rewrites each `version:` of the graph's `dependencies` to the newest registered version of
/// that extension (any major: GXF's `graph update`), editing the lines in place.
fn update(registry: &Registry, path: &Path) -> Result<()> {
    let doc = Doc::load(path)?;
    let text = std::fs::read_to_string(path).at("cannot read", path)?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut changed = 0;
    for root in doc.docs.iter().filter(|d| d.is_mapping()) {
        for dep in doc.list(root, "dependencies")? {
            let d = parse_dependency(&doc, dep)?;
            let Some(newest) = registry.db.releases(Some(&d.extension), None)?.into_iter().next() else {
                return Err(doc.error(dep, format!("no extension named '{}' is registered", d.extension)));
            };
            let node = dep.get("version").ok_or_else(|| RegistryError::new("dependency without a version"))?;
            let line = &mut lines[node.mark.line as usize - 1];
            let old = d.version.to_string();
            if old != newest.version {
                *line = line.replacen(&old, &newest.version, 1);
                changed += 1;
                println!("{}: {} {old} -> {}", path.display(), d.extension, newest.version);
            }
        }
    }
    if changed > 0 {
        let mut out = lines.join("\n");
        if text.ends_with('\n') {
            out.push('\n');
        }
        std::fs::write(path, out).at("cannot write", path)?;
    }
    Ok(())
}
