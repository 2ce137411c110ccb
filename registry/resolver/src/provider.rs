//! The bridge between an [`Index`] and pubgrub, with GXF's version rule as the version policy:
//! a requirement allows `[X.Y.Z, (X+1).0.0)` and the newest allowed version is tried first.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use pubgrub::{Dependencies, DependencyProvider, PackageResolutionStatistics};
use semver::Version;

use crate::demand::{merge, Demand};
use crate::error::ResolveError;
use crate::index::{Index, Requirement};
use crate::registered::Registered;
use crate::suggest::closest_name;
use crate::version_rule::{allowed_range, describe, VersionRange};

/// A pubgrub package: the virtual root that carries the requested extensions, or an extension.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Pkg {
    /// The request being resolved (one or more graph files).
    Root,
    /// An extension, by name.
    Extension(Arc<str>),
}

impl fmt::Display for Pkg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => f.write_str("the request"),
            Self::Extension(name) => f.write_str(name),
        }
    }
}

/// The version pubgrub gives the virtual root.
pub(crate) const ROOT_VERSION: Version = Version::new(0, 0, 0);

/// Who made a root requirement that names no requester.
const DEFAULT_REQUESTER: &str = "the graph";

/// Answers pubgrub's questions from an [`Index`], caching what it reads.
pub(crate) struct Provider<'i> {
    index: &'i dyn Index,
    registry: RefCell<HashMap<Arc<str>, Option<Rc<Registered>>>>,
    roots: Vec<Demand>,
}

impl<'i> Provider<'i> {
    /// A provider for `roots`, which are checked first: each must name a registered extension
    /// (with its uuid, if given), and no two may ask for one extension with different majors.
    pub fn new(index: &'i dyn Index, roots: &[Requirement]) -> Result<Self, ResolveError> {
        let mut provider = Self { index, registry: RefCell::default(), roots: Vec::new() };
        let mut demands = Vec::new();
        for requirement in roots {
            let required_by = requirement.required_by.as_deref().unwrap_or(DEFAULT_REQUESTER);
            let registered = provider.checked(requirement, required_by)?;
            let demand = Demand {
                name: Arc::clone(&registered.name),
                minimum: requirement.version.clone(),
                required_by: required_by.to_owned(),
            };
            merge(&mut demands, demand).map_err(|clash| ResolveError::Conflict {
                summary: format!("{}, but {}", clash.earlier.sentence(), clash.later.sentence()),
                explanation: vec![format!(
                    "GXF loads one version of each extension, and versions of '{}' with different majors are incompatible.",
                    clash.later.name
                )],
            })?;
        }
        provider.roots = demands;
        Ok(provider)
    }

    /// The root requirements, merged per extension, in the order first requested.
    pub fn roots(&self) -> &[Demand] {
        &self.roots
    }

    /// Who requested `name` directly, if a root requirement names it.
    pub fn root_requester(&self, name: &str) -> Option<&str> {
        self.roots.iter().find(|d| &*d.name == name).map(|d| d.required_by.as_str())
    }

