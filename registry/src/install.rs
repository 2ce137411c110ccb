//! `graph install` (and `extn install`): what the graphs need, resolved with GXF's rules, each
//! extension's best variant for the target fetched, checked and laid out as GXF lays it out
//! (`<out>/<export>/<namespace>/<alias>/`), the manifest gxe consumes, the `gxf` Python package
//! with `gxf/std/gxe.py`, and a lock record that `--locked` follows exactly on another machine.

use crate::cli::GraphInstallArgs;
use crate::db::VariantRow;
use crate::error::{IoContext, RegistryError, Result};
use crate::graph_deps::{graph_requirements, GraphNeeds};
use crate::lock::{LockEntry, LockFile};
use crate::metadata::ExtensionMetadata;
use crate::registry::Registry;
use crate::yaml_doc::{Doc, YamlWriter};
use crate::{bail, package, repo, target, variant_key};
use gxf_registry_resolver::{pick_variant, InMemoryIndex, Release, Requirement, Target};
use std::path::{Path, PathBuf};

/// Name of the extension that carries the `gxf` Python package and the Python runtime.
const PYTHON_EXTENSION: &str = "PythonCodeletExtension";

/// The resolver's index over every release the database knows (each uuid/version once).
fn index(registry: &Registry) -> Result<InMemoryIndex> {
    let mut index = InMemoryIndex::new();
    let mut seen = std::collections::HashSet::new();
    let dependencies = registry.db.all_dependencies()?;
    for r in registry.db.releases(None, None)? {
        if !seen.insert((r.uuid.clone(), r.version.clone())) {
            continue;
        }
        let Ok(version) = semver::Version::parse(&r.version) else { continue };
        let deps = dependencies
            .iter()
            .filter(|(uuid, v, _)| *uuid == r.uuid && *v == r.version)
            .filter_map(|(_, _, d)| {
                let version = semver::Version::parse(&d.version).ok()?;
                let requirement = Requirement::new(d.name.clone(), version);
                Some(if d.uuid.is_empty() { requirement } else { requirement.with_uuid(d.uuid.clone()) })
            })
            .collect();
        index.add(Release { name: r.name, uuid: r.uuid, version, dependencies: deps });
    }
    Ok(index)
}

/// One extension chosen for installation.
struct Chosen {
    metadata: ExtensionMetadata,
    variant: VariantRow,
    repo: String,
}

/// Picks the best variant of `name version` for `target` from any repository.
fn choose(registry: &Registry, name: &str, uuid: &str, version: &str, target: &Target) -> Result<Chosen> {
    let rows = registry.db.variants(uuid, version)?;
    let candidates: Vec<_> = rows.iter().map(|(_, v)| variant_key::to_variant(v)).collect();
    let picked = pick_variant(&candidates, target).map_err(|e| {
        RegistryError::new(format!("{name} {version}: {e}"))
            .hint("register a variant built for this target, or pass another target file (-d)")
    })?;
    let (repo, variant) =
        rows.iter().find(|(_, v)| v.key == picked.id).cloned().ok_or_else(|| RegistryError::new("variant vanished"))?;
    let release = registry.db.releases(Some(name), None)?.into_iter().find(|r| r.version == version && r.uuid == uuid);
    let release = release.ok_or_else(|| RegistryError::new(format!("{name} {version} is not registered")))?;
    let metadata =
        ExtensionMetadata::from_doc(&Doc::parse(Path::new(&format!("{name} {version}")), &release.metadata)?)?;
    Ok(Chosen { metadata, variant, repo })
}

/// Fetches, checks and unpacks one extension into `<root>/<namespace>/<alias>/`; returns the
/// library's path there.
fn lay_out(registry: &Registry, chosen: &Chosen, root: &Path) -> Result<PathBuf> {
    let archive = repo::fetch(&chosen.variant.archive, &chosen.variant.sha256, &registry.locations.downloads())?;
    let staging = root.join(format!(".staging-{}-{}", std::process::id(), chosen.metadata.uuid));
    let _ = std::fs::remove_dir_all(&staging);
    package::unpack(&archive, &chosen.variant.sha256, &staging).map_err(|e| {
        e.context(format!("{} {} from repository '{}'", chosen.metadata.name, chosen.metadata.version, chosen.repo))
    })?;
    let meta = &chosen.metadata;
    let namespace = if meta.namespace.is_empty() { "gxf" } else { meta.namespace.as_str() };
    let alias = if meta.python_alias.is_empty() { meta.name.as_str() } else { meta.python_alias.as_str() };
    let dir = root.join(namespace).join(alias);
    std::fs::create_dir_all(&dir).at("cannot create", &dir)?;
    for folder in ["lib", "bin"] {
        move_children(&staging.join(folder), &dir)?;
    }
    move_children(&staging.join("python"), &python_destination(root, namespace, &dir, &staging.join("python")))?;
    for folder in ["data", "headers"] {
        if staging.join(folder).exists() {
            move_children(&staging.join(folder), &dir.join(folder))?;
        }
    }
    std::fs::rename(staging.join("LICENSE"), dir.join("LICENSE")).at("cannot install", &dir)?;
    std::fs::remove_dir_all(&staging).at("cannot remove", &staging)?;
    Ok(dir.join(&meta.extension_library))
}

