//! `registry cache ...`: where the database and downloads live.

use crate::cli::CacheArgs;
use crate::error::{IoContext, Result};
use crate::locations::Locations;
use crate::registry::Registry;

/// Runs `cache`; opens the registry itself (setting the cache moves where it is).
pub fn run(mut locations: Locations, args: CacheArgs) -> Result<()> {
    if let Some(dir) = args.set {
        locations.set_cache(&dir)?;
        Registry::open(locations.clone())?;
        println!("cache: {}", locations.cache.display());
    } else if args.clean {
        for path in [locations.db(), locations.downloads()] {
            if path.is_dir() {
                std::fs::remove_dir_all(&path).at("cannot remove", &path)?;
            } else if path.exists() {
                std::fs::remove_file(&path).at("cannot remove", &path)?;
            }
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", locations.db().display()));
        }
        Registry::open(locations)?;
        println!("cache cleaned");
    } else if args.refresh {
        let mut registry = Registry::open(locations)?;
        let remote: Vec<String> =
            registry.db.repos()?.into_iter().filter(|r| r.kind == "dir" || r.kind == "http").map(|r| r.name).collect();
        for name in remote {
            super::repo::sync_one(&mut registry, &name, None, None)?;
        }
    } else {
        println!("{}", locations.cache.display());
    }
    Ok(())
}
