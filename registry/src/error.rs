//! The registry's error: what failed, and where possible the way out.

use std::fmt;

/// A failed registry command: a message naming the cause (file:line:col for input files), and
/// an optional hint saying what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// The registry's result type.
pub type Result<T> = std::result::Result<T, RegistryError>;

impl RegistryError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> RegistryError {
        RegistryError { message: message.into(), hint: None }
    }

    /// Adds the way out.
    pub fn hint(mut self, hint: impl Into<String>) -> RegistryError {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with what was being done.
    pub fn context(mut self, what: impl fmt::Display) -> RegistryError {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RegistryError {}

/// Shorthand for `Err(RegistryError::new(format!(...)))`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::error::RegistryError::new(format!($($arg)*))) };
}

impl From<std::io::Error> for RegistryError {
    fn from(e: std::io::Error) -> Self {
        RegistryError::new(e.to_string())
    }
}

impl From<rusqlite::Error> for RegistryError {
    fn from(e: rusqlite::Error) -> Self {
        RegistryError::new(format!("registry database: {e}"))
    }
}

/// Adds the path to an I/O error.
pub trait IoContext<T> {
    /// `"<what> <path>: <error>"`.
    fn at(self, what: &str, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, what: &str, path: &std::path::Path) -> Result<T> {
        self.map_err(|e| RegistryError::new(format!("{what} {}: {e}", path.display())))
    }
}
