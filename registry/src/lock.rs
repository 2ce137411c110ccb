//! The lock record `graph install` writes beside the manifest (`manifest.lock`): each
//! extension's name, uuid, version, variant, repository and package checksum, so that
//! `graph install --locked` on another machine installs exactly the same packages.

use crate::db::VariantRow;
use crate::error::{IoContext, Result};
use crate::metadata::ExtensionMetadata;
use crate::yaml_doc::{Doc, YamlWriter};
use std::path::Path;

/// One locked extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockEntry {
    /// Name.
    pub name: String,
    /// Uuid.
    pub uuid: String,
    /// Version.
    pub version: String,
    /// Variant key.
    pub variant: String,
    /// Repository it came from.
    pub repository: String,
    /// Package SHA-256.
    pub sha256: String,
}

impl LockEntry {
    /// The entry for an installed variant.
    pub fn of(metadata: &ExtensionMetadata, variant: &VariantRow, repository: &str) -> LockEntry {
        LockEntry {
            name: metadata.name.clone(),
            uuid: metadata.uuid.clone(),
            version: metadata.version.clone(),
            variant: variant.key.clone(),
            repository: repository.to_string(),
            sha256: variant.sha256.clone(),
        }
    }
}

/// A lock record (extensions in load order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockFile {
    /// The extensions.
    pub entries: Vec<LockEntry>,
}

impl LockFile {
    /// Writes it.
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut w = YamlWriter::default();
        w.field(0, "gxf_registry_lock", "1").raw(0, "extensions:");
        for e in &self.entries {
            w.field(0, "- name", &e.name)
                .field(2, "uuid", &e.uuid)
                .field(2, "version", &e.version)
                .field(2, "variant", &e.variant)
                .field(2, "repository", &e.repository)
                .field(2, "sha256", &e.sha256);
        }
        std::fs::write(path, w.finish()).at("cannot write", path)
    }

    /// Reads one.
    pub fn load(path: &Path) -> Result<LockFile> {
        let doc = Doc::load(path).map_err(|e| e.hint("run graph install without --locked once to write it"))?;
        let root = doc.root();
        doc.text(root, "gxf_registry_lock")?;
        let mut entries = Vec::new();
        for e in doc.list(root, "extensions")? {
            let text = |key| doc.text(e, key).map(str::to_string);
            entries.push(LockEntry {
                name: text("name")?,
                uuid: text("uuid")?,
                version: text("version")?,
                variant: text("variant")?,
                repository: text("repository")?,
                sha256: text("sha256")?,
            });
        }
        Ok(LockFile { entries })
    }
}
