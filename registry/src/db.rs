//! The registry's state in SQLite (`<cache>/gxf.db`): repositories, the releases they provide,
//! each release's dependencies, components and variants. Every command's writes happen in one
//! immediate transaction, so two `registry` processes at once queue rather than interleave, and a
//! process killed mid-command leaves the database as it was (WAL mode keeps readers going).

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS repositories (
    name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releases (
    repo TEXT NOT NULL, name TEXT NOT NULL, uuid TEXT NOT NULL, version TEXT NOT NULL,
    metadata TEXT NOT NULL, PRIMARY KEY (repo, uuid, version));
CREATE TABLE IF NOT EXISTS dependencies (
    repo TEXT NOT NULL, uuid TEXT NOT NULL, version TEXT NOT NULL,
    dep_name TEXT NOT NULL, dep_uuid TEXT NOT NULL, dep_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS components (
    repo TEXT NOT NULL, uuid TEXT NOT NULL, version TEXT NOT NULL,
    typename TEXT NOT NULL, type_id TEXT NOT NULL, base TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS variants (
    repo TEXT NOT NULL, uuid TEXT NOT NULL, version TEXT NOT NULL, key TEXT NOT NULL,
    arch TEXT NOT NULL, os TEXT NOT NULL, distribution TEXT NOT NULL, compute TEXT NOT NULL,
    archive TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (repo, uuid, version, key));
CREATE INDEX IF NOT EXISTS releases_by_name ON releases (name);
CREATE INDEX IF NOT EXISTS components_by_type ON components (typename);
";

/// A repository as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoRow {
    /// Name (`default` is the local repository).
    pub name: String,
    /// `local`, `dir` or `http`.
    pub kind: String,
    /// Folder or URL.
    pub location: String,
}

/// One release (an extension at one version, from one repository).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseRow {
    /// Repository.
    pub repo: String,
    /// Extension name.
    pub name: String,
    /// Uuid.
    pub uuid: String,
    /// Version.
    pub version: String,
    /// `extension.yaml` text.
    pub metadata: String,
}

/// A dependency of a release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyRow {
    /// Extension name.
    pub name: String,
    /// Uuid.
    pub uuid: String,
    /// Least version.
    pub version: String,
}

/// A component type a release provides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentRow {
    /// Type name.
    pub typename: String,
    /// Uuid.
    pub type_id: String,
    /// Base type name.
    pub base: String,
}

/// A built variant of a release and its package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantRow {
    /// `arch/os/distribution[-cuda-X]...`.
    pub key: String,
    /// Arch.
    pub arch: String,
    /// Os.
    pub os: String,
    /// Distribution.
    pub distribution: String,
    /// `cuda=12.6 tensorrt=10.3.0` (empty when none).
    pub compute: String,
    /// Archive path (local repositories) or URL.
    pub archive: String,
    /// SHA-256 of the archive, hex.
    pub sha256: String,
}

/// Everything recorded about one release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRelease {
    /// The release.
    pub release: ReleaseRow,
    /// Its dependencies.
    pub dependencies: Vec<DependencyRow>,
    /// Its components.
    pub components: Vec<ComponentRow>,
    /// Its variants.
    pub variants: Vec<VariantRow>,
}

/// The open database.
pub struct Db {
    conn: Connection,
}

