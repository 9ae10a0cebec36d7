//! The whole job in one call: ingest → cluster → compare. The report stage and the evaluations
//! all start from here, so they measure the same code paths.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cluster::{self, Clustering, Model};
use crate::compare::{self, Comparison};
use crate::config::Config;
use crate::corpus::{self, Corpus, IngestOptions};
use crate::error::Result;
use crate::progress::{Progress, Silent};
use crate::resources::Resources;

/// Every stage's output; serialised as `report.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Analysis {
    pub config: Config,
    pub corpus: Corpus,
    pub clustering: Clustering,
    pub comparison: Comparison,
    /// What differs between the outlets of each event and storyline (`contrasts::build`).
    #[serde(default)]
    pub contrasts: Vec<crate::contrasts::Contrast>,
}

/// Reads a corpus. `exclude` lists folders never to read (the output folder).
pub fn ingest_excluding(
    path: &Path,
    resources: &Resources,
    config: &Config,
    exclude: &[&Path],
) -> Result<Corpus> {
    corpus::load(
        path,
        &IngestOptions {
            outlets: &resources.outlets,
            residue: &resources.residue,
            max_file_bytes: (config.ingest.max_file_mb * 1_000_000.0) as u64,
            exclude: exclude.iter().map(|p| p.to_path_buf()).collect(),
        },
    )
}

pub fn ingest(path: &Path, resources: &Resources, config: &Config) -> Result<Corpus> {
    ingest_excluding(path, resources, config, &[])
}

/// Runs the stages after ingest; returns the analysis and the clustering model (for `explain`).
pub fn analyse_corpus(corpus: Corpus, resources: &Resources, config: &Config) -> (Analysis, Model) {
    analyse_corpus_reporting(corpus, resources, config, &Silent)
}

/// As `analyse_corpus`, telling `progress` of each stage as it runs.
pub fn analyse_corpus_reporting(
    corpus: Corpus,
    resources: &Resources,
    config: &Config,
    progress: &dyn Progress,
) -> (Analysis, Model) {
    progress.begin("clustering", "articles", None);
    let model = cluster::cluster(&corpus.articles, &config.cluster);
    progress.end();
    let comparison = compare::compare(
        &corpus.articles,
        &model.clustering,
        &resources.lexicons,
        &resources.actors,
        config,
        progress,
    );
    progress.begin("stating what differs", "clusters", None);
    let contrasts = crate::contrasts::build(
        &corpus.articles,
        &model.clustering,
        &comparison,
        &resources.lexicons.attribution,
    );
    progress.end();
    let analysis = Analysis {
        contrasts,
        config: config.clone(),
        clustering: model.clustering.clone(),
        comparison,
        corpus,
    };
    (analysis, model)
}

pub fn analyse(path: &Path, resources: &Resources, config: &Config) -> Result<(Analysis, Model)> {
    let corpus = ingest(path, resources, config)?;
    Ok(analyse_corpus(corpus, resources, config))
}
