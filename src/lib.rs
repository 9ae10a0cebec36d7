//! Parallax lines up news coverage of the same events from different outlets and shows, with
//! evidence, how each outlet frames the story.
//!
//! The pipeline is four stages over plain serde data, each usable alone:
//! [`corpus`] (ingest) → [`cluster`] → [`compare`] → [`contrasts`] → [`report`].

pub mod cluster;
pub mod compare;
pub mod config;
pub mod contrasts;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod resources;
pub mod text;
pub mod util;

pub use error::{Error, Result};
