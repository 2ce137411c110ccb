//! The extension manifest `registry extn add -m` reads (GXF's `registry_manifest.tpl`): what the
//! extension is, where its files are, what platform and compute stack it was built for and what it
//! depends on. Checked as GXF checks it, with `file:line:col` in every error.

use crate::error::Result;
use crate::target::{parse_compute, parse_platform};
use crate::yaml_doc::Doc;
use gxf_registry_resolver::{Compute, Platform};
use semver::Version;
use std::path::{Path, PathBuf};

/// A dependency as a manifest or graph states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// Extension name (may be empty when only the uuid is given).
    pub extension: String,
    /// Extension uuid (may be empty when only the name is given).
    pub uuid: String,
    /// The least version wanted (GXF: this or newer with the same major).
    pub version: Version,
}

/// An extension manifest.
#[derive(Clone, Debug)]
pub struct ExtensionManifest {
    /// Name (`^[a-zA-Z][a-zA-Z0-9_]*$`).
    pub name: String,
    /// Canonical lower-case uuid.
    pub uuid: String,
    /// Strict `MAJOR.MINOR.PATCH`.
    pub version: Version,
    /// The library (resolved against the manifest's folder).
    pub library: PathBuf,
    /// License file.
    pub license_file: PathBuf,
    /// What it was built for.
    pub platform: Platform,
    /// The compute stack it was built against.
    pub compute: Compute,
    /// Other extensions it needs.
    pub dependencies: Vec<Dependency>,
    /// Labels.
    pub labels: Vec<String>,
    /// Python module folder name (`std` for `gxf.std`).
    pub python_alias: Option<String>,
    /// Python namespace (`gxf`).
    pub namespace: Option<String>,
    /// Python files or folders shipped with it.
    pub python_sources: Vec<PathBuf>,
    /// Extra binaries (shared libraries the extension opens).
    pub binaries: Vec<PathBuf>,
    /// Data files.
    pub data: Vec<PathBuf>,
    /// Headers.
    pub headers: Vec<PathBuf>,
}

/// Whether `name` is a valid extension name.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 256
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `uuid` is canonical: lower-case hex in 8-4-4-4-12 groups.
pub fn valid_uuid(uuid: &str) -> bool {
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')))
}

/// A strict `MAJOR.MINOR.PATCH` version (no pre-release or build part), as GXF requires.
pub fn strict_version(text: &str) -> Option<Version> {
    let version = Version::parse(text).ok()?;
    (version.pre.is_empty() && version.build.is_empty()).then_some(version)
}