/// Python sources go into the extension's folder, except a whole package named like the
/// namespace (`gxf/...`), which is merged at the root.
fn python_destination(root: &Path, namespace: &str, dir: &Path, python: &Path) -> PathBuf {
    if python.join(namespace).join("__init__.py").is_file() {
        root.to_path_buf()
    } else {
        dir.to_path_buf()
    }
}

/// Moves (merging folders) everything in `from` into `to`.
fn move_children(from: &Path, to: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else { return Ok(()) };
    std::fs::create_dir_all(to).at("cannot create", to)?;
    for entry in entries {
        let entry = entry.at("cannot read", from)?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() && target.is_dir() {
            move_children(&entry.path(), &target)?;
        } else {
            if target.is_dir() {
                std::fs::remove_dir_all(&target).at("cannot replace", &target)?;
            }
            std::fs::rename(entry.path(), &target).at("cannot install", &target)?;
        }
    }
    Ok(())
}

/// The lock file recorded beside a manifest: `manifest.yaml` -> `manifest.lock`.
pub fn lock_path(manifest: &Path) -> PathBuf {
    manifest.with_extension("lock")
}

/// `graph install`.
pub fn graph_install(registry: &mut Registry, args: &GraphInstallArgs) -> Result<()> {
    let Some(output) = args.output.clone().or_else(|| {
        args.archive.as_ref().map(|_| registry.locations.cache.join(format!("archive-{}", std::process::id())))
    }) else {
        bail!("give an output directory (-u) or an archive directory (-r)");
    };
    let target = match &args.target {
        Some(path) => target::load_target(path)?,
        None => target::host_target(),
    };
    let export = args.export_dir.clone().unwrap_or_else(|| {
        if args.archive.is_some() {
            PathBuf::from("opt/nvidia/gxf")
        } else {
            PathBuf::new()
        }
    });
    let root = output.join(&export);
    let chosen = if args.locked {
        locked_choice(registry, &args.manifest)?
    } else {
        resolve_graphs(registry, &args.graphs, &target)?
    };
    std::fs::create_dir_all(&root).at("cannot create", &root)?;
    let mut libraries = Vec::new();
    let mut progress = crate::progress::Progress::new("installing", chosen.len());
    for c in &chosen {
        progress.step(&format!("{} {}", c.metadata.name, c.metadata.version));
        let library = lay_out(registry, c, &root)?;
        let listed = if args.archive.is_some() {
            Path::new("/").join(&export).join(library.strip_prefix(&root).unwrap_or(&library))
        } else {
            std::path::absolute(&library).unwrap_or(library)
        };
        libraries.push(listed);
    }
    drop(progress);
    install_python_runtime(registry, &chosen, &target, &root)?;
    write_manifest(&args.manifest, &libraries, &chosen)?;
    let lock = LockFile { entries: chosen.iter().map(|c| LockEntry::of(&c.metadata, &c.variant, &c.repo)).collect() };
    if !args.locked {
        lock.write(&lock_path(&args.manifest))?;
    }
    if let Some(archive_dir) = &args.archive {
        let first =
            args.graphs[0].file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "graph".into());
        crate::archive::pack(&output, &archive_dir.join(format!("{first}.tar.gz")))?;
    }
    println!("installed {} extension(s); manifest {}", chosen.len(), args.manifest.display());
    Ok(())
}

/// Resolution from the graphs' `dependencies` (or, when they have none, their component types).
fn resolve_graphs(registry: &Registry, graphs: &[PathBuf], target: &Target) -> Result<Vec<Chosen>> {
    let requirements = match graph_requirements(graphs)? {
        GraphNeeds::Dependencies(requirements) => requirements,
        GraphNeeds::Types(types) => crate::graph_deps::requirements_from_types(registry, &types)?,
    };
    let resolved = gxf_registry_resolver::resolve(&requirements, &index(registry)?).map_err(|e| {
        RegistryError::new(e.to_string()).hint("register the missing versions, or change the graph's dependencies")
    })?;
    resolved.iter().map(|r| choose(registry, &r.name, &r.uuid, &r.version.to_string(), target)).collect()
}

