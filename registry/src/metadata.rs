//! An extension's metadata (GXF's `extension.yaml`, written by `extn add`): what the library
//! says about itself (read through the ABI by loading it into a runtime) plus what its manifest
//! adds (dependencies, labels, Python package). Also read back, for queries and for loading an
//! extension whose bases live in another one.

use crate::error::{RegistryError, Result};
use crate::manifest::{Dependency, ExtensionManifest};
use crate::yaml_doc::{Doc, YamlWriter};
use gxf_abi::{param_flags, param_type};
use gxf_runtime::{ComponentType, Runtime};
use std::path::Path;

/// The version of the GXF core this registry speaks for (metadata's `gxf_core_version`).
pub const GXF_CORE_VERSION: &str = "4.1.0";

/// One parameter of a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamMeta {
    /// Key.
    pub key: String,
    /// Headline.
    pub headline: String,
    /// Description.
    pub description: String,
    /// `GXF_PARAMETER_TYPE_*`.
    pub gxf_parameter_type: String,
    /// Default as YAML text, or `N/A`.
    pub default: String,
    /// Handle type name, or `N/A`.
    pub handle_type: String,
    /// `GXF_PARAMETER_FLAGS_OPTIONAL` / `_DYNAMIC` / `_NONE` (GXF writes one).
    pub flags: String,
    /// 0 scalar, 1 vector/array, 2 vector of vectors.
    pub rank: u32,
    /// `[1]` for scalars, `[-1]` for vectors, `[n]` for arrays.
    pub shape: Vec<i64>,
    /// Bounds, when declared.
    pub min_value: Option<i64>,
    /// Bounds, when declared.
    pub max_value: Option<i64>,
}

/// One component type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentMeta {
    /// Type name.
    pub typename: String,
    /// Uuid.
    pub type_id: String,
    /// Base type name (empty for none).
    pub base_typename: String,
    /// Description.
    pub description: String,
    /// Whether it can only be a base or handle type.
    pub is_abstract: bool,
    /// Parameters.
    pub parameters: Vec<ParamMeta>,
}

/// An extension's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionMetadata {
    /// Name.
    pub name: String,
    /// Uuid.
    pub uuid: String,
    /// Version.
    pub version: String,
    /// Library file name.
    pub extension_library: String,
    /// Author.
    pub author: String,
    /// Description.
    pub description: String,
    /// License.
    pub license: String,
    /// Display name.
    pub display_name: String,
    /// Category.
    pub category: String,
    /// Brief.
    pub brief: String,
    /// Labels.
    pub labels: Vec<String>,
    /// Dependencies.
    pub dependencies: Vec<Dependency>,
    /// Python module folder.
    pub python_alias: String,
    /// Python namespace.
    pub namespace: String,
    /// Components.
    pub components: Vec<ComponentMeta>,
}

fn param_meta(rt: &Runtime, spec: &gxf_runtime::ParamSpec) -> ParamMeta {
    let (rank, shape) = gxf_abi::gxf_rank_and_shape(spec.container, spec.len);
    let flags = if spec.flags & param_flags::OPTIONAL != 0 {
        "GXF_PARAMETER_FLAGS_OPTIONAL"
    } else if spec.flags & param_flags::DYNAMIC != 0 {
        "GXF_PARAMETER_FLAGS_DYNAMIC"
    } else {
        "GXF_PARAMETER_FLAGS_NONE"
    };
    let bounded = spec.flags & param_flags::BOUNDED != 0;
    let handle_type = (spec.elem == param_type::HANDLE)
        .then(|| rt.type_by_tid(spec.handle_tid).map(|t| t.name.clone()))
        .flatten()
        .unwrap_or_else(|| "N/A".into());
    ParamMeta {
        key: spec.key.clone(),
        headline: spec.headline.clone(),
        description: spec.description.clone(),
        gxf_parameter_type: gxf_abi::gxf_parameter_type_name(spec.elem, spec.container).into(),
        default: spec.default_yaml.clone().unwrap_or_else(|| "N/A".into()),
        handle_type,
        flags: flags.into(),
        rank,
        shape,
        min_value: bounded.then_some(spec.min),
        max_value: bounded.then_some(spec.max),
    }
}

