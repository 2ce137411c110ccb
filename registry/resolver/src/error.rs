//! Why a resolution or a variant choice failed, in words a user can act on.

use std::error::Error;
use std::fmt;

use semver::Version;

use crate::compute_version::ComputeVersion;
use crate::variant::Target;

/// Why [`crate::resolve`] found no set of extension versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// A requirement names an extension no repository provides.
    UnknownExtension {
        /// The name asked for.
        name: String,
        /// Who asked (a graph file, or `Name version`).
        required_by: String,
        /// A known name close to `name`, if any.
        suggestion: Option<String>,
    },
    /// A requirement pins a uuid other than the one the extension is registered under.
    UuidMismatch {
        /// The extension's name.
        name: String,
        /// Who asked.
        required_by: String,
        /// The uuid in the requirement.
        required_uuid: String,
        /// The uuid the registry holds for `name`.
        registered_uuid: String,
    },
    /// The index contradicts itself about one extension (two uuids, one version listed twice
    /// with different dependencies, a release filed under another name).
    InconsistentIndex {
        /// The extension's name.
        name: String,
        /// What is contradictory.
        detail: String,
    },
    /// The requirements cannot all hold at once.
    Conflict {
        /// The two requirements that clash (or the one that cannot be met), in one sentence.
        summary: String,
        /// The solver's full chain of reasoning, one step per line.
        explanation: Vec<String>,
    },
    /// The chosen extensions depend on each other in a cycle, which GXF cannot load.
    Cycle {
        /// The cycle, starting and ending with the same extension.
        path: Vec<(String, Version)>,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownExtension { name, required_by, suggestion } => {
                write!(f, "no repository provides extension '{name}' (required by {required_by})")?;
                match suggestion {
                    Some(suggestion) => write!(f, "; did you mean '{suggestion}'?"),
                    None => Ok(()),
                }
            }
            Self::UuidMismatch { name, required_by, required_uuid, registered_uuid } => write!(
                f,
                "{required_by} requires extension '{name}' with uuid {required_uuid}, \
                 but '{name}' is registered with uuid {registered_uuid}"
            ),
            Self::InconsistentIndex { name, detail } => {
                write!(f, "the registry's records of extension '{name}' contradict each other: {detail}")
            }
            Self::Conflict { summary, explanation } => {
                write!(f, "no set of extension versions satisfies every requirement: {summary}")?;
                for line in explanation {
                    write!(f, "\n  {line}")?;
                }
                Ok(())
            }
            Self::Cycle { path } => {
                let steps: Vec<String> = path.iter().map(|(name, version)| format!("{name} {version}")).collect();
                write!(
                    f,
                    "dependency cycle: {}; GXF loads dependencies first, so extensions cannot depend on each other",
                    steps.join(" -> ")
                )
            }
        }
    }
}

impl Error for ResolveError {}

/// Why one variant was not eligible for the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefusalReason {
    /// A platform field differs (compared case-insensitively).
    Platform {
        /// `arch`, `os` or `distribution`.
        field: &'static str,
        /// The variant's value.
        variant: String,
        /// The target's value.
        target: String,
    },
    /// A compute field the target specifies has another major version in the variant.
    Major {
        /// `cuda`, `cudnn`, `tensorrt`, `deepstream`, `triton` or `vpi`.
        field: &'static str,
        /// The variant's version.
        variant: ComputeVersion,
        /// The target's version.
        target: ComputeVersion,
    },
}

impl fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Platform { field, variant, target } => write!(f, "{field} is {variant}, target needs {target}"),
            Self::Major { field, variant, target } => write!(
                f,
                "{field} {variant} has major {}, target needs major {} ({target})",
                variant.major, target.major
            ),
        }
    }
}

/// One variant that [`crate::pick_variant`] could not use, and every reason why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The refused variant's id.
    pub variant_id: String,
    /// Each field that rules it out.
    pub reasons: Vec<RefusalReason>,
}

/// No variant of an extension fits the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantError {
    /// The target that was asked for.
    pub target: Box<Target>,
    /// Every variant considered, in the order given, with why it was refused.
    pub refusals: Vec<Refusal>,
}

impl fmt::Display for VariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no variant fits target '{}'", self.target)?;
        if self.refusals.is_empty() {
            return write!(f, ": no variant is registered");
        }
        write!(f, "; variants considered:")?;
        for refusal in &self.refusals {
            let reasons: Vec<String> = refusal.reasons.iter().map(ToString::to_string).collect();
            write!(f, "\n  - '{}': {}", refusal.variant_id, reasons.join("; "))?;
        }
        Ok(())
    }
}

impl Error for VariantError {}
