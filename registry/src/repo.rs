//! Repositories: where releases come from. The local `default` repository is the database
//! itself (packages under `default_repo/`); a `dir` repository is a folder with `index.yaml`,
//! `metadata/` and `packages/`; an `http` repository is such a folder served by any static web
//! server. Remote kinds sit behind [`Repository`], so another kind (NGC, S3) is one more impl.

use crate::db::RepoRow;
use crate::error::{IoContext, RegistryError, Result};
use crate::index::{self, IndexEntry};
use crate::package::sha256_file;
use crate::progress::Progress;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest index or metadata file downloaded.
const MAX_TEXT: u64 = 64 << 20;

/// A source of releases.
pub trait Repository {
    /// Every release offered, with its `extension.yaml` text; variants' `archive` fields are
    /// absolute locations (a path or a URL) that [`fetch`] understands.
    fn read_index(&self) -> Result<Vec<(IndexEntry, String)>>;
}

/// A folder repository.
pub struct DirRepo {
    root: PathBuf,
}

/// A repository served over HTTP.
pub struct HttpRepo {
    name: String,
    base: String,
}

/// Opens a recorded repository (`dir` or `http`; the `default` one has no index to read).
pub fn open(row: &RepoRow) -> Result<Box<dyn Repository>> {
    match row.kind.as_str() {
        "dir" => Ok(Box::new(DirRepo { root: PathBuf::from(&row.location) })),
        "http" => {
            Ok(Box::new(HttpRepo { name: row.name.clone(), base: row.location.trim_end_matches('/').to_string() }))
        }
        other => Err(RegistryError::new(format!(
            "repository '{}' is of kind '{other}', which has no index to sync",
            row.name
        ))),
    }
}

impl Repository for DirRepo {
    fn read_index(&self) -> Result<Vec<(IndexEntry, String)>> {
        let path = self.root.join("index.yaml");
        if !path.exists() {
            return Ok(Vec::new());
        }
        let text = std::fs::read_to_string(&path).at("cannot read", &path)?;
        let mut entries = index::parse(&path, &text)?;
        let mut out = Vec::with_capacity(entries.len());
        let mut progress = Progress::new("reading", entries.len());
        for mut entry in entries.drain(..) {
            progress.step(&entry.name);
            let metadata_path = self.root.join(&entry.metadata);
            let metadata = std::fs::read_to_string(&metadata_path).at("cannot read", &metadata_path)?;
            for v in &mut entry.variants {
                v.archive = self.root.join(&v.archive).to_string_lossy().into_owned();
            }
            out.push((entry, metadata));
        }
        Ok(out)
    }
}

/// GETs `url` into memory (at most `MAX_TEXT` bytes).
fn get_text(url: &str) -> std::result::Result<String, String> {
    let response = ureq::get(url).call().map_err(|e| e.to_string())?;
    let mut text = String::new();
    response.into_body().into_reader().take(MAX_TEXT).read_to_string(&mut text).map_err(|e| e.to_string())?;
    Ok(text)
}

impl HttpRepo {
    fn unreachable(&self, url: &str, why: String) -> RegistryError {
        let hint = if url.starts_with("https://") {
            "this registry is built without TLS: serve the repository over http:// (e.g. on a private network)"
                .to_string()
        } else {
            format!("check the URL and that the server is running (registry repo info -n {})", self.name)
        };
        RegistryError::new(format!("cannot reach repository '{}' at {url}: {why}", self.name)).hint(hint)
    }
}

impl Repository for HttpRepo {
    fn read_index(&self) -> Result<Vec<(IndexEntry, String)>> {
        let url = format!("{}/index.yaml", self.base);
        let text = get_text(&url).map_err(|why| self.unreachable(&url, why))?;
        let mut entries = index::parse(Path::new(&url), &text)?;
        let mut out = Vec::with_capacity(entries.len());
        let mut progress = Progress::new(&format!("syncing {}", self.name), entries.len());
        for mut entry in entries.drain(..) {
            progress.step(&format!("{} {}", entry.name, entry.version));
            let metadata_url = format!("{}/{}", self.base, entry.metadata);
            let metadata = get_text(&metadata_url).map_err(|why| self.unreachable(&metadata_url, why))?;
            for v in &mut entry.variants {
                v.archive = format!("{}/{}", self.base, v.archive);
            }
            out.push((entry, metadata));
        }
        Ok(out)
    }
}

/// A local file holding the package at `location` (a path, or a URL downloaded into
/// `downloads` unless a file with the right checksum is there already).
pub fn fetch(location: &str, sha256: &str, downloads: &Path) -> Result<PathBuf> {
    if !location.starts_with("http://") && !location.starts_with("https://") {
        return Ok(PathBuf::from(location));
    }
    let target = downloads.join(format!("{sha256}.tar.gz"));
    if target.exists() && sha256_file(&target)? == sha256 {
        return Ok(target);
    }
    std::fs::create_dir_all(downloads).at("cannot create", downloads)?;
    let partial = downloads.join(format!(".{sha256}.{}.partial", std::process::id()));
    let response = ureq::get(location).call().map_err(|e| {
        RegistryError::new(format!("cannot download {location}: {e}"))
            .hint("check that the repository's server is running, then retry")
    })?;
    let mut file = std::fs::File::create(&partial).at("cannot write", &partial)?;
    std::io::copy(&mut response.into_body().into_reader(), &mut file).at("cannot download into", &partial)?;
    std::fs::rename(&partial, &target).at("cannot write", &target)?;
    Ok(target)
}