fn component_meta(rt: &Runtime, ty: &ComponentType) -> ComponentMeta {
    ComponentMeta {
        typename: ty.name.clone(),
        type_id: ty.tid.to_string(),
        base_typename: ty.base.and_then(|b| rt.type_by_tid(b)).map(|b| b.name.clone()).unwrap_or_default(),
        description: ty.description.clone(),
        is_abstract: ty.vtable.is_none(),
        parameters: ty.params.iter().map(|p| param_meta(rt, p)).collect(),
    }
}

impl ExtensionMetadata {
    /// Loads the manifest's library into a fresh runtime (after the types of its dependencies,
    /// from their metadata files) and reads what it registers. The library's name, uuid and
    /// version must be the manifest's (GXF refuses a version mismatch).
    pub fn from_library(manifest: &ExtensionManifest, dependency_metadata: &[&Path]) -> Result<ExtensionMetadata> {
        let rt = Runtime::new();
        let paths: Vec<String> = dependency_metadata.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        rt.load_metadata_files(&refs).map_err(|e| RegistryError::new(format!("loading dependency metadata: {e}")))?;
        let library = manifest.library.to_string_lossy().into_owned();
        rt.load_extension(&library).map_err(|e| {
            RegistryError::new(format!("{} is not a loadable GXF extension: {e}", manifest.library.display())).hint(
                "build the extension first, and register the extensions it depends on (registry extn add) before it",
            )
        })?;
        let record = rt.extensions().pop().ok_or_else(|| RegistryError::new("the library registered no extension"))?;
        let checks = [
            ("name", record.name.clone(), manifest.name.clone()),
            ("uuid", record.tid.to_string(), manifest.uuid.clone()),
            ("version", record.version.clone(), manifest.version.to_string()),
        ];
        for (what, library_says, manifest_says) in checks {
            if library_says != manifest_says {
                return Err(RegistryError::new(format!(
                    "the manifest says {what} '{manifest_says}', but {} says '{library_says}'",
                    manifest.library.display()
                ))
                .hint(format!("make the manifest's {what} match the library (or rebuild the library)")));
            }
        }
        let components = record
            .components
            .iter()
            .filter_map(|tid| rt.type_by_tid(*tid))
            .map(|ty| component_meta(&rt, &ty))
            .collect();
        let about = record.about;
        Ok(ExtensionMetadata {
            name: record.name,
            uuid: manifest.uuid.clone(),
            version: record.version,
            extension_library: manifest
                .library
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            author: about.author,
            description: about.description,
            license: about.license,
            display_name: about.display_name,
            category: about.category,
            brief: about.brief,
            labels: manifest.labels.clone(),
            dependencies: manifest.dependencies.clone(),
            python_alias: manifest.python_alias.clone().unwrap_or_default(),
            namespace: manifest.namespace.clone().unwrap_or_default(),
            components,
        })
    }

