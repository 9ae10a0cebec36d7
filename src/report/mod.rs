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
pub const SCHEMA_VERSION: u32 = 5;

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
    let index_pages = views.index(outlets);
    // Counted: the pages, the stylesheet, report.md and report.json (the tables are a handful of files).
    let paged: Vec<&crate::compare::ClusterComparison> = analysis
        .comparison
        .clusters
        .iter()
        .filter(|c| views.has_page(&c.cluster))
        .collect();
    let files = 3 + index_pages.len() + paged.len() + analysis.corpus.articles.len();
    progress.begin("writing the report", "files", Some(files as u64));
    let page =
        |staging: &mut output::Staging, relative: PathBuf, name: &str, context: V| -> Result<()> {
            let mut file = staging.create(&relative)?;
            templates.render_to(name, context, &mut file)?;
            file.finish()?;
            progress.advance(1);
            Ok(())
        };
    // The first index page is converted to a template value once and shared by every page
    // (converting it per page made the writer quadratic in the corpus).
    let index_value = V::from(Serde(&index_pages[0]));
    for (k, index) in index_pages.iter().enumerate() {
        let value = if k == 0 {
            index_value.clone()
        } else {
            V::from(Serde(index))
        };
        page(
            &mut staging,
            PathBuf::from(view::IndexPage::href_of(index.page)),
            "index.html",
            minijinja::context! { index => value, root => "" },
        )?;
    }
    drop(index_pages);
    // One stylesheet for every page (inline, it was half of each article page's bytes).
    page(
        &mut staging,
        PathBuf::from("style.css"),
        "style.css",
        minijinja::context! {},
    )?;
    // The Markdown briefing covers the clusters a reader can take in (see `markdown_clusters`);
    // every cluster has its page and its rows in the CSV files.
    let (shown, left_out) = markdown_clusters(analysis, |id| views.has_page(id));
    let markdown: Vec<view::ClusterView> = {
        use rayon::prelude::*;
        shown.into_par_iter().map(|c| views.cluster(c)).collect()
    };
    page(
        &mut staging,
        PathBuf::from("report.md"),
        "report.md",
        minijinja::context! { index => index_value.clone(), clusters => V::from(Serde(&markdown)), clusters_left_out => left_out },
    )?;
    drop(markdown);
    // Cluster and article pages are built, rendered and written in parallel, a batch at a
    // time: at most one batch of pages is in memory.
    render_in_batches(&mut staging, &paged, progress, |c| {
        let cluster = views.cluster(c);
        let html = templates.render("cluster.html", minijinja::context! { cluster => V::from(Serde(&cluster)), index => index_value.clone(), root => "../" })?;
        Ok((
            PathBuf::from("clusters").join(format!("{}.html", cluster.id)),
            html,
        ))
    })?;
    render_in_batches(
        &mut staging,
        &analysis.corpus.articles,
        progress,
        |article| {
            let view = views.article_page(&article.id);
            let html = templates.render("article.html", minijinja::context! { page => V::from(Serde(&view)), index => index_value.clone(), root => "../" })?;
            Ok((
                PathBuf::from("articles").join(format!("{}.html", article.id)),
                html,
            ))
        },
    )?;
    tables::write_all(&mut staging, analysis, outlets, options.csv_bom)?;
    // Compact and streamed: at research scale the indentation alone doubled the file.
    let mut json = staging.create(Path::new("report.json"))?;
    serde_json::to_writer(
        &mut json,
        &ReportJson {
            schema_version: SCHEMA_VERSION,
            tool: format!("parallax {}", env!("CARGO_PKG_VERSION")),
            analysis,
        },
    )
    .map_err(|e| Error::io("report.json", std::io::Error::other(e)))?;
    json.finish()?;
    progress.advance(1);
    progress.end();
    folder.finish(staging, true)
}

/// Pages rendered and written in parallel at a time.
const PAGE_BATCH: usize = 64;

/// Renders and writes one page per item in parallel, `PAGE_BATCH` at a time (at most one batch
/// is in memory), recording the files in the items' order.
fn render_in_batches<T: Sync>(
    staging: &mut output::Staging,
    items: &[T],
    progress: &dyn Progress,
    render: impl Fn(&T) -> Result<(PathBuf, String)> + Sync,
) -> Result<()> {
    use rayon::prelude::*;
    for batch in items.chunks(PAGE_BATCH) {
        let written: Vec<Result<PathBuf>> = batch
            .par_iter()
            .map(|item| {
                let (relative, html) = render(item)?;
                staging.write_unrecorded(&relative, html.as_bytes())?;
                Ok(relative)
            })
            .collect();
        for relative in written {
            staging.record(&relative?);
            progress.advance(1);
        }
    }
    Ok(())
}

/// Most clusters the Markdown briefing spells out; the rest are counted in it.
pub const MAX_MARKDOWN_CLUSTERS: usize = 100;

/// The clusters of two or more articles with a page of their own (a storyline of one event is
/// shown as its event) that `report.md` shows (those with the most outlets,
/// then the most articles, at most `MAX_MARKDOWN_CLUSTERS`, in the comparison's order), and how
/// many such clusters it leaves out.
fn markdown_clusters(
    analysis: &Analysis,
    has_page: impl Fn(&str) -> bool,
) -> (Vec<&crate::compare::ClusterComparison>, usize) {
    let mut candidates: Vec<(usize, &crate::compare::ClusterComparison)> = analysis
        .comparison
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.articles.len() >= 2 && has_page(&c.cluster))
        .collect();
    let total = candidates.len();
    let outlets = |c: &crate::compare::ClusterComparison| {
        c.outlet_rates
            .iter()
            .map(|r| r.outlet.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    candidates.sort_by_key(|&(i, c)| (std::cmp::Reverse((outlets(c), c.articles.len())), i));
    candidates.truncate(MAX_MARKDOWN_CLUSTERS);
    candidates.sort_by_key(|&(i, _)| i);
    let shown: Vec<_> = candidates.into_iter().map(|(_, c)| c).collect();
    let left_out = total - shown.len();
    (shown, left_out)
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
