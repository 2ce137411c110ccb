//! The registry's state for one command: its folders and its database (with the `default`
//! repository always present).

use crate::db::{self, Db, RepoRow};
use crate::error::Result;
use crate::locations::Locations;

/// Name of the local repository that `extn add` registers into.
pub const DEFAULT_REPO: &str = "default";

/// Folders and database.
pub struct Registry {
    /// Where things live.
    pub locations: Locations,
    /// The state.
    pub db: Db,
}

impl Registry {
    /// Opens the registry of `locations`, creating what is missing.
    pub fn open(locations: Locations) -> Result<Registry> {
        let mut db = Db::open(&locations.db())?;
        if db.repo(DEFAULT_REPO)?.is_none() {
            let row = RepoRow {
                name: DEFAULT_REPO.into(),
                kind: "local".into(),
                location: locations.default_repo.to_string_lossy().into_owned(),
            };
            db.write(|tx| db::put_repo(tx, &row))?;
        }
        Ok(Registry { locations, db })
    }
}
