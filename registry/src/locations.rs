//! Where the registry keeps things (GXF's layout and variables, rooted in the user's cache
//! folder rather than /var/tmp): `$GXF_REGISTRY_ROOT` (default `$XDG_CACHE_HOME/gxf-registry`,
//! else `~/.cache/gxf-registry`) holds `.config/gxf/registry.toml` (`$GXF_CONFIG_ROOT`),
//! `.cache/gxf_registry/` (the database and downloads; moved with `cache -s`), `default_repo/` and
//! `.cache/gxf_workspace/` (`$GXF_WORKSPACE_ROOT`, for `extn install`).

use crate::error::{IoContext, Result};
use std::path::{Path, PathBuf};

/// The registry's folders.
#[derive(Clone, Debug)]
pub struct Locations {
    /// Holds `registry.toml`.
    pub config_dir: PathBuf,
    /// Holds `gxf.db` and downloaded packages.
    pub cache: PathBuf,
    /// The local default repository.
    pub default_repo: PathBuf,
    /// Where `extn install` copies extensions.
    pub workspace: PathBuf,
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

impl Locations {
    /// From the environment.
    pub fn from_env() -> Locations {
        let root = env_path("GXF_REGISTRY_ROOT").unwrap_or_else(|| {
            let cache = env_path("XDG_CACHE_HOME")
                .or_else(|| env_path("HOME").map(|h| h.join(".cache")))
                .unwrap_or_else(std::env::temp_dir);
            cache.join("gxf-registry")
        });
        let config_dir = env_path("GXF_CONFIG_ROOT").unwrap_or_else(|| root.join(".config/gxf"));
        let cache = read_cache_setting(&config_dir).unwrap_or_else(|| root.join(".cache/gxf_registry"));
        Locations {
            default_repo: root.join("default_repo"),
            workspace: env_path("GXF_WORKSPACE_ROOT").unwrap_or_else(|| root.join(".cache/gxf_workspace")),
            config_dir,
            cache,
        }
    }

    /// The database file.
    pub fn db(&self) -> PathBuf {
        self.cache.join("gxf.db")
    }

    /// Where packages from remote repositories are downloaded.
    pub fn downloads(&self) -> PathBuf {
        self.cache.join("downloads")
    }

    /// Sets the cache folder (`cache -s DIR`: GXF appends `gxf_registry/`).
    pub fn set_cache(&mut self, dir: &Path) -> Result<()> {
        let cache = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()).join("gxf_registry");
        std::fs::create_dir_all(&self.config_dir).at("cannot create", &self.config_dir)?;
        let file = self.config_dir.join("registry.toml");
        let text = format!("cache = {}\n", crate::yaml_doc::quote(&cache.to_string_lossy()));
        std::fs::write(&file, text).at("cannot write", &file)?;
        self.cache = cache;
        Ok(())
    }
}

/// The `cache = "..."` line of `registry.toml`, if any.
fn read_cache_setting(config_dir: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(config_dir.join("registry.toml")).ok()?;
    text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "cache").then(|| PathBuf::from(value.trim().trim_matches('"').replace("\\\\", "\\")))
    })
}
