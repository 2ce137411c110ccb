//! What graph files need: their `dependencies` entries (GXF), and those of the subgraph files
//! they include; or, as a step beyond GXF, the component types they name when they have none.

use crate::error::{RegistryError, Result};
use crate::manifest::parse_dependency;
use crate::registry::Registry;
use crate::yaml_doc::Doc;
use gxf_registry_resolver::Requirement;
use std::path::{Path, PathBuf};

/// A component type named in a graph, and where.
pub struct TypeUse {
    /// Type name.
    pub typename: String,
    /// `file:line:col`.
    pub at: String,
}

/// What the graphs ask for.
pub enum GraphNeeds {
    /// Their `dependencies` entries.
    Dependencies(Vec<Requirement>),
    /// No `dependencies` anywhere: the component types they use.
    Types(Vec<TypeUse>),
}

/// Subgraph files a component's `location` parameter names (comma-separated), found relative to
/// the working directory (as gxe resolves them) or else to the including file's folder.
fn subgraph_files(component: &gxf_yaml::Node, including: &Path) -> Vec<PathBuf> {
    let Some(location) = component.get("parameters").and_then(|p| p.get("location")).and_then(|l| l.scalar()) else {
        return Vec::new();
    };
    location
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let beside = including.parent().unwrap_or(Path::new(".")).join(l);
            if Path::new(l).exists() || !beside.exists() {
                PathBuf::from(l)
            } else {
                beside
            }
        })
        .collect()
}

/// Reads every document of every graph, and of the subgraphs they include.
pub fn graph_requirements(graphs: &[PathBuf]) -> Result<GraphNeeds> {
    let mut requirements = Vec::new();
    let mut types = Vec::new();
    let mut queue: Vec<PathBuf> = graphs.iter().rev().cloned().collect();
    let mut seen: Vec<PathBuf> = Vec::new();
    while let Some(path) = queue.pop() {
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        let doc = Doc::load(&path)?;
        let file = path.display().to_string();
        for root in &doc.docs {
            if !root.is_mapping() {
                continue;
            }
            for dep in doc.list(root, "dependencies")? {
                let d = parse_dependency(&doc, dep)?;
                if d.extension.is_empty() {
                    return Err(
                        doc.error(dep, "this registry resolves dependencies by extension name: add 'extension'")
                    );
                }
                let mut r = Requirement::new(d.extension.clone(), d.version).required_by(file.clone());
                if !d.uuid.is_empty() {
                    r = r.with_uuid(d.uuid);
                }
                requirements.push(r);
            }
            for component in doc.list(root, "components")? {
                if let Some(node) = component.get("type") {
                    if let Some(typename) = node.scalar() {
                        let at = format!("{file}:{}:{}", node.mark.line, node.mark.column);
                        types.push(TypeUse { typename: typename.to_string(), at });
                    }
                }
                queue.extend(subgraph_files(component, &path));
            }
        }
    }
    if !requirements.is_empty() {
        return Ok(GraphNeeds::Dependencies(requirements));
    }
    if types.is_empty() {
        return Err(RegistryError::new(format!(
            "{} name(s) no dependencies and no component types: nothing to install",
            graphs.iter().map(|g| g.display().to_string()).collect::<Vec<_>>().join(", ")
        )));
    }
    Ok(GraphNeeds::Types(types))
}

/// One requirement per extension providing the types (its newest major, any version of it).
pub fn requirements_from_types(registry: &Registry, types: &[TypeUse]) -> Result<Vec<Requirement>> {
    let mut requirements: Vec<Requirement> = Vec::new();
    for t in types {
        let providers = registry.db.components(Some(&t.typename), None, None)?;
        let Some((release, _)) = providers.into_iter().max_by(|(a, _), (b, _)| {
            let v = |r: &crate::db::ReleaseRow| semver::Version::parse(&r.version).ok();
            v(a).cmp(&v(b))
        }) else {
            let mut e = RegistryError::new(format!("{}: no repository provides component type '{}'", t.at, t.typename));
            if let Some(close) = gxf_runtime::closest(&t.typename, registry.db.typenames()?.iter().map(String::as_str))
            {
                e = e.hint(format!("did you mean '{close}'?"));
            } else {
                e = e.hint("register or sync the extension that provides it, or add 'dependencies' to the graph");
            }
            return Err(e);
        };
        if requirements.iter().any(|r| r.extension == release.name) {
            continue;
        }
        let newest = semver::Version::parse(&release.version).map_err(|e| RegistryError::new(e.to_string()))?;
        let floor = semver::Version::new(newest.major, 0, 0);
        requirements.push(Requirement::new(release.name, floor).with_uuid(release.uuid).required_by(t.at.clone()));
    }
    Ok(requirements)
}
