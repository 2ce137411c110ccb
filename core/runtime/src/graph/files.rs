//! The chain of subgraph files being loaded: subgraphs nest at most [`MAX_SUBGRAPH_DEPTH`] files
//! deep and never include a file that is already being loaded (a cycle).

use crate::result::{Code, Error, Result};
use std::path::PathBuf;

/// Deepest nesting of subgraph files below the top-level file.
pub const MAX_SUBGRAPH_DEPTH: usize = 64;

/// The files being loaded, from the top-level file down to the current one (canonical paths).
#[derive(Clone, Debug, Default)]
pub struct FileChain(Vec<PathBuf>);

impl FileChain {
    /// The chain with `path` loaded inside the current file, or the error of a cycle or of a
    /// chain too deep.
    pub fn enter(&self, path: &str) -> Result<FileChain> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
        if let Some(first) = self.0.iter().position(|p| *p == canonical) {
            let cycle: Vec<String> =
                self.0[first..].iter().chain([&canonical]).map(|p| p.display().to_string()).collect();
            return Err(Error::new(
                Code::GXF_ARGUMENT_INVALID,
                format!("subgraph cycle: {} (a subgraph may not include a file being loaded)", cycle.join(" -> ")),
            ));
        }
        if self.0.len() > MAX_SUBGRAPH_DEPTH {
            return Err(Error::new(
                Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                format!("subgraphs nest more than {MAX_SUBGRAPH_DEPTH} files deep at '{path}'"),
            ));
        }
        let mut chain = self.0.clone();
        chain.push(canonical);
        Ok(FileChain(chain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gxf-files-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_already_in_the_chain_is_a_cycle_named_in_order() {
        let dir = scratch("cycle");
        let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let chain = FileChain::default().enter(a.to_str().unwrap()).unwrap();
        let chain = chain.enter(b.to_str().unwrap()).unwrap();
        let e = chain.enter(a.to_str().unwrap()).unwrap_err();
        assert_eq!(e.code, Code::GXF_ARGUMENT_INVALID);
        assert!(e.message.contains("a.yaml -> ") && e.message.contains("b.yaml -> "), "{e}");
        assert!(e.message.ends_with("being loaded)"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_chain_has_a_depth_limit() {
        let mut chain = FileChain::default();
        for i in 0..=MAX_SUBGRAPH_DEPTH {
            chain = chain.enter(&format!("/nonexistent/{i}.yaml")).unwrap();
        }
        let e = chain.enter("/nonexistent/last.yaml").unwrap_err();
        assert_eq!(e.code, Code::GXF_EXCEEDING_PREALLOCATED_SIZE);
    }
}