impl ExtensionManifest {
    /// Reads and checks a manifest.
    pub fn load(path: &Path) -> Result<ExtensionManifest> {
        let doc = Doc::load(path)?;
        let root = doc.root();
        if !root.is_mapping() {
            return Err(
                doc.error(root, "an extension manifest must be a map (name, uuid, version, extension_library, ...)")
            );
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let file = |text: &str| dir.join(text);
        let name = doc.text(root, "name")?;
        if !valid_name(name) {
            return Err(doc.error(
                root.get("name").unwrap_or(root),
                format!("'{name}' is not a valid extension name (a letter, then letters, digits or '_')"),
            ));
        }
        let uuid = doc.text(root, "uuid")?;
        if !valid_uuid(uuid) {
            return Err(doc.error(
                root.get("uuid").unwrap_or(root),
                format!("'{uuid}' is not a lower-case uuid (8-4-4-4-12 hex digits)"),
            ));
        }
        let version_text = doc.text(root, "version")?;
        let version = strict_version(version_text).ok_or_else(|| {
            doc.error(
                root.get("version").unwrap_or(root),
                format!("'{version_text}' is not a MAJOR.MINOR.PATCH version"),
            )
        })?;
        let priority_text = doc.text(root, "priority")?;
        priority_text.parse::<u32>().ok().filter(|p| *p <= 100).ok_or_else(|| {
            doc.error(
                root.get("priority").unwrap_or(root),
                format!("priority '{priority_text}' must be a number from 0 to 100"),
            )
        })?;
        let platform_node = root.get("platform").ok_or_else(|| doc.error(root, "missing 'platform'"))?;
        let platform = parse_platform(&doc, platform_node)?;
        let compute = match root.get("compute") {
            Some(node) if !node.is_null() => parse_compute(&doc, node)?,
            _ => Compute::default(),
        };
        let mut dependencies = Vec::new();
        for dep in doc.list(root, "dependencies")? {
            dependencies.push(parse_dependency(&doc, dep)?);
        }
        let paths =
            |key: &str| -> Result<Vec<PathBuf>> { Ok(doc.text_list(root, key)?.iter().map(|t| file(t)).collect()) };
        Ok(ExtensionManifest {
            name: name.to_string(),
            uuid: uuid.to_string(),
            version,
            library: file(doc.text(root, "extension_library")?),
            license_file: file(doc.text(root, "license_file")?),
            platform,
            compute,
            dependencies,
            labels: doc.text_list(root, "labels")?,
            python_alias: doc.optional_text(root, "python_alias")?.map(str::to_string),
            namespace: doc.optional_text(root, "namespace")?.map(str::to_string),
            python_sources: paths("python_sources")?,
            binaries: paths("binaries")?,
            data: paths("data")?,
            headers: paths("headers")?,
        })
    }
}

/// One `{extension, uuid, version}` entry (a manifest's or a graph's `dependencies`).
pub fn parse_dependency(doc: &Doc, node: &gxf_yaml::Node) -> Result<Dependency> {
    if !node.is_mapping() {
        return Err(doc.error(node, "a dependency is a map with 'extension' and/or 'uuid', and 'version'"));
    }
    let extension = doc.optional_text(node, "extension")?.unwrap_or("").to_string();
    let uuid = doc.optional_text(node, "uuid")?.unwrap_or("").to_string();
    if extension.is_empty() && uuid.is_empty() {
        return Err(doc.error(node, "a dependency needs 'extension' or 'uuid'"));
    }
    if !extension.is_empty() && !valid_name(&extension) {
        return Err(
            doc.error(node.get("extension").unwrap_or(node), format!("'{extension}' is not a valid extension name"))
        );
    }
    if !uuid.is_empty() && !valid_uuid(&uuid) {
        return Err(doc.error(node.get("uuid").unwrap_or(node), format!("'{uuid}' is not a lower-case uuid")));
    }
    let text = doc.text(node, "version")?;
    let version = strict_version(text).ok_or_else(|| {
        doc.error(node.get("version").unwrap_or(node), format!("'{text}' is not a MAJOR.MINOR.PATCH version"))
    })?;
    Ok(Dependency { extension, uuid, version })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` to `name` in a folder of its own (tests run in parallel and reuse names).
    fn write(name: &str, text: &str) -> PathBuf {
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gxf_registry_manifest_{}_{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    const GOOD: &str = "name: MyExt\nextension_library: lib/libmy.so\nuuid: 0123abcd-0123-4567-89ab-0123456789ab\nversion: 1.2.3\n\
        license_file: LICENSE\npriority: 1\nplatform: {arch: x86_64, os: linux, distribution: ubuntu_22.04}\n\
        compute: {cuda: 12.6}\ndependencies:\n- {extension: StandardExtension, uuid: 8ec2d5d6-b5df-48bf-8dee-0252606fdd7e, version: 2.6.0}\n";

    #[test]
    fn a_good_manifest_reads_with_paths_beside_it() {
        let path = write("good.yaml", GOOD);
        let m = ExtensionManifest::load(&path).unwrap();
        assert_eq!((m.name.as_str(), m.version.to_string()), ("MyExt", "1.2.3".into()));
        assert_eq!(m.library, path.parent().unwrap().join("lib/libmy.so"));
        assert_eq!(m.dependencies[0].extension, "StandardExtension");
        assert_eq!(m.platform.arch, "x86_64");
    }

    #[test]
    fn bad_fields_are_named_with_their_position() {
        let cases = [
            (
                GOOD.replace("version: 1.2.3", "version: 1.2"),
                "good.yaml:4:10: '1.2' is not a MAJOR.MINOR.PATCH version",
            ),
            (GOOD.replace("name: MyExt", "name: 9Ext"), "'9Ext' is not a valid extension name"),
            (GOOD.replace("0123abcd-", "0123ABCD-"), "is not a lower-case uuid"),
            (GOOD.replace("priority: 1", "priority: P0"), "priority 'P0' must be a number from 0 to 100"),
            (GOOD.replace("license_file: LICENSE\n", ""), "missing 'license_file'"),
            (GOOD.replace("version: 2.6.0", "version: 2.6.0-rc1"), "'2.6.0-rc1' is not a MAJOR.MINOR.PATCH version"),
        ];
        for (text, wanted) in cases {
            let e = ExtensionManifest::load(&write("good.yaml", &text)).unwrap_err();
            assert!(e.message.contains(wanted), "{e} (wanted {wanted})");
            assert!(e.message.contains("good.yaml:"), "{e}");
        }
    }
}
