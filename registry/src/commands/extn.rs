//! `registry extn ...`: register, query, remove, publish and import extensions.

use crate::cli::{ExtnCommand, ImportScope, OneArgs, Scope};
use crate::db::{self, ComponentRow, DependencyRow, NewRelease, ReleaseRow, VariantRow};
use crate::error::{IoContext, RegistryError, Result};
use crate::index::{self, IndexEntry};
use crate::manifest::ExtensionManifest;
use crate::metadata::ExtensionMetadata;
use crate::package::{self, Contents};
use crate::registry::{Registry, DEFAULT_REPO};
use crate::{bail, repo, variant_key};
use std::path::{Path, PathBuf};

/// Runs an `extn` command.
pub fn run(registry: &mut Registry, command: ExtnCommand) -> Result<()> {
    match command {
        ExtnCommand::Add { manifest, metadata } => add(registry, &manifest, metadata.as_deref()),
        ExtnCommand::Remove(scope) => remove(registry, scope),
        ExtnCommand::List { repo, name, author, labels } => list(registry, repo, name, author, &labels),
        ExtnCommand::Info { name } => info(registry, &name),
        ExtnCommand::Versions { name } => versions(registry, &name),
        ExtnCommand::Variants { name, version } => variants(registry, &name, &version),
        ExtnCommand::Dependencies { name, version } => dependencies(registry, &name, &version),
        ExtnCommand::Publish(scope) => publish(registry, scope),
        ExtnCommand::Import(scope) => import(registry, scope),
        ExtnCommand::Sync { repo, name, version } => {
            super::repo::sync_one(registry, &repo, Some(&name), version.as_deref())
        }
        ExtnCommand::Install { name, target, version } => {
            crate::install::install_extension(registry, &name, version.as_deref(), target.as_deref())
        }
    }
}

/// The newest registered release of `name` with the same major as `version` and at least it.
fn dependency_release(
    registry: &Registry,
    name: &str,
    uuid: &str,
    version: &semver::Version,
) -> Result<Option<ReleaseRow>> {
    let releases = registry.db.releases((!name.is_empty()).then_some(name), None)?;
    Ok(releases.into_iter().find(|r| {
        let v = semver::Version::parse(&r.version).ok();
        (uuid.is_empty() || r.uuid == uuid) && v.is_some_and(|v| v.major == version.major && v >= *version)
    }))
}

/// The metadata files of `manifest`'s dependencies and theirs, dependencies first, written into
/// `folder` for the runtime to read.
fn dependency_metadata(registry: &Registry, manifest: &ExtensionManifest, folder: &Path) -> Result<Vec<PathBuf>> {
    let mut ordered: Vec<ReleaseRow> = Vec::new();
    let mut stack: Vec<(String, String, semver::Version, String)> = manifest
        .dependencies
        .iter()
        .rev()
        .map(|d| (d.extension.clone(), d.uuid.clone(), d.version.clone(), manifest.name.clone()))
        .collect();
    let mut visiting: Vec<String> = Vec::new();
    fn visit(
        registry: &Registry,
        (name, uuid, version, by): (String, String, semver::Version, String),
        ordered: &mut Vec<ReleaseRow>,
        visiting: &mut Vec<String>,
    ) -> Result<()> {
        let Some(release) = dependency_release(registry, &name, &uuid, &version)? else {
            let what = if name.is_empty() { uuid.clone() } else { name.clone() };
            return Err(RegistryError::new(format!(
                "{by} depends on {what} {version} (or newer {}.x), which is not registered",
                version.major
            ))
            .hint(format!("register {what} first: registry extn add -m <its manifest>")));
        };
        if ordered.iter().any(|r| r.uuid == release.uuid) || visiting.contains(&release.uuid) {
            return Ok(());
        }
        visiting.push(release.uuid.clone());
        for d in registry.db.dependencies(&release.uuid, &release.version)? {
            let version =
                semver::Version::parse(&d.version).map_err(|e| RegistryError::new(format!("{}: {e}", d.version)))?;
            visit(registry, (d.name, d.uuid, version, release.name.clone()), ordered, visiting)?;
        }
        visiting.pop();
        ordered.push(release);
        Ok(())
    }
    while let Some(dep) = stack.pop() {
        visit(registry, dep, &mut ordered, &mut visiting)?;
    }
    std::fs::create_dir_all(folder).at("cannot create", folder)?;
    ordered
        .iter()
        .map(|r| {
            let path = folder.join(format!("{}-{}.yaml", r.uuid, r.version));
            std::fs::write(&path, &r.metadata).at("cannot write", &path)?;
            Ok(path)
        })
        .collect()
}

