//! Reading the text files the runtime is given (graph files, manifests) without trusting them:
//! only regular files of at most [`MAX_FILE_BYTES`], so that a directory, a FIFO or `/dev/zero`
//! is refused with its kind named instead of blocking or reading until memory runs out.

use crate::result::{Code, Error, Result};
use std::path::Path;

/// Largest file read (GXF graphs and manifests are kilobytes).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The text of `path`, a `what` (e.g. "graph file") for messages.
pub fn read_limited(path: &str, what: &str) -> Result<String> {
    let cannot = |why: String| Error::new(Code::GXF_FAILURE, format!("cannot read {what} '{path}': {why}"));
    let meta = std::fs::metadata(Path::new(path)).map_err(|e| cannot(e.to_string()))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() { "a directory" } else { "not a regular file" };
        return Err(cannot(format!("it is {kind}")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(cannot(format!("{} bytes is more than the limit of {MAX_FILE_BYTES}", meta.len())));
    }
    std::fs::read_to_string(path).map_err(|e| cannot(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = std::env::temp_dir();
        let e = read_limited(dir.to_str().unwrap(), "graph file").unwrap_err();
        assert!(e.message.contains("it is a directory"), "{e}");
        let e = read_limited("/dev/zero", "manifest").unwrap_err();
        assert!(e.message.contains("cannot read manifest '/dev/zero': it is not a regular file"), "{e}");
        let e = read_limited("/nonexistent/g.yaml", "graph file").unwrap_err();
        assert_eq!(e.code, Code::GXF_FAILURE);
    }
}