    /// Everything that made root requirements, e.g. `a.yaml and b.yaml`.
    pub fn requesters(&self) -> String {
        let mut labels: Vec<&str> = Vec::new();
        for demand in &self.roots {
            if !labels.contains(&demand.required_by.as_str()) {
                labels.push(&demand.required_by);
            }
        }
        match labels.as_slice() {
            [] => DEFAULT_REQUESTER.to_owned(),
            [only] => (*only).to_owned(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The releases of `name`, read once from the index; `None` when it has none.
    pub fn registered(&self, name: &str) -> Result<Option<Rc<Registered>>, ResolveError> {
        if let Some(known) = self.registry.borrow().get(name) {
            return Ok(known.clone());
        }
        let loaded = Registered::load(self.index, name)?.map(Rc::new);
        self.registry.borrow_mut().insert(Arc::from(name), loaded.clone());
        Ok(loaded)
    }

    /// The extension `requirement` names, refusing unknown names and mismatched uuids.
    fn checked(&self, requirement: &Requirement, required_by: &str) -> Result<Rc<Registered>, ResolveError> {
        let Some(registered) = self.registered(&requirement.extension)? else {
            return Err(ResolveError::UnknownExtension {
                name: requirement.extension.clone(),
                required_by: required_by.to_owned(),
                suggestion: closest_name(&requirement.extension, &self.index.names()),
            });
        };
        match &requirement.uuid {
            Some(uuid) if !uuid.eq_ignore_ascii_case(&registered.uuid) => Err(ResolveError::UuidMismatch {
                name: requirement.extension.clone(),
                required_by: required_by.to_owned(),
                required_uuid: uuid.clone(),
                registered_uuid: registered.uuid.clone(),
            }),
            _ => Ok(registered),
        }
    }

    /// What `name` at `version` needs, merged per extension. A release that asks for one
    /// extension with two majors is unusable (pubgrub then tries other versions).
    fn release_dependencies(&self, name: &str, version: &Version) -> Result<Constraints, ResolveError> {
        let registered = self.registered(name)?;
        let Some(release) = registered.as_deref().and_then(|r| r.release(version)) else {
            return Ok(Dependencies::Unavailable(format!("{name} {version} is not registered")));
        };
        let requester = format!("{name} {version}");
        let mut demands = Vec::new();
        for requirement in &release.dependencies {
            if requirement.extension == name {
                continue; // a self-dependency is a cycle, reported once the graph is resolved
            }
            let dependency = self.checked(requirement, &requester)?;
            let demand = Demand {
                name: Arc::clone(&dependency.name),
                minimum: requirement.version.clone(),
                required_by: requester.clone(),
            };
            if let Err(clash) = merge(&mut demands, demand) {
                let both = [&clash.earlier, &clash.later].map(|d| describe(&allowed_range(&d.minimum)));
                return Ok(Dependencies::Unavailable(format!(
                    "it requires {} both {} and {}",
                    clash.later.name, both[0], both[1]
                )));
            }
        }
        Ok(Dependencies::Available(demands.iter().map(constraint).collect()))
    }
}

/// What [`DependencyProvider::get_dependencies`] returns here.
type Constraints = Dependencies<Pkg, VersionRange, String>;

/// A demand as pubgrub takes it.
fn constraint(demand: &Demand) -> (Pkg, VersionRange) {
    (Pkg::Extension(Arc::clone(&demand.name)), allowed_range(&demand.minimum))
}

impl DependencyProvider for Provider<'_> {
    type P = Pkg;
    type V = Version;
    type VS = VersionRange;
    type M = String;
    type Err = ResolveError;
    /// Packages with the most conflicts first, then those with the fewest candidate versions.
    type Priority = (u32, Reverse<usize>);

    fn prioritize(&self, package: &Pkg, range: &VersionRange, stats: &PackageResolutionStatistics) -> Self::Priority {
        let candidates = match package {
            Pkg::Root => 1,
            Pkg::Extension(name) => match self.registered(name) {
                Ok(Some(registered)) => registered.versions_in(range).count(),
                _ => 0,
            },
        };
        if candidates == 0 {
            return (u32::MAX, Reverse(0)); // fails at once: nothing to try
        }
        (stats.conflict_count(), Reverse(candidates))
    }

    fn choose_version(&self, package: &Pkg, range: &VersionRange) -> Result<Option<Version>, ResolveError> {
        match package {
            Pkg::Root => Ok(range.contains(&ROOT_VERSION).then_some(ROOT_VERSION)),
            Pkg::Extension(name) => Ok(self.registered(name)?.and_then(|r| r.newest_in(range).cloned())),
        }
    }

    fn get_dependencies(&self, package: &Pkg, version: &Version) -> Result<Constraints, ResolveError> {
        match package {
            Pkg::Root => Ok(Dependencies::Available(self.roots.iter().map(constraint).collect())),
            Pkg::Extension(name) => self.release_dependencies(name, version),
        }
    }
}
