//! `graph install -r`: the staged install packed into one `.tar.gz`.

use crate::error::{IoContext, Result};
use std::path::Path;

/// Packs the folder `root` (its contents at the archive's root) into `archive`.
pub fn pack(root: &Path, archive: &Path) -> Result<()> {
    if let Some(dir) = archive.parent() {
        std::fs::create_dir_all(dir).at("cannot create", dir)?;
    }
    let file = std::fs::File::create(archive).at("cannot write", archive)?;
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::default()));
    builder.append_dir_all(".", root).at("cannot pack", root)?;
    builder.into_inner().and_then(|gz| gz.finish()).at("cannot write", archive)?;
    std::fs::remove_dir_all(root).at("cannot remove", root)?;
    println!("archive: {}", archive.display());
    Ok(())
}
