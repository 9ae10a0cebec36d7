//! `cargo bench`: throughput and growth, printed as ratios against baselines measured in the same
//! process (absolute times on a shared 2-core machine mean little).
//!
//! 1. Quotation extraction vs a plain tokenisation pass over the same text (MB/s and ratio).
//! 2. Clustering time at growing corpus sizes, and the growth ratio per tripling.
//!
//! The corpora are built from `../shared/data` (BASIL + ECB+) when present, else from the seeds
//! in `corpus/`, by repeating articles with shuffled sentences and changed numbers (`bench/`
//! has the script for 10k–100k articles with peak memory).

use std::path::Path;
use std::time::Instant;

use parallax::config::Config;
use parallax::model::Article;
use parallax::pipeline;
use parallax::resources::Resources;

fn base_articles(resources: &Resources, config: &Config) -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut articles = Vec::new();
    for source in [
        "../shared/data/basil/articles.jsonl",
        "../shared/data/ecbplus/articles.jsonl",
    ] {
        let path = root.join(source);
        if path.is_file() {
            articles.extend(
                pipeline::ingest(&path, resources, config)
                    .expect("dev corpus reads")
                    .articles,
            );
        }
    }
    if articles.is_empty() {
        eprintln!("../shared/data is absent; benchmarking on the seeds only");
        articles = pipeline::ingest(&root.join("corpus"), resources, config)
            .expect("seeds read")
            .articles;
    }
    articles
}

/// A deterministic perturbation: sentences rotated, digits shifted, a new id.
fn perturb(article: &Article, copy: usize) -> Article {
    let mut sentences: Vec<&str> = parallax::text::sentences(&article.text)
        .into_iter()
        .map(|(s, e)| &article.text[s..e])
        .collect();
    if !sentences.is_empty() {
        let k = copy % sentences.len();
        sentences.rotate_left(k);
    }
    let text: String = sentences
        .join(" ")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from(b'0' + ((c as u8 - b'0' + copy as u8) % 10))
            } else {
                c
            }
        })
        .collect();
    let mut out = article.clone();
    out.id = format!("{}-{copy}", article.id);
    out.paragraphs = vec![parallax::model::Paragraph {
        start: 0,
        end: text.len(),
        line: None,
    }];
    out.text = text;
    out
}

fn corpus_of(base: &[Article], n: usize) -> Vec<Article> {
    let mut out: Vec<Article> = (0..n)
        .map(|i| perturb(&base[i % base.len()], i / base.len()))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn main() {
    let resources = Resources::builtin();
    let config = Config::default();
    let base = base_articles(&resources, &config);

    // 1. Quotation extraction against tokenisation.
    let texts: Vec<&str> = base.iter().map(|a| a.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum::<usize>() * 10;
    let start = Instant::now();
    let mut words = 0;
    for _ in 0..10 {
        for t in &texts {
            words += parallax::text::words(t).count();
        }
    }
    let tokenise = start.elapsed().as_secs_f64();
    let ctx = parallax::compare::quotes::QuoteContext {
        attribution: &resources.lexicons.attribution,
        actors: &resources.actors,
        scare_max_words: 3,
    };
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..10 {
        for (i, t) in texts.iter().enumerate() {
            found += parallax::compare::quotes::extract(t, &i.to_string(), &ctx)
                .0
                .len();
        }
    }
    let extract = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!("quotes: {mb:.1} MB, {found} quotations, {words} words");
    println!("  tokenisation      {:>8.1} MB/s", mb / tokenise);
    println!(
        "  quote extraction  {:>8.1} MB/s   ({:.1}x the time of tokenisation)",
        mb / extract,
        extract / tokenise
    );

    // 2. Clustering growth per tripling.
    println!("clustering (sublinear TF-IDF, blocking, average link):");
    let mut previous: Option<f64> = None;
    for n in [3_000, 9_000, 27_000] {
        let corpus = corpus_of(&base, n);
        let start = Instant::now();
        let model = parallax::cluster::cluster(&corpus, &config.cluster);
        let seconds = start.elapsed().as_secs_f64();
        let events = model.clustering.events().count();
        match previous {
            Some(p) => println!(
                "  {n:>6} articles  {seconds:>7.2} s  {events:>6} events   ×{:.2} for ×3 articles",
                seconds / p
            ),
            None => println!("  {n:>6} articles  {seconds:>7.2} s  {events:>6} events"),
        }
        previous = Some(seconds);
    }
}