/// `extn add`: reads the library's metadata through the ABI, checks it against the manifest,
/// packages the variant into the default repository and records it.
fn add(registry: &mut Registry, manifest_path: &Path, metadata_out: Option<&Path>) -> Result<()> {
    let manifest = ExtensionManifest::load(manifest_path)?;
    let scratch = registry.locations.cache.join(format!("tmp-{}", std::process::id()));
    let dep_files = dependency_metadata(registry, &manifest, &scratch)?;
    let refs: Vec<&Path> = dep_files.iter().map(PathBuf::as_path).collect();
    let metadata = ExtensionMetadata::from_library(&manifest, &refs);
    let _ = std::fs::remove_dir_all(&scratch);
    let metadata = metadata.map_err(|e| e.context(format!("registering {}", manifest_path.display())))?;
    let text = metadata.to_yaml();
    if let Some(out) = metadata_out {
        std::fs::write(out, &text).at("cannot write", out)?;
    }
    let key = variant_key::key(&manifest.platform, &manifest.compute);
    let release_dir = registry.locations.default_repo.join(&manifest.uuid);
    let interface = release_dir.join("extension.yaml");
    std::fs::create_dir_all(&release_dir).at("cannot create", &release_dir)?;
    std::fs::write(&interface, &text).at("cannot write", &interface)?;
    let contents = Contents {
        metadata: &text,
        library: &manifest.library,
        license: &manifest.license_file,
        python_sources: &manifest.python_sources,
        binaries: &manifest.binaries,
        data: &manifest.data,
        headers: &manifest.headers,
    };
    let folder = release_dir.join(manifest.version.to_string()).join(&key);
    let (archive, sha256) = package::build(&contents, &folder, &format!("{}-{}", manifest.name, manifest.version))?;
    let new = NewRelease {
        release: ReleaseRow {
            repo: DEFAULT_REPO.into(),
            name: manifest.name.clone(),
            uuid: manifest.uuid.clone(),
            version: manifest.version.to_string(),
            metadata: text,
        },
        dependencies: manifest
            .dependencies
            .iter()
            .map(|d| DependencyRow { name: d.extension.clone(), uuid: d.uuid.clone(), version: d.version.to_string() })
            .collect(),
        components: metadata
            .components
            .iter()
            .map(|c| ComponentRow {
                typename: c.typename.clone(),
                type_id: c.type_id.clone(),
                base: c.base_typename.clone(),
            })
            .collect(),
        variants: vec![VariantRow {
            key: key.clone(),
            arch: manifest.platform.arch.clone(),
            os: manifest.platform.os.clone(),
            distribution: manifest.platform.distribution.clone(),
            compute: variant_key::compute_text(&manifest.compute),
            archive: archive.to_string_lossy().into_owned(),
            sha256,
        }],
    };
    registry.db.write(|tx| db::put_release(tx, &new))?;
    println!(
        "registered {} {} ({} components) variant {key}",
        manifest.name,
        manifest.version,
        metadata.components.len()
    );
    Ok(())
}

