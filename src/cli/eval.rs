use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use parallax::compare::quotes::QuoteContext;
use parallax::eval;
use parallax::pipeline;

use super::Common;

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// BCubed and pairwise F1 of the clustering against a gold CSV (`id`/`file`, `event`, `storyline`).
    #[command(
        after_help = "Example:\n  parallax eval clusters --gold ../shared/data/ecbplus/gold.csv ../shared/data/ecbplus/articles.jsonl --json"
    )]
    Clusters {
        /// Gold CSV: a column `id` (the article's input id) or `file`, and `event`, `storyline`.
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// The articles the gold labels (a folder or a file).
        corpus: PathBuf,
        /// Print the scores as one JSON object.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Quotation extraction against BRAT annotations (--brat DIR) or a JSON Lines gold (--gold FILE CORPUS).
    #[command(
        after_help = "Examples:\n  parallax eval quotes --brat ../shared/data/polnear-dev --json\n  parallax eval quotes --gold ../shared/data/seeds-gold/quotes.jsonl corpus --json"
    )]
    Quotes {
        /// A BRAT folder holding `text/NAME.txt` and `attributions/NAME_*.ann`.
        #[arg(long, value_name = "DIR", conflicts_with = "gold")]
        brat: Option<PathBuf>,
        /// A JSON Lines gold of quotations (with CORPUS).
        #[arg(long, value_name = "FILE", requires = "corpus")]
        gold: Option<PathBuf>,
        /// The articles the gold file labels.
        corpus: Option<PathBuf>,
        /// Print the scores as one JSON object.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Flagged loaded wording against BASIL's bias spans.
    #[command(
        after_help = "Example:\n  parallax eval bias --spans ../shared/data/basil/bias_spans.jsonl ../shared/data/basil/articles.jsonl"
    )]
    Bias {
        /// JSON Lines of BASIL's annotated bias spans.
        #[arg(long, value_name = "FILE")]
        spans: PathBuf,
        /// The articles the spans point into.
        corpus: PathBuf,
        /// Print the scores as one JSON object.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
}

fn print_scores(name: &str, scores: &eval::Scores, json: bool) -> Result<()> {
    if json {
        outln!("{}", serde_json::to_string(scores)?);
    } else {
        outln!(
            "{name}: precision {:.4}  recall {:.4}  F1 {:.4}  (gold {}, predicted {})",
            scores.precision,
            scores.recall,
            scores.f1,
            scores.gold,
            scores.predicted
        );
        if let Some(s) = scores.speaker_accuracy {
            outln!("speaker accuracy {s:.4}");
        }
        if let Some(s) = scores.false_flags_per_100_neutral_sentences {
            outln!("false flags per 100 neutral sentences {s:.1}");
        }
    }
    Ok(())
}

pub fn run(command: EvalCommand) -> Result<()> {
    match command {
        EvalCommand::Clusters {
            gold,
            corpus,
            json,
            common,
        } => {
            let config = common.config()?;
            let resources = common.resources()?;
            let gold = eval::clusters::read_gold(&gold)?;
            let mut corpus = pipeline::ingest(&corpus, &resources, &config)?;
            let model =
                parallax::cluster::cluster_dropping_texts(&mut corpus.articles, &config.cluster);
            let (scores, missing) =
                eval::clusters::evaluate(&corpus.articles, &model.clustering, &gold);
            if json {
                outln!("{}", serde_json::to_string(&scores)?);
            } else {
                for (level, s) in &scores {
                    outln!(
                        "{level:<10} BCubed P {:.4}  R {:.4}  F1 {:.4}   pairwise F1 {:.4}   ({} clusters for {} gold, {} articles)",
                        s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.pairwise_f1, s.clusters, s.gold_clusters, s.articles
                    );
                }
                if missing > 0 {
                    outln!("{missing} gold rows matched no article");
                }
            }
            Ok(())
        }
        EvalCommand::Quotes {
            brat,
            gold,
            corpus,
            json,
            common,
        } => {
            let config = common.config()?;
            let resources = common.resources()?;
            if let Some(dir) = brat {
                let ctx = QuoteContext {
                    attribution: &resources.lexicons.attribution,
                    actors: &resources.actors,
                    scare_max_words: config.quotes.scare_max_words,
                };
                let (scores, documents) = eval::quotes::evaluate_brat(&dir, &ctx)?;
                if !json {
                    outln!("{documents} documents");
                }
                return print_scores("quotes", &scores, json);
            }
            let (Some(gold), Some(corpus)) = (gold, corpus) else {
                return Err(parallax::Error::Usage(
                    "give --brat DIR, or --gold FILE and a CORPUS".into(),
                )
                .into());
            };
            let corpus = pipeline::ingest(&corpus, &resources, &config)?;
            let (quotes, _) = parallax::compare::extract_quotes(
                &corpus.articles,
                &resources.lexicons,
                &resources.actors,
                &config,
                &parallax::progress::Silent,
            );
            let scores = eval::quotes::evaluate_gold(&gold, &corpus.articles, &quotes)?;
            print_scores("quotes", &scores, json)
        }
        EvalCommand::Bias {
            spans,
            corpus,
            json,
            common,
        } => {
            let config = common.config()?;
            let resources = common.resources()?;
            let corpus = pipeline::ingest(&corpus, &resources, &config)?;
            let (quotes, _) = parallax::compare::extract_quotes(
                &corpus.articles,
                &resources.lexicons,
                &resources.actors,
                &config,
                &parallax::progress::Silent,
            );
            let mut by_article: std::collections::HashMap<
                &str,
                Vec<&parallax::compare::quotes::Quote>,
            > = std::collections::HashMap::new();
            for q in &quotes {
                by_article.entry(q.article.as_str()).or_default().push(q);
            }
            let empty = Vec::new();
            let findings: Vec<_> = corpus
                .articles
                .iter()
                .flat_map(|a| {
                    parallax::compare::framing::findings(
                        a,
                        by_article.get(a.id.as_str()).unwrap_or(&empty),
                        &resources.lexicons,
                    )
                })
                .collect();
            let scores = eval::bias::evaluate(&spans, &corpus.articles, &findings)?;
            print_scores("loaded wording", &scores, json)
        }
    }
}
