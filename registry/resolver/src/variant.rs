//! Which registered variant of an extension to install for a target (GXF `graph install` step 4).

use std::fmt;

use crate::compute_version::ComputeVersion;
use crate::error::{Refusal, RefusalReason, VariantError};
use crate::score::score;

/// Where a variant runs; compared field by field, case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Platform {
    /// `x86_64`, `aarch64`, `aarch64_sbsa`, …
    pub arch: String,
    /// `linux`, `qnx`, …
    pub os: String,
    /// `ubuntu_22.04`, `qnx_sdp_7.1`, `rhel9`, …
    pub distribution: String,
}

impl Platform {
    /// A platform from its three fields.
    pub fn new(arch: impl Into<String>, os: impl Into<String>, distribution: impl Into<String>) -> Self {
        Self { arch: arch.into(), os: os.into(), distribution: distribution.into() }
    }

    /// Whether `self` (a variant's platform) is `target`'s, ignoring case.
    fn matches(&self, target: &Platform) -> bool {
        same_ignoring_case(&self.arch, &target.arch)
            && same_ignoring_case(&self.os, &target.os)
            && same_ignoring_case(&self.distribution, &target.distribution)
    }

    /// The fields in which `self` (a variant's platform) differs from `target`.
    fn mismatches(&self, target: &Platform) -> Vec<RefusalReason> {
        [
            ("arch", &self.arch, &target.arch),
            ("os", &self.os, &target.os),
            ("distribution", &self.distribution, &target.distribution),
        ]
        .into_iter()
        .filter(|(_, ours, theirs)| !same_ignoring_case(ours, theirs))
        .map(|(field, ours, theirs)| RefusalReason::Platform { field, variant: ours.clone(), target: theirs.clone() })
        .collect()
    }
}

/// Whether `a` and `b` are equal once lower-cased.
fn same_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "arch: {} os: {} distribution: {}", self.arch, self.os, self.distribution)
    }
}

/// The compute stack a variant was built against, or a target offers; `None` = not used / not specified.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Compute {
    /// CUDA toolkit.
    pub cuda: Option<ComputeVersion>,
    /// cuDNN.
    pub cudnn: Option<ComputeVersion>,
    /// TensorRT.
    pub tensorrt: Option<ComputeVersion>,
    /// DeepStream.
    pub deepstream: Option<ComputeVersion>,
    /// Triton inference server.
    pub triton: Option<ComputeVersion>,
    /// VPI.
    pub vpi: Option<ComputeVersion>,
}

impl Compute {
    /// The six fields by name, in GXF's scoring order.
    pub(crate) fn fields(&self) -> [(&'static str, Option<ComputeVersion>); 6] {
        [
            ("cuda", self.cuda),
            ("cudnn", self.cudnn),
            ("tensorrt", self.tensorrt),
            ("deepstream", self.deepstream),
            ("triton", self.triton),
            ("vpi", self.vpi),
        ]
    }
}

impl fmt::Display for Compute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut separator = "";
        for (field, version) in self.fields() {
            if let Some(version) = version {
                write!(f, "{separator}{field}: {version}")?;
                separator = " ";
            }
        }
        Ok(())
    }
}

/// What the graph will run on (GXF's target file).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    /// Platform every eligible variant must match.
    pub platform: Platform,
    /// Compute stack variants are scored against.
    pub compute: Compute,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.platform)?;
        let compute = self.compute.to_string();
        if !compute.is_empty() {
            write!(f, " {compute}")?;
        }
        Ok(())
    }
}

/// One registered build of an extension version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The caller's handle for this variant (a directory, a database row); echoed in errors.
    pub id: String,
    /// Where it runs.
    pub platform: Platform,
    /// What it was built against.
    pub compute: Compute,
}

/// The variant GXF would install for `target`: among those with the target's platform and no
/// compute field of another major, the highest score (see GXF's formula); ties go to the later one.
pub fn pick_variant<'a>(variants: &'a [Variant], target: &Target) -> Result<&'a Variant, VariantError> {
    let mut best: Option<(f64, &Variant)> = None;
    for variant in variants.iter().filter(|v| v.platform.matches(&target.platform)) {
        if let Ok(points) = score(&target.compute, &variant.compute) {
            if best.is_none_or(|(top, _)| points >= top) {
                best = Some((points, variant));
            }
        }
    }
    best.map(|(_, variant)| variant).ok_or_else(|| VariantError {
        target: Box::new(target.clone()),
        refusals: variants.iter().map(|variant| refusal(variant, target)).collect(),
    })
}

/// Why `variant` does not fit `target`: its platform, else the majors of its compute stack.
fn refusal(variant: &Variant, target: &Target) -> Refusal {
    let mut reasons = variant.platform.mismatches(&target.platform);
    if reasons.is_empty() {
        reasons = score(&target.compute, &variant.compute).err().unwrap_or_default();
    }
    Refusal { variant_id: variant.id.clone(), reasons }
}