fn remove(registry: &mut Registry, scope: Scope) -> Result<()> {
    let removed = match scope {
        Scope::All { repo } => registry.db.write(|tx| {
            let names: Vec<String> = tx
                .prepare("SELECT DISTINCT name FROM releases WHERE repo = ?1")?
                .query_map([&repo], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            names.iter().try_fold(0, |n, name| Ok(n + db::delete_release(tx, &repo, name, None)?))
        })?,
        Scope::Interface(one) | Scope::One(one) => {
            let repo = one.repo.clone().unwrap_or_else(|| DEFAULT_REPO.into());
            registry.db.write(|tx| db::delete_release(tx, &repo, &one.name, one.version.as_deref()))?
        }
        Scope::Variant(v) => {
            let repo = v.one.repo.clone().unwrap_or_else(|| DEFAULT_REPO.into());
            let key_prefix = format!("{}/{}/{}", v.arch, v.os, v.distribution).to_lowercase();
            registry.db.write(|tx| {
                Ok(tx.execute(
                    "DELETE FROM variants WHERE repo = ?1 AND (key = ?2 OR key LIKE ?2 || '-%')
                     AND uuid IN (SELECT uuid FROM releases WHERE name = ?3) AND (?4 IS NULL OR version = ?4)",
                    rusqlite::params![repo, key_prefix, v.one.name, v.one.version],
                )?)
            })?
        }
    };
    if removed == 0 {
        bail!("nothing matched: no such extension, version or variant is registered there");
    }
    println!("removed {removed}");
    Ok(())
}

fn list(
    registry: &Registry,
    repo: Option<String>,
    name: Option<String>,
    author: Option<String>,
    labels: &[String],
) -> Result<()> {
    let releases = registry.db.releases(name.as_deref(), repo.as_deref())?;
    println!("{:<32} {:<10} {:<12} {:<36} author", "name", "version", "repository", "uuid");
    for r in releases {
        let meta = ExtensionMetadata::from_doc(&crate::yaml_doc::Doc::parse(Path::new("metadata"), &r.metadata)?)?;
        if author.as_ref().is_some_and(|a| &meta.author != a) || !labels.iter().all(|l| meta.labels.contains(l)) {
            continue;
        }
        println!("{:<32} {:<10} {:<12} {:<36} {}", r.name, r.version, r.repo, r.uuid, meta.author);
    }
    Ok(())
}

/// The newest release of `name`, with its parsed metadata; an error with suggestions otherwise.
pub fn newest(registry: &Registry, name: &str) -> Result<(ReleaseRow, ExtensionMetadata)> {
    let Some(release) = registry.db.releases(Some(name), None)?.into_iter().next() else {
        let names = registry.db.names()?;
        let mut e = RegistryError::new(format!("no extension named '{name}' is registered"));
        if let Some(close) = gxf_runtime::closest(name, names.iter().map(String::as_str)) {
            e = e.hint(format!("did you mean '{close}'?"));
        }
        return Err(e);
    };
    let meta = ExtensionMetadata::from_doc(&crate::yaml_doc::Doc::parse(Path::new("metadata"), &release.metadata)?)?;
    Ok((release, meta))
}

fn info(registry: &Registry, name: &str) -> Result<()> {
    let (release, meta) = newest(registry, name)?;
    println!("name: {}\nuuid: {}\nversion: {}\nrepository: {}", meta.name, meta.uuid, meta.version, release.repo);
    println!("author: {}\nlicense: {}\ndescription: {}", meta.author, meta.license, meta.description);
    println!("labels: {}", meta.labels.join(", "));
    for d in &meta.dependencies {
        println!("depends on: {} {} ({})", d.extension, d.version, d.uuid);
    }
    println!("components ({}):", meta.components.len());
    for c in &meta.components {
        let base = if c.base_typename.is_empty() { String::new() } else { format!(" : {}", c.base_typename) };
        println!("  {}{base}", c.typename);
    }
    Ok(())
}

fn versions(registry: &Registry, name: &str) -> Result<()> {
    newest(registry, name)?;
    for r in registry.db.releases(Some(name), None)? {
        println!("{} ({})", r.version, r.repo);
    }
    Ok(())
}

fn release(registry: &Registry, name: &str, version: &str) -> Result<ReleaseRow> {
    newest(registry, name)?;
    registry.db.releases(Some(name), None)?.into_iter().find(|r| r.version == version).ok_or_else(|| {
        RegistryError::new(format!("{name} has no version {version}"))
            .hint(format!("see registry extn versions -n {name}"))
    })
}

fn variants(registry: &Registry, name: &str, version: &str) -> Result<()> {
    let r = release(registry, name, version)?;
    for (repo, v) in registry.db.variants(&r.uuid, &r.version)? {
        println!("{} {} ({repo})", v.key, v.compute);
    }
    Ok(())
}

fn dependencies(registry: &Registry, name: &str, version: &str) -> Result<()> {
    let r = release(registry, name, version)?;
    for d in registry.db.dependencies(&r.uuid, &r.version)? {
        println!("{} {} ({})", d.name, d.version, d.uuid);
    }
    Ok(())
}

/// `extn publish`: copies releases of the default repository into a `dir` repository (its
/// packages, metadata and index).
fn publish(registry: &mut Registry, scope: Scope) -> Result<()> {
    let (repo_name, filter): (String, Option<OneArgs>) = match scope {
        Scope::All { repo } => (repo, None),
        Scope::Interface(one) | Scope::One(one) => (one.repo.clone().unwrap_or_default(), Some(one)),
        Scope::Variant(v) => (v.one.repo.clone().unwrap_or_default(), Some(v.one)),
    };
    let Some(target) = registry.db.repo(&repo_name)? else {
        bail!("no repository named '{repo_name}' (see registry repo list)");
    };
    if target.kind != "dir" {
        return Err(RegistryError::new(format!(
            "repository '{repo_name}' is of kind '{}': publish into a 'dir' repository",
            target.kind
        ))
        .hint("registry repo add dir -n NAME -d FOLDER, publish there, and serve that folder over HTTP for others"));
    }
    let root = PathBuf::from(&target.location);
    let mut entries = repo::DirRepo::entries(&root)?;
    let releases = registry.db.releases(filter.as_ref().map(|f| f.name.as_str()), Some(DEFAULT_REPO))?;
    let releases: Vec<ReleaseRow> = releases
        .into_iter()
        .filter(|r| filter.as_ref().and_then(|f| f.version.as_ref()).is_none_or(|v| &r.version == v))
        .collect();
    if releases.is_empty() {
        bail!("nothing to publish: no matching extension in the default repository");
    }
    for r in &releases {
        let metadata_rel = format!("metadata/{}-{}.yaml", r.uuid, r.version);
        let metadata_path = root.join(&metadata_rel);
        std::fs::create_dir_all(root.join("metadata")).at("cannot create", &root)?;
        std::fs::write(&metadata_path, &r.metadata).at("cannot write", &metadata_path)?;
        let mut variants = Vec::new();
        for (_, v) in registry.db.variants(&r.uuid, &r.version)?.into_iter().filter(|(repo, _)| repo == DEFAULT_REPO) {
            let source = PathBuf::from(&v.archive);
            let file = source.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            let rel = format!("packages/{}/{}/{file}", r.uuid, r.version);
            let dest = root.join(&rel);
            std::fs::create_dir_all(dest.parent().unwrap_or(&root)).at("cannot create", &dest)?;
            std::fs::copy(&source, &dest).at("cannot copy", &source)?;
            variants.push(VariantRow { archive: rel, ..v });
        }
        entries.retain(|e| !(e.uuid == r.uuid && e.version == r.version));
        entries.push(IndexEntry {
            name: r.name.clone(),
            uuid: r.uuid.clone(),
            version: r.version.clone(),
            metadata: metadata_rel,
            dependencies: registry.db.dependencies(&r.uuid, &r.version)?,
            variants,
        });
        println!("published {} {} to {repo_name}", r.name, r.version);
    }
    entries.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    repo::DirRepo::write_entries(&root, &entries)
}

fn import(registry: &Registry, scope: ImportScope) -> Result<()> {
    let (name, version, platform, output) = match scope {
        ImportScope::Interface { name, version, output } => (name, version, None, output),
        ImportScope::Variant { variant, output } => {
            let platform = (variant.arch, variant.os, variant.distribution);
            (variant.one.name, variant.one.version.unwrap_or_default(), Some(platform), output)
        }
    };
    let r = release(registry, &name, &version)?;
    std::fs::create_dir_all(&output).at("cannot create", &output)?;
    let Some((platform_arch, os, distribution)) = platform else {
        let path = output.join("extension.yaml");
        std::fs::write(&path, &r.metadata).at("cannot write", &path)?;
        println!("wrote {}", path.display());
        return Ok(());
    };
    let variants = registry.db.variants(&r.uuid, &r.version)?;
    let Some((_, v)) =
        variants.iter().find(|(_, v)| v.arch == platform_arch && v.os == os && v.distribution == distribution)
    else {
        bail!("{name} {version} has no variant for {platform_arch}/{os}/{distribution} (see registry extn variants)");
    };
    let archive = repo::fetch(&v.archive, &v.sha256, &registry.locations.downloads())?;
    package::unpack(&archive, &v.sha256, &output)?;
    println!("unpacked {name} {version} ({}) into {}", v.key, output.display());
    Ok(())
}

/// Index helpers for folder repositories.
impl repo::DirRepo {
    /// The entries of the index at `root` (none when it has no index yet).
    pub fn entries(root: &Path) -> Result<Vec<IndexEntry>> {
        let path = root.join("index.yaml");
        if !path.exists() {
            return Ok(Vec::new());
        }
        let text = std::fs::read_to_string(&path).at("cannot read", &path)?;
        index::parse(&path, &text)
    }

    /// Writes the index at `root` (through a temporary file renamed into place).
    pub fn write_entries(root: &Path, entries: &[IndexEntry]) -> Result<()> {
        let path = root.join("index.yaml");
        let partial = root.join(format!(".index.yaml.{}.partial", std::process::id()));
        std::fs::write(&partial, index::render(entries)).at("cannot write", &partial)?;
        std::fs::rename(&partial, &path).at("cannot write", &path)
    }
}
