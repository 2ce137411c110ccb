//! `registry comp ...`: components of the registered extensions.

use crate::bail;
use crate::cli::CompCommand;
use crate::error::{RegistryError, Result};
use crate::registry::Registry;

/// Runs a `comp` command.
pub fn run(registry: &Registry, command: CompCommand) -> Result<()> {
    match command {
        CompCommand::List { base, repo, typename } => {
            for (release, c) in registry.db.components(typename.as_deref(), base.as_deref(), repo.as_deref())? {
                println!("{:<56} {:<40} {} {}", c.typename, c.base, release.name, release.version);
            }
            Ok(())
        }
        CompCommand::Info { typename } => info(registry, &typename),
    }
}

fn info(registry: &Registry, typename: &str) -> Result<()> {
    let found = registry.db.components(Some(typename), None, None)?;
    let Some((release, component)) = found.first() else {
        let mut e = RegistryError::new(format!("no registered extension provides component type '{typename}'"));
        if let Some(close) = gxf_runtime::closest(typename, registry.db.typenames()?.iter().map(String::as_str)) {
            e = e.hint(format!("did you mean '{close}'?"));
        }
        return Err(e);
    };
    let (_, meta) = super::extn::newest(registry, &release.name)?;
    let Some(c) = meta.components.iter().find(|c| c.typename == component.typename) else {
        bail!("the metadata of {} does not describe '{typename}'", release.name);
    };
    println!(
        "typename: {}\ntype_id: {}\nbase: {}\nextension: {} {}",
        c.typename, c.type_id, c.base_typename, meta.name, meta.version
    );
    println!("description: {}\nabstract: {}", c.description, c.is_abstract);
    for p in &c.parameters {
        println!(
            "  {:<28} {:<28} {:<32} default {}  handle {}  {}",
            p.key, p.gxf_parameter_type, p.flags, p.default, p.handle_type, p.description
        );
    }
    Ok(())
}
