//! Target files (`-d target.yaml`): the platform and compute stack a graph is installed for;
//! and the platform/compute maps they share with extension manifests.

use crate::error::Result;
use crate::yaml_doc::Doc;
use gxf_registry_resolver::{Compute, ComputeVersion, Platform, Target};
use gxf_yaml::Node;
use std::path::Path;

/// The compute keys GXF knows.
pub const COMPUTE_KEYS: [&str; 6] = ["cuda", "cudnn", "tensorrt", "deepstream", "triton", "vpi"];

/// `platform: {arch, os, distribution}`, lower-cased.
pub fn parse_platform(doc: &Doc, node: &Node) -> Result<Platform> {
    if !node.is_mapping() {
        return Err(doc.error(node, "'platform' must be a map with arch, os and distribution"));
    }
    let field = |key| doc.text(node, key).map(|t| t.to_lowercase());
    Ok(Platform { arch: field("arch")?, os: field("os")?, distribution: field("distribution")? })
}

/// `compute: {cuda: 12.6, ...}`: only GXF's six keys, each a version or null.
pub fn parse_compute(doc: &Doc, node: &Node) -> Result<Compute> {
    if !node.is_mapping() {
        return Err(doc.error(node, "'compute' must be a map"));
    }
    let mut compute = Compute::default();
    for (key, value) in node.entries() {
        let name = key.scalar().unwrap_or("");
        let parsed = match value.scalar() {
            _ if value.is_null() => None,
            Some(text) => Some(
                text.parse::<ComputeVersion>()
                    .ok()
                    .ok_or_else(|| doc.error(value, format!("'{text}' is not a version (e.g. 12.6 or 10.3.0)")))?,
            ),
            None => return Err(doc.error(value, format!("'{name}' must be a version"))),
        };
        let slot = match name {
            "cuda" => &mut compute.cuda,
            "cudnn" => &mut compute.cudnn,
            "tensorrt" => &mut compute.tensorrt,
            "deepstream" => &mut compute.deepstream,
            "triton" => &mut compute.triton,
            "vpi" => &mut compute.vpi,
            other => {
                return Err(
                    doc.error(key, format!("unknown compute key '{other}' (one of {})", COMPUTE_KEYS.join(", ")))
                )
            }
        };
        *slot = parsed;
    }
    Ok(compute)
}

/// GXF's keyed targets (`-d x86_64`), for when no target file is at hand.
fn keyed_target(key: &str) -> Option<Target> {
    let (arch, distribution) = match key {
        "x86_64" => ("x86_64", "ubuntu_22.04"),
        "aarch64" => ("aarch64", "ubuntu_22.04"),
        _ => return None,
    };
    Some(Target { platform: Platform::new(arch, "linux", distribution), compute: Compute::default() })
}

/// Reads a target file, or takes one of GXF's target keys (`x86_64`, `aarch64`).
pub fn load_target(path: &Path) -> Result<Target> {
    if !path.exists() {
        if let Some(target) = path.to_str().and_then(keyed_target) {
            return Ok(target);
        }
    }
    let doc = Doc::load(path)?;
    let root = doc.root();
    let platform = root.get("platform").ok_or_else(|| doc.error(root, "missing 'platform'"))?;
    let compute = match root.get("compute") {
        Some(node) if !node.is_null() => parse_compute(&doc, node)?,
        _ => Compute::default(),
    };
    Ok(Target { platform: parse_platform(&doc, platform)?, compute })
}

/// The machine this runs on, as a target with no compute stack (`-d` omitted).
pub fn host_target() -> Target {
    Target {
        platform: Platform {
            arch: std::env::consts::ARCH.into(),
            os: std::env::consts::OS.into(),
            distribution: host_distribution(),
        },
        compute: Compute::default(),
    }
}

/// `ubuntu_22.04` style, from /etc/os-release (`unknown` when it cannot tell).
fn host_distribution() -> String {
    let text = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .map(|v| v.trim_matches('"').to_lowercase())
    };
    match (field("ID"), field("VERSION_ID")) {
        (Some(id), Some(version)) => format!("{id}_{version}"),
        (Some(id), None) => id,
        _ => "unknown".into(),
    }
}
