//! The index of a directory or HTTP repository (`index.yaml` at its root): every release with
//! its dependencies and variants, each variant's package path (relative to the root) and
//! SHA-256, and the path of the release's `extension.yaml` (under `metadata/`).

use crate::db::{DependencyRow, VariantRow};
use crate::error::Result;
use crate::yaml_doc::{Doc, YamlWriter};
use std::path::Path;

/// The index format's version.
const FORMAT: &str = "1";

/// One release in an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// Extension name.
    pub name: String,
    /// Uuid.
    pub uuid: String,
    /// Version.
    pub version: String,
    /// Path of its `extension.yaml`, relative to the repository root.
    pub metadata: String,
    /// Its dependencies.
    pub dependencies: Vec<DependencyRow>,
    /// Its variants (`archive` relative to the repository root).
    pub variants: Vec<VariantRow>,
}

/// Reads an index.
pub fn parse(path: &Path, text: &str) -> Result<Vec<IndexEntry>> {
    let doc = Doc::parse(path, text)?;
    let root = doc.root();
    let format = doc.text(root, "registry_index")?;
    if format != FORMAT {
        return Err(doc.error(root, format!("index format {format} is not supported (this registry reads {FORMAT})")));
    }
    let mut entries = Vec::new();
    for r in doc.list(root, "releases")? {
        let mut dependencies = Vec::new();
        for d in doc.list(r, "dependencies")? {
            dependencies.push(DependencyRow {
                name: doc.text(d, "extension")?.into(),
                uuid: doc.text(d, "uuid")?.into(),
                version: doc.text(d, "version")?.into(),
            });
        }
        let mut variants = Vec::new();
        for v in doc.list(r, "variants")? {
            variants.push(VariantRow {
                key: doc.text(v, "key")?.into(),
                arch: doc.text(v, "arch")?.into(),
                os: doc.text(v, "os")?.into(),
                distribution: doc.text(v, "distribution")?.into(),
                compute: doc.text(v, "compute")?.into(),
                archive: doc.text(v, "archive")?.into(),
                sha256: doc.text(v, "sha256")?.into(),
            });
        }
        entries.push(IndexEntry {
            name: doc.text(r, "name")?.into(),
            uuid: doc.text(r, "uuid")?.into(),
            version: doc.text(r, "version")?.into(),
            metadata: doc.text(r, "metadata")?.into(),
            dependencies,
            variants,
        });
    }
    Ok(entries)
}

/// Writes an index.
pub fn render(entries: &[IndexEntry]) -> String {
    let mut w = YamlWriter::default();
    w.field(0, "registry_index", FORMAT).raw(0, "releases:");
    for e in entries {
        w.field(0, "- name", &e.name).field(2, "uuid", &e.uuid).field(2, "version", &e.version).field(
            2,
            "metadata",
            &e.metadata,
        );
        w.raw(2, if e.dependencies.is_empty() { "dependencies: []" } else { "dependencies:" });
        for d in &e.dependencies {
            w.field(2, "- extension", &d.name).field(4, "uuid", &d.uuid).field(4, "version", &d.version);
        }
        w.raw(2, "variants:");
        for v in &e.variants {
            w.field(2, "- key", &v.key)
                .field(4, "arch", &v.arch)
                .field(4, "os", &v.os)
                .field(4, "distribution", &v.distribution)
                .field(4, "compute", &v.compute)
                .field(4, "archive", &v.archive)
                .field(4, "sha256", &v.sha256);
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_round_trip() {
        let entry = IndexEntry {
            name: "A".into(),
            uuid: "u".into(),
            version: "1.0.0".into(),
            metadata: "metadata/u-1.0.0.yaml".into(),
            dependencies: vec![DependencyRow { name: "B".into(), uuid: "v".into(), version: "2.0.0".into() }],
            variants: vec![VariantRow {
                key: "x86_64/linux/ubuntu_22.04".into(),
                arch: "x86_64".into(),
                os: "linux".into(),
                distribution: "ubuntu_22.04".into(),
                compute: String::new(),
                archive: "packages/a.tar.gz".into(),
                sha256: "00".into(),
            }],
        };
        let text = render(std::slice::from_ref(&entry));
        assert_eq!(parse(Path::new("index.yaml"), &text).unwrap(), vec![entry]);
        let e = parse(Path::new("index.yaml"), "registry_index: 9\n").unwrap_err();
        assert!(e.message.contains("index format 9"), "{e}");
    }
}
