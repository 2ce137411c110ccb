//! `registry repo ...`: add, list, inspect, sync and remove repositories.

use crate::cli::{RepoAdd, RepoCommand};
use crate::db::{self, ComponentRow, NewRelease, ReleaseRow, RepoRow};
use crate::error::{IoContext, RegistryError, Result};
use crate::metadata::ExtensionMetadata;
use crate::registry::{Registry, DEFAULT_REPO};
use crate::yaml_doc::Doc;
use crate::{bail, repo};
use std::path::Path;

/// Runs a `repo` command.
pub fn run(registry: &mut Registry, command: RepoCommand) -> Result<()> {
    match command {
        RepoCommand::Add(kind) => add(registry, kind),
        RepoCommand::Remove { name } => remove(registry, &name),
        RepoCommand::List { details } => list(registry, details),
        RepoCommand::Info { name } => info(registry, &name),
        RepoCommand::Sync { name } => sync_one(registry, &name, None, None),
        RepoCommand::Clean => clean(registry),
    }
}

fn check_name(registry: &Registry, name: &str) -> Result<()> {
    if !crate::manifest::valid_name(name) {
        bail!("'{name}' is not a valid repository name (a letter, then letters, digits or '_')");
    }
    if registry.db.repo(name)?.is_some() {
        return Err(RegistryError::new(format!("a repository named '{name}' exists already"))
            .hint(format!("remove it first (registry repo remove -n {name}) or pick another name")));
    }
    Ok(())
}

fn add(registry: &mut Registry, kind: RepoAdd) -> Result<()> {
    let row = match kind {
        RepoAdd::Dir { name, directory } => {
            check_name(registry, &name)?;
            std::fs::create_dir_all(&directory).at("cannot create", &directory)?;
            let location = std::path::absolute(&directory).unwrap_or(directory);
            RepoRow { name, kind: "dir".into(), location: location.to_string_lossy().into_owned() }
        }
        RepoAdd::Http { name, url } => {
            check_name(registry, &name)?;
            if !url.starts_with("http://") && !url.starts_with("https://") {
                bail!("'{url}' is not an http:// URL");
            }
            RepoRow { name, kind: "http".into(), location: url }
        }
        RepoAdd::Ngc { name, .. } => {
            return Err(RegistryError::new(format!(
                "cannot add NGC repository '{name}': NGC cannot be reached from this registry"
            ))
            .hint("use a directory or HTTP repository (registry repo add dir|http)"));
        }
    };
    registry.db.write(|tx| db::put_repo(tx, &row))?;
    println!("added {} repository '{}' at {}", row.kind, row.name, row.location);
    Ok(())
}

fn remove(registry: &mut Registry, name: &str) -> Result<()> {
    if name == DEFAULT_REPO {
        bail!("the default repository cannot be removed (registry repo clean empties it)");
    }
    if registry.db.write(|tx| db::delete_repo(tx, name))? == 0 {
        bail!("no repository named '{name}' (see registry repo list)");
    }
    println!("removed repository '{name}'");
    Ok(())
}

fn list(registry: &Registry, details: bool) -> Result<()> {
    for r in registry.db.repos()? {
        if details {
            println!("{:<20} {:<6} {}", r.name, r.kind, r.location);
        } else {
            println!("{}", r.name);
        }
    }
    Ok(())
}

fn info(registry: &Registry, name: &str) -> Result<()> {
    let Some(r) = registry.db.repo(name)? else { bail!("no repository named '{name}' (see registry repo list)") };
    let releases = registry.db.releases(None, Some(name))?;
    println!("name: {}\nkind: {}\nlocation: {}\nreleases: {}", r.name, r.kind, r.location, releases.len());
    Ok(())
}

/// Reads a repository's index into the database, replacing what was recorded from it (only
/// `name` and `version` when given): one transaction, so a failed sync changes nothing.
pub fn sync_one(registry: &mut Registry, repo_name: &str, name: Option<&str>, version: Option<&str>) -> Result<()> {
    let Some(row) = registry.db.repo(repo_name)? else {
        bail!("no repository named '{repo_name}' (see registry repo list)")
    };
    let entries = repo::open(&row)?.read_index()?;
    let mut releases = Vec::new();
    for (entry, metadata) in entries {
        if name.is_some_and(|n| n != entry.name) || version.is_some_and(|v| v != entry.version) {
            continue;
        }
        let doc = Doc::parse(Path::new(&format!("{} {}", entry.name, entry.version)), &metadata)?;
        let meta = ExtensionMetadata::from_doc(&doc).map_err(|e| e.context(format!("repository '{repo_name}'")))?;
        releases.push(NewRelease {
            release: ReleaseRow {
                repo: repo_name.into(),
                name: entry.name,
                uuid: entry.uuid,
                version: entry.version,
                metadata,
            },
            dependencies: entry.dependencies,
            components: meta
                .components
                .iter()
                .map(|c| ComponentRow {
                    typename: c.typename.clone(),
                    type_id: c.type_id.clone(),
                    base: c.base_typename.clone(),
                })
                .collect(),
            variants: entry.variants,
        });
    }
    if name.is_some() && releases.is_empty() {
        bail!("repository '{repo_name}' offers no {} {}", name.unwrap_or(""), version.unwrap_or(""));
    }
    let count = releases.len();
    registry.db.write(|tx| {
        match name {
            None => db::clear_repo(tx, repo_name)?,
            Some(n) => {
                db::delete_release(tx, repo_name, n, version)?;
            }
        }
        releases.iter().try_for_each(|r| db::put_release(tx, r))
    })?;
    println!("synced {count} release(s) from '{repo_name}'");
    Ok(())
}

fn clean(registry: &mut Registry) -> Result<()> {
    registry.db.write(|tx| db::clear_repo(tx, DEFAULT_REPO))?;
    let dir = &registry.locations.default_repo;
    if dir.exists() {
        std::fs::remove_dir_all(dir).at("cannot remove", dir)?;
    }
    println!("emptied the default repository");
    Ok(())
}