/// What the lock file beside `manifest` records, found again by checksum in any repository.
fn locked_choice(registry: &Registry, manifest: &Path) -> Result<Vec<Chosen>> {
    let path = lock_path(manifest);
    let lock = LockFile::load(&path)?;
    let mut chosen = Vec::new();
    for entry in lock.entries {
        let rows = registry.db.variants(&entry.uuid, &entry.version)?;
        let Some((repo, variant)) = rows.into_iter().find(|(_, v)| v.sha256 == entry.sha256) else {
            return Err(RegistryError::new(format!(
                "{} {} (variant {}, sha256 {}) recorded in {} is not offered by any repository",
                entry.name,
                entry.version,
                entry.variant,
                entry.sha256,
                path.display()
            ))
            .hint("add and sync the repository it came from (registry repo add / repo sync)"));
        };
        let release = registry.db.releases(Some(&entry.name), None)?.into_iter().find(|r| r.version == entry.version);
        let release =
            release.ok_or_else(|| RegistryError::new(format!("{} {} is not registered", entry.name, entry.version)))?;
        let metadata = ExtensionMetadata::from_doc(&Doc::parse(&path, &release.metadata)?)?;
        chosen.push(Chosen { metadata, variant, repo });
    }
    Ok(chosen)
}

/// The `gxf` Python package and its runtime (from the newest PythonCodeletExtension for this
/// target) are always installed, so that `python3 <out>/gxf/std/gxe.py` works for any graph.
fn install_python_runtime(registry: &Registry, chosen: &[Chosen], target: &Target, root: &Path) -> Result<()> {
    if chosen.iter().any(|c| c.metadata.name == PYTHON_EXTENSION) {
        return Ok(());
    }
    let Some(release) = registry.db.releases(Some(PYTHON_EXTENSION), None)?.into_iter().next() else {
        eprintln!(
            "warning: {PYTHON_EXTENSION} is not registered: the gxf Python package (gxf/std/gxe.py) was not installed"
        );
        return Ok(());
    };
    let python = choose(registry, &release.name, &release.uuid, &release.version, target)?;
    lay_out(registry, &python, root).map(|_| ())
}

fn write_manifest(path: &Path, libraries: &[PathBuf], chosen: &[Chosen]) -> Result<()> {
    let mut w = YamlWriter::default();
    w.raw(0, "extensions:");
    for library in libraries {
        w.raw(0, &format!("- {}", crate::yaml_doc::quote(&library.to_string_lossy())));
    }
    w.raw(0, "variants:");
    for c in chosen {
        let variant = format!(
            "arch: {} os: {} distribution: {} {}",
            c.variant.arch,
            c.variant.os,
            c.variant.distribution,
            c.variant.compute.replace('=', ": ")
        );
        w.field(0, "- extension", &c.metadata.name)
            .field(2, "uuid", &c.metadata.uuid)
            .field(2, "version", &c.metadata.version)
            .field(2, "variant", variant.trim_end());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).at("cannot create", dir)?;
    }
    std::fs::write(path, w.finish()).at("cannot write", path)
}

/// `extn install`: an extension and its dependencies into the workspace folder.
pub fn install_extension(
    registry: &mut Registry,
    name: &str,
    version: Option<&str>,
    target_file: Option<&Path>,
) -> Result<()> {
    let (newest, _) = crate::commands::extn::newest(registry, name)?;
    let version = version.unwrap_or(&newest.version);
    let version = crate::manifest::strict_version(version)
        .ok_or_else(|| RegistryError::new(format!("'{version}' is not a MAJOR.MINOR.PATCH version")))?;
    let target = match target_file {
        Some(path) => target::load_target(path)?,
        None => target::host_target(),
    };
    let requirement = Requirement::new(name, version).required_by("registry extn install");
    let resolved = gxf_registry_resolver::resolve(&[requirement], &index(registry)?)
        .map_err(|e| RegistryError::new(e.to_string()))?;
    let root = registry.locations.workspace.clone();
    for r in &resolved {
        let chosen = choose(registry, &r.name, &r.uuid, &r.version.to_string(), &target)?;
        let library = lay_out(registry, &chosen, &root)?;
        println!("installed {} {} -> {}", r.name, r.version, library.display());
    }
    Ok(())
}
