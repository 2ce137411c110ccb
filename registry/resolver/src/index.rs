//! What the resolver reads: requirements, registered releases, and the [`Index`] that lists them.

use semver::Version;

/// A request for an extension: `version` means "this version or any newer one with the same major".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// Name of the extension, e.g. `StandardExtension`.
    pub extension: String,
    /// The extension's uuid, when the requester pinned it; checked against the registered uuid.
    pub uuid: Option<String>,
    /// The oldest acceptable version; the accepted range is `[X.Y.Z, (X+1).0.0)`.
    pub version: Version,
    /// Who asked, for error messages: a graph file, or `Name@version` of an extension.
    /// For the dependencies of a [`Release`] this field is ignored: the release itself is the requester.
    pub required_by: Option<String>,
}

impl Requirement {
    /// A requirement on `extension` at `version` or newer (same major), with no uuid and no requester.
    pub fn new(extension: impl Into<String>, version: Version) -> Self {
        Self { extension: extension.into(), uuid: None, version, required_by: None }
    }

    /// The same requirement, pinned to the extension's `uuid`.
    pub fn with_uuid(mut self, uuid: impl Into<String>) -> Self {
        self.uuid = Some(uuid.into());
        self
    }

    /// The same requirement, attributed to `required_by` (a graph file, or another extension).
    pub fn required_by(mut self, required_by: impl Into<String>) -> Self {
        self.required_by = Some(required_by.into());
        self
    }
}

/// One registered version of an extension, with the requirements it declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// Name of the extension.
    pub name: String,
    /// The extension's uuid (the same for every release of one extension).
    pub uuid: String,
    /// This release's version.
    pub version: Version,
    /// The extensions this release needs loaded before it.
    pub dependencies: Vec<Requirement>,
}

/// Where the resolver finds releases: the registry database, or an [`crate::InMemoryIndex`].
pub trait Index {
    /// Every registered release of the extension called `name`, in any order; empty when unknown.
    fn releases(&self, name: &str) -> Vec<Release>;

    /// Every extension name the index knows; used only to suggest a name when one is unknown.
    fn names(&self) -> Vec<String>;
}

/// One extension of a resolved closure, at the version chosen for it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    /// Name of the extension.
    pub name: String,
    /// The extension's registered uuid.
    pub uuid: String,
    /// The chosen version: the highest registered one that every requirement accepts.
    pub version: Version,
}
