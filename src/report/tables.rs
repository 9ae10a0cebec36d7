//! The CSV tables: UTF-8, a header row, RFC 4180 quoting, formula-injection protection, and an
//! optional byte-order mark for spreadsheet programs that need one. Schemas are in the README.

use std::collections::HashMap;

use crate::corpus::OutletRegistry;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::util::csv_safe;

use super::output::Staging;
use std::io::Write;
use std::path::Path;

/// Writes one table into the staging folder row by row (the callers pass lazy iterators, so no
/// table is held in memory).
fn table(
    staging: &mut Staging,
    name: &'static str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    bom: bool,
) -> Result<()> {
    let mut file = staging.create(Path::new(name))?;
    if bom {
        file.write_all("\u{feff}".as_bytes())
            .map_err(|e| file.error(e))?;
    }
    let io = |e: csv::Error| Error::io(name, std::io::Error::other(e.to_string()));
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut file);
        writer.write_record(header).map_err(io)?;
        for row in rows {
            writer
                .write_record(row.iter().map(|c| csv_safe(c).into_owned()))
                .map_err(io)?;
        }
        writer.flush().map_err(|e| Error::io(name, e))?;
    }
    file.finish()
}

fn opt(v: Option<&str>) -> String {
    v.unwrap_or("").to_string()
}

