//! An [`Index`] held in memory: for tests, benchmarks and callers that load the registry up front.

use std::collections::BTreeMap;

use crate::index::{Index, Release};

/// Releases kept in memory, grouped by extension name.
#[derive(Clone, Debug, Default)]
pub struct InMemoryIndex {
    by_name: BTreeMap<String, Vec<Release>>,
}

impl InMemoryIndex {
    /// An index with no releases.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `release` (a release added twice is listed twice, as a database might).
    pub fn add(&mut self, release: Release) {
        self.by_name.entry(release.name.clone()).or_default().push(release);
    }
}

impl FromIterator<Release> for InMemoryIndex {
    fn from_iter<I: IntoIterator<Item = Release>>(releases: I) -> Self {
        let mut index = Self::new();
        for release in releases {
            index.add(release);
        }
        index
    }
}

impl Index for InMemoryIndex {
    fn releases(&self, name: &str) -> Vec<Release> {
        self.by_name.get(name).cloned().unwrap_or_default()
    }

    fn names(&self) -> Vec<String> {
        self.by_name.keys().cloned().collect()
    }
}
