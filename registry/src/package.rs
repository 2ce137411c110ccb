//! Packages: one `.tar.gz` per extension variant holding `extension.yaml`, `LICENSE`, the
//! library under `lib/`, extra binaries under `bin/`, Python sources under `python/`, data under
//! `data/` and headers under `headers/`; named by their SHA-256, which every install verifies
//! before unpacking, and never unpacked outside the target folder.

use crate::error::{IoContext, RegistryError, Result};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What goes into a package.
pub struct Contents<'a> {
    /// `extension.yaml` text.
    pub metadata: &'a str,
    /// The library.
    pub library: &'a Path,
    /// The license file.
    pub license: &'a Path,
    /// Python files or folders (each goes under `python/` by its file name).
    pub python_sources: &'a [PathBuf],
    /// Other binaries.
    pub binaries: &'a [PathBuf],
    /// Data files or folders.
    pub data: &'a [PathBuf],
    /// Headers.
    pub headers: &'a [PathBuf],
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = File::open(path).at("cannot read", path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).at("cannot read", path)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Build leftovers that never go into a package.
fn is_leftover(name: &std::ffi::OsStr) -> bool {
    name == "__pycache__" || Path::new(name).extension().is_some_and(|e| e == "pyc")
}

/// Adds `source` (a file, or a folder and everything in it but build leftovers) as
/// `folder/<its name>`.
fn append(builder: &mut tar::Builder<impl Write>, folder: &Path, source: &Path) -> Result<()> {
    let name =
        source.file_name().ok_or_else(|| RegistryError::new(format!("{} has no file name", source.display())))?;
    let inside = folder.join(name);
    if !source.is_dir() {
        return builder.append_path_with_name(source, &inside).at("cannot pack", source);
    }
    let mut children: Vec<_> = std::fs::read_dir(source)
        .at("cannot read", source)?
        .collect::<std::io::Result<_>>()
        .at("cannot read", source)?;
    children.sort_by_key(|c| c.file_name());
    for child in children.iter().filter(|c| !is_leftover(&c.file_name())) {
        append(builder, &inside, &child.path())?;
    }
    Ok(())
}

/// Builds the package into `folder` (via a temporary file renamed into place, so a killed
/// process leaves no half-written package); returns its path and SHA-256.
pub fn build(contents: &Contents, folder: &Path, stem: &str) -> Result<(PathBuf, String)> {
    std::fs::create_dir_all(folder).at("cannot create", folder)?;
    let partial = folder.join(format!(".{stem}.{}.partial", std::process::id()));
    let file = File::create(&partial).at("cannot write", &partial)?;
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::default()));
    builder.follow_symlinks(true);
    let mut header = tar::Header::new_gnu();
    header.set_size(contents.metadata.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append_data(&mut header, "extension.yaml", contents.metadata.as_bytes()).at("cannot write", &partial)?;
    builder.append_path_with_name(contents.license, "LICENSE").at("cannot pack", contents.license)?;
    append(&mut builder, Path::new("lib"), contents.library)?;
    for (folder_name, sources) in [
        ("python", contents.python_sources),
        ("bin", contents.binaries),
        ("data", contents.data),
        ("headers", contents.headers),
    ] {
        for source in sources {
            append(&mut builder, Path::new(folder_name), source)?;
        }
    }
    builder.into_inner().and_then(|gz| gz.finish()).and_then(|f| f.sync_all()).at("cannot write", &partial)?;
    let sha = sha256_file(&partial)?;
    let path = folder.join(format!("{stem}-{}.tar.gz", &sha[..16]));
    std::fs::rename(&partial, &path).at("cannot write", &path)?;
    Ok((path, sha))
}

/// Checks `archive` against `sha256`, then unpacks it into `dest` (refusing entries that would
/// land outside it).
pub fn unpack(archive: &Path, sha256: &str, dest: &Path) -> Result<()> {
    let actual = sha256_file(archive)?;
    if actual != sha256 {
        return Err(RegistryError::new(format!(
            "checksum mismatch for {}: expected sha256 {sha256}, got {actual}",
            archive.display()
        ))
        .hint("the package was changed after it was published: publish it again, or sync the repository (registry repo sync)"));
    }
    std::fs::create_dir_all(dest).at("cannot create", dest)?;
    let file = File::open(archive).at("cannot read", archive)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in tar.entries().at("cannot read", archive)? {
        let mut entry = entry.at("cannot read", archive)?;
        let unpacked = entry.unpack_in(dest).at("cannot unpack into", dest)?;
        if !unpacked {
            let name = entry.path().map(|p| p.display().to_string()).unwrap_or_default();
            return Err(RegistryError::new(format!(
                "{} holds '{name}', which points outside the package",
                archive.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gxf_registry_package_{}_{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn packages_round_trip_and_tampering_is_refused() {
        let dir = scratch("round");
        std::fs::write(dir.join("libx.so"), b"library").unwrap();
        std::fs::write(dir.join("LICENSE"), b"license").unwrap();
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("pkg/__init__.py"), b"print(1)").unwrap();
        let contents = Contents {
            metadata: "name: X\n",
            library: &dir.join("libx.so"),
            license: &dir.join("LICENSE"),
            python_sources: &[dir.join("pkg")],
            binaries: &[],
            data: &[],
            headers: &[],
        };
        let (archive, sha) = build(&contents, &dir.join("out"), "x-1.0.0").unwrap();
        assert_eq!(sha, sha256_file(&archive).unwrap());
        unpack(&archive, &sha, &dir.join("unpacked")).unwrap();
        assert_eq!(std::fs::read(dir.join("unpacked/lib/libx.so")).unwrap(), b"library");
        assert_eq!(std::fs::read(dir.join("unpacked/python/pkg/__init__.py")).unwrap(), b"print(1)");
        assert_eq!(std::fs::read_to_string(dir.join("unpacked/extension.yaml")).unwrap(), "name: X\n");
        let mut bytes = std::fs::read(&archive).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&archive, bytes).unwrap();
        let e = unpack(&archive, &sha, &dir.join("again")).unwrap_err();
        assert!(e.message.contains("checksum mismatch"), "{e}");
        assert!(!dir.join("again").exists(), "nothing is unpacked from a tampered package");
    }
}