/// Writes every CSV table into `staging`.
pub fn write_all(
    staging: &mut Staging,
    analysis: &Analysis,
    outlets: &OutletRegistry,
    bom: bool,
) -> Result<()> {
    let articles = &analysis.corpus.articles;
    let by_id: HashMap<&str, &crate::model::Article> =
        articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let outlet_of = |id: &str| {
        by_id
            .get(id)
            .map(|a| a.outlet_name().to_string())
            .unwrap_or_default()
    };
    let assignment = analysis.clustering.assignment();
    let comparison = &analysis.comparison;

    let article_rows = articles.iter().map(|a| {
        let outlet = a.meta.outlet.as_ref();
        let entry = outlet.and_then(|o| outlets.find(&o.value));
        let (storyline, event) = assignment.get(a.id.as_str()).copied().unwrap_or(("", ""));
        vec![
            a.id.clone(),
            a.source.clone(),
            a.title.clone(),
            a.outlet_name().to_string(),
            outlet
                .map(|o| o.origin.label().to_string())
                .unwrap_or_default(),
            outlet.and_then(|o| o.evidence.clone()).unwrap_or_default(),
            outlet
                .map(|o| format!("{:.2}", o.confidence))
                .unwrap_or_default(),
            entry.map(|e| e.ownership.clone()).unwrap_or_default(),
            entry.map(|e| e.country.clone()).unwrap_or_default(),
            entry.map(|e| e.kind.clone()).unwrap_or_default(),
            opt(a.date()),
            a.meta
                .date
                .as_ref()
                .map(|d| d.origin.label().to_string())
                .unwrap_or_default(),
            a.meta
                .url
                .as_ref()
                .map(|u| u.value.clone())
                .unwrap_or_default(),
            a.meta
                .lang
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            a.word_count.to_string(),
            storyline.to_string(),
            event.to_string(),
        ]
    });
    let mut cluster_rows = Vec::new();
    for s in &analysis.clustering.storylines {
        let ids: Vec<&str> = s.article_ids().map(String::as_str).collect();
        cluster_rows.push(vec![
            "storyline".into(),
            s.id.clone(),
            s.label.clone(),
            String::new(),
            ids.len().to_string(),
            ids.join(" "),
            opt(s
                .events
                .iter()
                .filter_map(|e| e.first_date.as_deref())
                .min()),
            opt(s.events.iter().filter_map(|e| e.last_date.as_deref()).max()),
            s.evidence.top_terms.join("; "),
            s.evidence.shared_actors.join("; "),
            format!("{:.3}", s.evidence.cohesion),
        ]);
        for e in &s.events {
            cluster_rows.push(vec![
                "event".into(),
                e.id.clone(),
                e.label.clone(),
                s.id.clone(),
                e.articles.len().to_string(),
                e.articles.join(" "),
                opt(e.first_date.as_deref()),
                opt(e.last_date.as_deref()),
                e.evidence.top_terms.join("; "),
                e.evidence.shared_actors.join("; "),
                format!("{:.3}", e.evidence.cohesion),
            ]);
        }
    }
    let quote_rows = comparison.quotes.iter().map(|q| {
        vec![
            q.article.clone(),
            outlet_of(&q.article),
            q.speaker
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_else(|| "unattributed".into()),
            q.speaker
                .as_ref()
                .and_then(|s| s.side.clone())
                .unwrap_or_default(),
            q.verb.clone().unwrap_or_default(),
            q.kind.label().to_string(),
            q.text.clone(),
            q.start.to_string(),
            q.end.to_string(),
            q.paragraph.to_string(),
            q.id.clone(),
        ]
    });
    let quote_text: HashMap<&str, &str> = comparison
        .quotes
        .iter()
        .map(|q| (q.id.as_str(), q.text.as_str()))
        .collect();
    let group_rows = comparison.quote_groups.iter().flat_map(|g| {
        g.variants.iter().map(|v| {
            vec![
                g.id.clone(),
                v.quote.clone(),
                v.article.clone(),
                outlet_of(&v.article),
                v.relation.clone(),
                format!("{:.3}", v.similarity),
                quote_text.get(v.quote.as_str()).unwrap_or(&"").to_string(),
            ]
        })
    });
    let framing_rows = comparison.findings.iter().map(|f| {
        vec![
            f.article.clone(),
            outlet_of(&f.article),
            f.indicator.clone(),
            f.category.clone(),
            f.matched.clone(),
            match (f.field.as_str(), by_id.get(f.article.as_str())) {
                ("text", Some(a)) => a.line_of(f.start).to_string(),
                _ => String::new(),
            },
            f.start.to_string(),
            f.end.to_string(),
            f.field.clone(),
            if f.in_quote { "yes" } else { "no" }.into(),
            f.neutral.clone().unwrap_or_default(),
        ]
    });
    let outlet_rows = comparison.outlet_rates.iter().map(|r| {
        vec![
            r.outlet.clone(),
            r.indicator.clone(),
            format!("{:.2}", r.rate_per_1000),
            r.count.to_string(),
            r.words.to_string(),
        ]
    });
    let by_id = &by_id;
    let omission_rows = comparison.clusters.iter().flat_map(|c| {
        c.omissions.iter().flat_map(move |row| {
            c.columns.iter().map(move |article| {
                let cell = row.cell(article);
                vec![
                    c.cluster.clone(),
                    c.level.clone(),
                    row.kind.clone(),
                    row.item.clone(),
                    article.clone(),
                    outlet_of(article),
                    if cell.is_some() { "yes" } else { "no" }.into(),
                    cell.and_then(|c| c.start)
                        .zip(by_id.get(article.as_str()))
                        .map(|(start, a)| a.line_of(start).to_string())
                        .unwrap_or_default(),
                    cell.and_then(|c| c.start)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    cell.and_then(|c| c.end)
                        .map(|e| e.to_string())
                        .unwrap_or_default(),
                ]
            })
        })
    });
    table(
        staging,
        "articles.csv",
        &[
            "id",
            "source",
            "title",
            "outlet",
            "outlet_source",
            "outlet_evidence",
            "outlet_confidence",
            "ownership",
            "country",
            "kind",
            "date",
            "date_source",
            "url",
            "lang",
            "words",
            "storyline",
            "event",
        ],
        article_rows,
        bom,
    )?;
    table(
        staging,
        "clusters.csv",
        &[
            "level",
            "id",
            "label",
            "storyline",
            "size",
            "articles",
            "first_date",
            "last_date",
            "top_terms",
            "shared_actors",
            "cohesion",
        ],
        cluster_rows,
        bom,
    )?;
    table(
        staging,
        "quotes.csv",
        &[
            "article",
            "outlet",
            "speaker",
            "side",
            "verb",
            "kind",
            "text",
            "start",
            "end",
            "paragraph",
            "quote",
        ],
        quote_rows,
        bom,
    )?;
    table(
        staging,
        "quote_groups.csv",
        &[
            "group",
            "quote",
            "article",
            "outlet",
            "relation",
            "similarity",
            "text",
        ],
        group_rows,
        bom,
    )?;
    table(
        staging,
        "framing.csv",
        &[
            "article",
            "outlet",
            "indicator",
            "category",
            "matched",
            "line",
            "start",
            "end",
            "field",
            "in_quote",
            "neutral",
        ],
        framing_rows,
        bom,
    )?;
    table(
        staging,
        "outlet_framing.csv",
        &[
            "outlet",
            "indicator",
            "rate_per_1000_words",
            "count",
            "words",
        ],
        outlet_rows,
        bom,
    )?;
    table(
        staging,
        "omissions.csv",
        &[
            "cluster", "level", "kind", "item", "article", "outlet", "carried", "line", "start",
            "end",
        ],
        omission_rows,
        bom,
    )?;
    table(
        staging,
        "contrasts.csv",
        crate::contrasts::CSV_HEADER,
        crate::contrasts::csv_rows(&analysis.contrasts),
        bom,
    )
}
