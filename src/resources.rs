//! The data files the tool ships (outlets, actors, lexicons, web residue), embedded in the binary
//! and each replaceable by the user's own copy.

use std::path::{Path, PathBuf};

use crate::compare::actors::{Actors, BUILTIN_ACTORS};
use crate::compare::lexicon::{Lexicons, LEXICON_FILES};
use crate::corpus::outlets::BUILTIN_OUTLETS;
use crate::corpus::residue::BUILTIN_RESIDUE;
use crate::corpus::{OutletRegistry, ResidueRules};
use crate::error::{Error, Result};
use crate::util::write_atomic;

/// Where the user's replacements live; `None` means the built-in file.
#[derive(Debug, Clone, Default)]
pub struct ResourcePaths {
    pub outlets: Option<PathBuf>,
    pub actors: Option<PathBuf>,
    pub lexicons: Option<PathBuf>,
    /// Web-residue rules (`web_residue.toml`, as `parallax data export` writes it).
    pub residue: Option<PathBuf>,
}

pub struct Resources {
    pub outlets: OutletRegistry,
    pub actors: Actors,
    pub lexicons: Lexicons,
    pub residue: ResidueRules,
}

impl Resources {
    pub fn builtin() -> Resources {
        Resources {
            outlets: OutletRegistry::builtin(),
            actors: Actors::builtin(),
            lexicons: Lexicons::builtin(),
            residue: ResidueRules::builtin(),
        }
    }

    pub fn load(paths: &ResourcePaths) -> Result<Resources> {
        if let Some(dir) = &paths.lexicons {
            if !dir.is_dir() {
                return Err(Error::input(dir, None, "lexicon folder not found"));
            }
        }
        Ok(Resources {
            outlets: match &paths.outlets {
                Some(p) => OutletRegistry::load(p)?,
                None => OutletRegistry::builtin(),
            },
            actors: match &paths.actors {
                Some(p) => Actors::load(p)?,
                None => Actors::builtin(),
            },
            lexicons: Lexicons::load(paths.lexicons.as_deref())?,
            residue: match &paths.residue {
                Some(p) => ResidueRules::load(p)?,
                None => ResidueRules::builtin(),
            },
        })
    }
}

/// Writes the built-in data files into `dir` for the user to read and edit. Existing files are
/// left alone (never overwrite user data); the paths written are returned.
pub fn export(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<(PathBuf, &str)> = vec![
        (dir.join("outlets.toml"), BUILTIN_OUTLETS),
        (dir.join("actors.toml"), BUILTIN_ACTORS),
        (dir.join("web_residue.toml"), BUILTIN_RESIDUE),
    ];
    for (name, source) in LEXICON_FILES {
        files.push((dir.join("lexicons").join(format!("{name}.toml")), source));
    }
    let mut written = Vec::new();
    for (path, contents) in files {
        if path.exists() {
            continue;
        }
        write_atomic(&path, contents.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
