//! The library's one error type. Every variant that concerns input names the file (and the line
//! where one is known) so that a user can find the problem without a debugger.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem sits: a file, and a 1-based line when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl Location {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>) -> Self {
        Location {
            path: path.as_ref().to_path_buf(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input (a corpus, a gold file, a data file, a template) cannot be used.
    #[error("{location}: {message}")]
    Input { location: Location, message: String },

    /// Reading or writing failed at the operating-system level. The system's message is part of
    /// this one and not a separate cause, so that it is printed once.
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },

    /// A template failed to load or render.
    #[error("{location}: template error: {message}")]
    Template { location: Location, message: String },

    /// The request itself makes no sense (an unknown cluster id, contradictory options).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn input(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Error::Input {
            location: Location::new(path, line),
            message: message.into(),
        }
    }

    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            error: source,
        }
    }

    /// True when the fault lies in what the user gave us (exit code 2) rather than in the run:
    /// bad content, a bad request, or a file named on the command line that is missing or
    /// cannot be read.
    pub fn is_bad_input(&self) -> bool {
        match self {
            Error::Input { .. } | Error::Usage(_) | Error::Template { .. } => true,
            Error::Io { error, .. } => matches!(
                error.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::NotADirectory
                    | std::io::ErrorKind::InvalidData
            ),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
