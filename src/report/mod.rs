//! Report: render the analysis as an HTML briefing (index, a page per cluster and per article),
//! Markdown, CSV tables and JSON, written into a folder beside the output and moved in when complete (see `output`).

pub mod output;
pub mod tables;
pub mod templates;
pub mod view;
pub mod worksheet;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::OutletRegistry;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::progress::Progress;
use minijinja::value::Serde;
use minijinja::Value as V;
pub use templates::Templates;
use view::Views;

/// Version of `report.json`'s layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Serialize)]
struct ReportJson<'a> {
    schema_version: u32,
    tool: String,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

pub struct ReportOptions {
    /// Start CSV files with a UTF-8 byte-order mark (for spreadsheet programs that need it).
    pub csv_bom: bool,
}

/// Renders the output files and writes each as soon as it is rendered (no page waits in
/// memory for the others); returns the paths written.
pub fn write(
    analysis: &Analysis,
    outlets: &OutletRegistry,
    templates: &Templates,
    out: &Path,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<Vec<PathBuf>> {
    // All or nothing: the files go to a folder beside `out`, each as soon as it is rendered,
    // and move in when all are written.
    let mut folder = output::OutputFolder::claim(out, None, output::Kind::Report)?;
    let mut staging = folder.begin()?;
    let views = Views::new(analysis, outlets);
    // Counted: the pages, the stylesheet, report.md and report.json (the tables are a handful of files).
    let files = 4 + analysis.comparison.clusters.len() + analysis.corpus.articles.len();
    progress.begin("writing the report", "files", Some(files as u64));
    let mut emit = |relative: PathBuf, bytes: &[u8]| {
        if relative.extension().is_none_or(|e| e != "csv") {
            progress.advance(1);
        }
        staging.write(&relative, bytes)
    };
    let index = views.index(outlets);
    let clusters = views.clusters();
    // The index is converted to a template value once and shared by every page (converting it
    // per page made the writer quadratic in the corpus).
    let index_value = V::from(Serde(&index));
    emit(
        PathBuf::from("index.html"),
        templates
            .render(
                "index.html",
                minijinja::context! { index => index_value.clone(), root => "" },
            )?
            .as_bytes(),
    )?;
    // One stylesheet for every page (inline, it was half of each article page's bytes).
    emit(
        PathBuf::from("style.css"),
        templates
            .render("style.css", minijinja::context! {})?
            .as_bytes(),
    )?;
    emit(
        PathBuf::from("report.md"),
        templates.render("report.md", minijinja::context! { index => index_value.clone(), clusters => V::from(Serde(&clusters)) })?.as_bytes(),
    )?;
    for cluster in &clusters {
        let html = templates.render("cluster.html", minijinja::context! { cluster => V::from(Serde(cluster)), index => index_value.clone(), root => "../" })?;
        emit(
            PathBuf::from("clusters").join(format!("{}.html", cluster.id)),
            html.as_bytes(),
        )?;
    }
    drop(clusters);
    for article in &analysis.corpus.articles {
        let page = views.article_page(&article.id);
        let html = templates.render("article.html", minijinja::context! { page => V::from(Serde(&page)), index => index_value.clone(), root => "../" })?;
        emit(
            PathBuf::from("articles").join(format!("{}.html", article.id)),
            html.as_bytes(),
        )?;
    }
    for table in tables::all(analysis, outlets, options.csv_bom)? {
        emit(PathBuf::from(table.name), &table.bytes)?;
    }
    // Compact: at research scale the indentation alone doubled the file.
    let json = serde_json::to_vec(&ReportJson {
        schema_version: SCHEMA_VERSION,
        tool: format!("parallax {}", env!("CARGO_PKG_VERSION")),
        analysis,
    })
    .map_err(|e| Error::io("report.json", std::io::Error::other(e)))?;
    emit(PathBuf::from("report.json"), &json)?;
    progress.end();
    folder.finish(staging, true)
}

/// Writes worksheets (handout and answer key, HTML and Markdown) for one cluster, or for every
/// storyline when `cluster` is `None`. Returns the paths written.
pub fn write_worksheets(
    analysis: &Analysis,
    lexicons: &crate::compare::lexicon::Lexicons,
    templates: &Templates,
    out: &Path,
    cluster: Option<&str>,
) -> Result<Vec<PathBuf>> {
    let mut targets: Vec<(String, String, Vec<String>)> = Vec::new();
    for storyline in &analysis.clustering.storylines {
        let story_members: Vec<String> = storyline.article_ids().cloned().collect();
        if cluster.is_none() || cluster == Some(storyline.id.as_str()) {
            targets.push((storyline.id.clone(), storyline.label.clone(), story_members));
        }
        for event in &storyline.events {
            if cluster == Some(event.id.as_str()) {
                targets.push((
                    event.id.clone(),
                    event.label.clone(),
                    event.articles.clone(),
                ));
            }
        }
    }
    if let Some(id) = cluster {
        if targets.is_empty() {
            return Err(Error::Usage(format!(
                "no storyline or event has the id `{id}` (see clusters.csv)"
            )));
        }
    }
    let mut files = Vec::new();
    for (id, title, members) in targets {
        let sheet = worksheet::build(analysis, lexicons, &id, &title, &members);
        for (answers, suffix) in [(false, ""), (true, "-answer-key")] {
            for ext in ["html", "md"] {
                let rendered = templates.render(
                    &format!("worksheet.{ext}"),
                    minijinja::context! { sheet => V::from(Serde(&sheet)), answers => answers },
                )?;
                // Ids are hex hashes, so the file name cannot leave the folder.
                let path = PathBuf::from(format!(
                    "worksheet-{}{suffix}.{ext}",
                    crate::util::slug(&id, 40)
                ));
                files.push((path, rendered.into_bytes()));
            }
        }
    }
    // Every storyline's worksheets replace the earlier ones; one cluster's are added to them.
    let mut folder = output::OutputFolder::claim(out, None, output::Kind::Worksheet)?;
    folder.replace(files, cluster.is_none())
}
