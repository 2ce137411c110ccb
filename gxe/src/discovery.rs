//! The default extension set: the `libgxf_*.so` libraries installed beside the gxe binary.

use std::io;
use std::path::{Path, PathBuf};

/// The extension every graph needs; loaded first.
const STD_LIBRARY: &str = "libgxf_std.so";

/// `libgxf_std.so` (when present), then every other `libgxf_*.so` in `dir` in name order.
pub fn extensions_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with("libgxf_") && name.ends_with(".so"))
        .collect();
    names.sort_by(|a, b| (a != STD_LIBRARY, a).cmp(&(b != STD_LIBRARY, b)));
    Ok(names.into_iter().map(|name| dir.join(name)).collect())
}

/// The directory that holds the running gxe binary.
pub fn exe_dir() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| io::Error::other(format!("'{}' has no parent directory", exe.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_comes_first_then_name_order() {
        let dir = std::env::temp_dir().join(format!("gxe-discovery-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("libgxf_dir.so")).unwrap();
        for name in ["libgxf_test.so", "libgxf_sample.so", "libgxf_std.so", "libgxf_sdk.rlib", "libother.so", "gxe"] {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        let found = extensions_in(&dir).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names, ["libgxf_std.so", "libgxf_sample.so", "libgxf_test.so"]);
    }
}
