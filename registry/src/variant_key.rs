//! How variants are named and compared: GXF's folder key
//! (`arch/os/distribution[-cuda-X][-cudnn-X][-trt-X][-ds-X][-triton-X][-vpi-X]`) and the compute
//! text stored with a variant (`cuda=12.6 tensorrt=10.3.0`).

use crate::db::VariantRow;
use gxf_registry_resolver::{Compute, ComputeVersion, Platform, Variant};

/// `(key, compute field)` pairs in GXF's order with their folder-key abbreviations.
const FIELDS: [(&str, &str); 6] = [
    ("cuda", "cuda"),
    ("cudnn", "cudnn"),
    ("tensorrt", "trt"),
    ("deepstream", "ds"),
    ("triton", "triton"),
    ("vpi", "vpi"),
];

fn field(compute: &Compute, key: &str) -> Option<ComputeVersion> {
    match key {
        "cuda" => compute.cuda,
        "cudnn" => compute.cudnn,
        "tensorrt" => compute.tensorrt,
        "deepstream" => compute.deepstream,
        "triton" => compute.triton,
        "vpi" => compute.vpi,
        _ => None,
    }
}

/// GXF's variant folder key.
pub fn key(platform: &Platform, compute: &Compute) -> String {
    let mut key =
        format!("{}/{}/{}", platform.arch, platform.os, platform.distribution).to_lowercase().replace(' ', "_");
    for (name, short) in FIELDS {
        if let Some(v) = field(compute, name) {
            key.push_str(&format!("-{short}-{v}"));
        }
    }
    key
}

/// `cuda=12.6 tensorrt=10.3.0` (empty when no compute field is set).
pub fn compute_text(compute: &Compute) -> String {
    FIELDS
        .iter()
        .filter_map(|(name, _)| field(compute, name).map(|v| format!("{name}={v}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads `compute_text` back (unknown or malformed parts are ignored).
pub fn parse_compute_text(text: &str) -> Compute {
    let mut compute = Compute::default();
    for part in text.split_whitespace() {
        let Some((name, value)) = part.split_once('=') else { continue };
        let version = value.parse::<ComputeVersion>().ok();
        match name {
            "cuda" => compute.cuda = version,
            "cudnn" => compute.cudnn = version,
            "tensorrt" => compute.tensorrt = version,
            "deepstream" => compute.deepstream = version,
            "triton" => compute.triton = version,
            "vpi" => compute.vpi = version,
            _ => {}
        }
    }
    compute
}

/// The resolver's view of a recorded variant (`id`: its key).
pub fn to_variant(row: &VariantRow) -> Variant {
    Variant {
        id: row.key.clone(),
        platform: Platform { arch: row.arch.clone(), os: row.os.clone(), distribution: row.distribution.clone() },
        compute: parse_compute_text(&row.compute),
    }
}