impl Db {
    /// Opens (creating) the database at `path`.
    pub fn open(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(60))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db { conn })
    }

    /// Runs `f` in one immediate transaction (all or nothing; one writer at a time).
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Every repository.
    pub fn repos(&self) -> Result<Vec<RepoRow>> {
        let mut stmt = self.conn.prepare("SELECT name, kind, location FROM repositories ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok(RepoRow { name: r.get(0)?, kind: r.get(1)?, location: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One repository.
    pub fn repo(&self, name: &str) -> Result<Option<RepoRow>> {
        Ok(self
            .conn
            .query_row("SELECT name, kind, location FROM repositories WHERE name = ?1", [name], |r| {
                Ok(RepoRow { name: r.get(0)?, kind: r.get(1)?, location: r.get(2)? })
            })
            .optional()?)
    }

    /// Releases matching the filters (all when `None`), newest first within a name.
    pub fn releases(&self, name: Option<&str>, repo: Option<&str>) -> Result<Vec<ReleaseRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT repo, name, uuid, version, metadata FROM releases
             WHERE (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR repo = ?2) ORDER BY name, repo",
        )?;
        let rows = stmt.query_map(params![name, repo], |r| {
            Ok(ReleaseRow {
                repo: r.get(0)?,
                name: r.get(1)?,
                uuid: r.get(2)?,
                version: r.get(3)?,
                metadata: r.get(4)?,
            })
        })?;
        let mut releases: Vec<ReleaseRow> = rows.collect::<rusqlite::Result<_>>()?;
        releases.sort_by(|a, b| {
            let v = |r: &ReleaseRow| semver::Version::parse(&r.version).ok();
            a.name.cmp(&b.name).then_with(|| v(b).cmp(&v(a))).then_with(|| a.repo.cmp(&b.repo))
        });
        Ok(releases)
    }

    /// Every extension name known.
    pub fn names(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT name FROM releases ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every (name, uuid, version, dependency) quadruple, for the resolver's index.
    pub fn all_dependencies(&self) -> Result<Vec<(String, String, DependencyRow)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT d.uuid, d.version, d.dep_name, d.dep_uuid, d.dep_version FROM dependencies d")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, DependencyRow { name: r.get(2)?, uuid: r.get(3)?, version: r.get(4)? }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Dependencies of one release.
    pub fn dependencies(&self, uuid: &str, version: &str) -> Result<Vec<DependencyRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT dep_name, dep_uuid, dep_version FROM dependencies WHERE uuid = ?1 AND version = ?2
             ORDER BY dep_name",
        )?;
        let rows = stmt.query_map([uuid, version], |r| {
            Ok(DependencyRow { name: r.get(0)?, uuid: r.get(1)?, version: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Components, filtered by exact type name, base type and repository.
    pub fn components(
        &self,
        typename: Option<&str>,
        base: Option<&str>,
        repo: Option<&str>,
    ) -> Result<Vec<(ReleaseRow, ComponentRow)>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.repo, r.name, r.uuid, r.version, '', c.typename, c.type_id, c.base
             FROM components c JOIN releases r ON r.repo = c.repo AND r.uuid = c.uuid AND r.version = c.version
             WHERE (?1 IS NULL OR c.typename = ?1) AND (?2 IS NULL OR c.base = ?2) AND (?3 IS NULL OR c.repo = ?3)
             ORDER BY c.typename, r.name",
        )?;
        let rows = stmt.query_map(params![typename, base, repo], |r| {
            Ok((
                ReleaseRow {
                    repo: r.get(0)?,
                    name: r.get(1)?,
                    uuid: r.get(2)?,
                    version: r.get(3)?,
                    metadata: r.get(4)?,
                },
                ComponentRow { typename: r.get(5)?, type_id: r.get(6)?, base: r.get(7)? },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every component type name known (for suggestions).
    pub fn typenames(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT typename FROM components ORDER BY typename")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Variants of one release, from any repository (repository name first).
    pub fn variants(&self, uuid: &str, version: &str) -> Result<Vec<(String, VariantRow)>> {
        let mut stmt = self.conn.prepare(
            "SELECT repo, key, arch, os, distribution, compute, archive, sha256 FROM variants
             WHERE uuid = ?1 AND version = ?2 ORDER BY repo = 'default' DESC, repo, key",
        )?;
        let rows = stmt.query_map([uuid, version], |r| {
            Ok((
                r.get(0)?,
                VariantRow {
                    key: r.get(1)?,
                    arch: r.get(2)?,
                    os: r.get(3)?,
                    distribution: r.get(4)?,
                    compute: r.get(5)?,
                    archive: r.get(6)?,
                    sha256: r.get(7)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Adds or replaces a repository.
pub fn put_repo(tx: &rusqlite::Transaction, repo: &RepoRow) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO repositories (name, kind, location) VALUES (?1, ?2, ?3)",
        params![repo.name, repo.kind, repo.location],
    )?;
    Ok(())
}

/// Removes a repository and everything recorded from it.
pub fn delete_repo(tx: &rusqlite::Transaction, name: &str) -> Result<usize> {
    clear_repo(tx, name)?;
    Ok(tx.execute("DELETE FROM repositories WHERE name = ?1", [name])?)
}

/// Forgets every release recorded from a repository (before a sync, or `repo clean`).
pub fn clear_repo(tx: &rusqlite::Transaction, name: &str) -> Result<()> {
    for table in ["releases", "dependencies", "components", "variants"] {
        tx.execute(&format!("DELETE FROM {table} WHERE repo = ?1"), [name])?;
    }
    Ok(())
}

/// Records a release with its dependencies, components and variants; an existing variant with
/// the same key is replaced, other variants of the release are kept.
pub fn put_release(tx: &rusqlite::Transaction, new: &NewRelease) -> Result<()> {
    let r = &new.release;
    tx.execute(
        "INSERT OR REPLACE INTO releases (repo, name, uuid, version, metadata) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![r.repo, r.name, r.uuid, r.version, r.metadata],
    )?;
    for table in ["dependencies", "components"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE repo = ?1 AND uuid = ?2 AND version = ?3"),
            params![r.repo, r.uuid, r.version],
        )?;
    }
    for d in &new.dependencies {
        tx.execute(
            "INSERT INTO dependencies (repo, uuid, version, dep_name, dep_uuid, dep_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.repo, r.uuid, r.version, d.name, d.uuid, d.version],
        )?;
    }
    for c in &new.components {
        tx.execute(
            "INSERT INTO components (repo, uuid, version, typename, type_id, base) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.repo, r.uuid, r.version, c.typename, c.type_id, c.base],
        )?;
    }
    for v in &new.variants {
        tx.execute(
            "INSERT OR REPLACE INTO variants (repo, uuid, version, key, arch, os, distribution, compute, archive, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![r.repo, r.uuid, r.version, v.key, v.arch, v.os, v.distribution, v.compute, v.archive, v.sha256],
        )?;
    }
    Ok(())
}

/// Removes releases of an extension (one version or all) from a repository; returns how many.
pub fn delete_release(tx: &rusqlite::Transaction, repo: &str, name: &str, version: Option<&str>) -> Result<usize> {
    let uuids: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT uuid, version FROM releases WHERE repo = ?1 AND name = ?2 AND (?3 IS NULL OR version = ?3)",
        )?;
        let rows = stmt.query_map(params![repo, name, version], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (uuid, version) in &uuids {
        for table in ["releases", "dependencies", "components", "variants"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE repo = ?1 AND uuid = ?2 AND version = ?3"),
                params![repo, uuid, version],
            )?;
        }
    }
    Ok(uuids.len())
}