    /// GXF's `extension.yaml` text.
    pub fn to_yaml(&self) -> String {
        let mut w = YamlWriter::default();
        w.field(0, "name", &self.name)
            .field(0, "uuid", &self.uuid)
            .field(0, "version", &self.version)
            .field(0, "extension_library", &self.extension_library)
            .field(0, "author", &self.author)
            .field(0, "description", &self.description)
            .field(0, "license", &self.license)
            .field(0, "display_name", &self.display_name)
            .field(0, "category", &self.category)
            .field(0, "brief", &self.brief)
            .list(0, "labels", &self.labels)
            .field(0, "python_alias", &self.python_alias)
            .field(0, "namespace", &self.namespace)
            .field(0, "gxf_core_version", GXF_CORE_VERSION)
            .field(0, "registry_version", env!("CARGO_PKG_VERSION"));
        if self.dependencies.is_empty() {
            w.raw(0, "dependencies: []");
        } else {
            w.raw(0, "dependencies:");
            for d in &self.dependencies {
                w.field(0, "- extension", &d.extension).field(2, "uuid", &d.uuid).field(
                    2,
                    "version",
                    &d.version.to_string(),
                );
            }
        }
        if self.components.is_empty() {
            w.raw(0, "components: []");
        } else {
            w.raw(0, "components:");
        }
        for c in &self.components {
            w.field(0, "- typename", &c.typename)
                .field(2, "type_id", &c.type_id)
                .field(2, "base_typename", &c.base_typename)
                .field(2, "description", &c.description)
                .raw(2, &format!("is_abstract: {}", c.is_abstract));
            if c.parameters.is_empty() {
                w.raw(2, "parameters: []");
                continue;
            }
            w.raw(2, "parameters:");
            for p in &c.parameters {
                let shape: Vec<String> = p.shape.iter().map(i64::to_string).collect();
                w.field(2, "- key", &p.key)
                    .field(4, "headline", &p.headline)
                    .field(4, "description", &p.description)
                    .field(4, "gxf_parameter_type", &p.gxf_parameter_type)
                    .field(4, "default", &p.default)
                    .field(4, "handle_type", &p.handle_type)
                    .field(4, "flags", &p.flags)
                    .raw(4, &format!("rank: {}", p.rank))
                    .raw(4, &format!("shape: [{}]", shape.join(", ")))
                    .optional(4, "min_value", p.min_value.map(|v| v.to_string()).as_deref())
                    .optional(4, "max_value", p.max_value.map(|v| v.to_string()).as_deref());
            }
        }
        w.finish()
    }

    /// Reads metadata from parsed YAML.
    pub fn from_doc(doc: &Doc) -> Result<ExtensionMetadata> {
        let root = doc.root();
        let text = |key| doc.optional_text(root, key).map(|t| t.unwrap_or("").to_string());
        let mut dependencies = Vec::new();
        for d in doc.list(root, "dependencies")? {
            dependencies.push(crate::manifest::parse_dependency(doc, d)?);
        }
        let mut components = Vec::new();
        for c in doc.list(root, "components")? {
            let ctext = |key| doc.optional_text(c, key).map(|t| t.unwrap_or("").to_string());
            let mut parameters = Vec::new();
            for p in doc.list(c, "parameters")? {
                let ptext = |key| doc.optional_text(p, key).map(|t| t.unwrap_or("").to_string());
                let number = |key| -> Result<Option<i64>> {
                    doc.optional_text(p, key)?
                        .map(|t| t.parse().map_err(|_| doc.error(p, format!("'{key}' must be a whole number"))))
                        .transpose()
                };
                parameters.push(ParamMeta {
                    key: doc.text(p, "key")?.to_string(),
                    headline: ptext("headline")?,
                    description: ptext("description")?,
                    gxf_parameter_type: ptext("gxf_parameter_type")?,
                    default: ptext("default")?,
                    handle_type: ptext("handle_type")?,
                    flags: ptext("flags")?,
                    rank: number("rank")?.unwrap_or(0) as u32,
                    shape: doc.text_list(p, "shape")?.iter().filter_map(|s| s.parse().ok()).collect(),
                    min_value: number("min_value")?,
                    max_value: number("max_value")?,
                });
            }
            components.push(ComponentMeta {
                typename: doc.text(c, "typename")?.to_string(),
                type_id: doc.text(c, "type_id")?.to_string(),
                base_typename: ctext("base_typename")?,
                description: ctext("description")?,
                is_abstract: ctext("is_abstract")? == "true",
                parameters,
            });
        }
        Ok(ExtensionMetadata {
            name: doc.text(root, "name")?.to_string(),
            uuid: doc.text(root, "uuid")?.to_string(),
            version: doc.text(root, "version")?.to_string(),
            extension_library: text("extension_library")?,
            author: text("author")?,
            description: text("description")?,
            license: text("license")?,
            display_name: text("display_name")?,
            category: text("category")?,
            brief: text("brief")?,
            labels: doc.text_list(root, "labels")?,
            dependencies,
            python_alias: text("python_alias")?,
            namespace: text("namespace")?,
            components,
        })
    }
}
