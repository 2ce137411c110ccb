//! One extension's releases as read from the [`Index`], checked for consistency and sorted.

use std::sync::Arc;

use semver::Version;

use crate::error::ResolveError;
use crate::index::{Index, Release, Requirement};
use crate::version_rule::VersionRange;

/// Every release of one extension, oldest first, one per version, all under one uuid.
#[derive(Debug)]
pub(crate) struct Registered {
    /// The extension's name, shared with the pubgrub package that stands for it.
    pub name: Arc<str>,
    /// The uuid every release carries.
    pub uuid: String,
    releases: Vec<Release>,
}

impl Registered {
    /// Reads `name` from `index`; `Ok(None)` when the index has no release of it.
    ///
    /// Refuses an index that files another extension under `name`, gives one extension two uuids,
    /// or lists one version twice with different contents.
    pub fn load(index: &dyn Index, name: &str) -> Result<Option<Self>, ResolveError> {
        let mut releases = index.releases(name);
        let Some(first) = releases.first() else {
            return Ok(None);
        };
        let uuid = first.uuid.clone();
        let inconsistent = |detail: String| ResolveError::InconsistentIndex { name: name.to_owned(), detail };
        for release in &releases {
            if release.name != name {
                return Err(inconsistent(format!("a release named '{}' is listed under it", release.name)));
            }
            if !release.uuid.eq_ignore_ascii_case(&uuid) {
                return Err(inconsistent(format!("it is registered under two uuids, {uuid} and {}", release.uuid)));
            }
        }
        releases.sort_by(|a, b| a.version.cmp(&b.version));
        let mut unique: Vec<Release> = Vec::with_capacity(releases.len());
        for release in releases {
            match unique.last() {
                Some(previous) if previous.version == release.version => {
                    if !same_dependencies(&previous.dependencies, &release.dependencies) {
                        return Err(inconsistent(format!(
                            "version {} is registered twice with different dependencies",
                            release.version
                        )));
                    }
                }
                _ => unique.push(release),
            }
        }
        Ok(Some(Self { name: Arc::from(name), uuid, releases: unique }))
    }

    /// The release at exactly `version`.
    pub fn release(&self, version: &Version) -> Option<&Release> {
        let position = self.releases.binary_search_by(|r| r.version.cmp(version)).ok()?;
        self.releases.get(position)
    }

    /// The newest registered version inside `range`.
    pub fn newest_in(&self, range: &VersionRange) -> Option<&Version> {
        self.releases.iter().rev().map(|r| &r.version).find(|v| range.contains(*v))
    }

    /// Registered versions inside `range`, oldest first.
    pub fn versions_in<'s>(&'s self, range: &'s VersionRange) -> impl Iterator<Item = &'s Version> + 's {
        self.releases.iter().map(|r| &r.version).filter(move |v| range.contains(*v))
    }

    /// Every registered version, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = &Version> {
        self.releases.iter().map(|r| &r.version)
    }
}

/// Whether two dependency lists ask for the same things (who asked does not matter).
fn same_dependencies(a: &[Requirement], b: &[Requirement]) -> bool {
    let key = |r: &Requirement| (r.extension.clone(), r.uuid.as_ref().map(|u| u.to_lowercase()), r.version.clone());
    let mut a: Vec<_> = a.iter().map(key).collect();
    let mut b: Vec<_> = b.iter().map(key).collect();
    a.sort();
    b.sort();
    a == b
}
