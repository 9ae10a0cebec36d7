//! Report: render the analysis as an HTML briefing (index, a page per cluster and per article),
//! Markdown, CSV tables and JSON, each file written atomically under the output folder.

pub mod tables;
pub mod templates;
pub mod view;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::OutletRegistry;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::util::write_atomic;
use minijinja::value::Serde;
use minijinja::Value as V;
pub use templates::Templates;
use view::Views;

/// Version of `report.json`'s layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

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

/// Renders every output file into memory first, then writes them; returns the paths written.
pub fn write(
    analysis: &Analysis,
    outlets: &OutletRegistry,
    templates: &Templates,
    out: &Path,
    options: &ReportOptions,
) -> Result<Vec<PathBuf>> {
    let views = Views::new(analysis, outlets);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let index = views.index(outlets);
    let clusters = views.clusters();
    files.push((
        PathBuf::from("index.html"),
        templates
            .render(
                "index.html",
                minijinja::context! { index => V::from(Serde(&index)), root => "" },
            )?
            .into_bytes(),
    ));
    files.push((
        PathBuf::from("report.md"),
        templates.render("report.md", minijinja::context! { index => V::from(Serde(&index)), clusters => V::from(Serde(&clusters)) })?.into_bytes(),
    ));
    for cluster in &clusters {
        let html = templates.render("cluster.html", minijinja::context! { cluster => V::from(Serde(cluster)), index => V::from(Serde(&index)), root => "../" })?;
        files.push((
            PathBuf::from("clusters").join(format!("{}.html", cluster.id)),
            html.into_bytes(),
        ));
    }
    for article in &analysis.corpus.articles {
        let page = views.article_page(&article.id);
        let html = templates.render("article.html", minijinja::context! { page => V::from(Serde(&page)), index => V::from(Serde(&index)), root => "../" })?;
        files.push((
            PathBuf::from("articles").join(format!("{}.html", article.id)),
            html.into_bytes(),
        ));
    }
    for table in tables::all(analysis, outlets, options.csv_bom)? {
        files.push((PathBuf::from(table.name), table.bytes));
    }
    let json = serde_json::to_vec_pretty(&ReportJson {
        schema_version: SCHEMA_VERSION,
        tool: format!("parallax {}", env!("CARGO_PKG_VERSION")),
        analysis,
    })
    .map_err(|e| Error::io("report.json", std::io::Error::other(e)))?;
    files.push((PathBuf::from("report.json"), json));

    let mut written = Vec::new();
    for (relative, bytes) in files {
        let path = out.join(&relative);
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
