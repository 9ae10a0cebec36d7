//! Random input for a bounded time: bytes built from the pieces that matter to the readers and
//! to quotation extraction (quote marks of every kind, fences, JSON and CSV punctuation, markup,
//! invalid UTF-8), in every input format, must never make ingest or extraction panic.

use std::time::{Duration, Instant};

use parallax::config::Config;
use parallax::resources::Resources;

/// A small seeded generator (xorshift), so that a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&[u8]] = &[
    b"\"",
    "“".as_bytes(),
    "”".as_bytes(),
    "«".as_bytes(),
    "»".as_bytes(),
    "„".as_bytes(),
    b"'",
    "‘".as_bytes(),
    "’".as_bytes(),
    b" said ",
    b" according to ",
    b"John Smith",
    b", a spokesman, ",
    b"he said.",
    b".",
    b",",
    b" ",
    b"\n",
    b"\n\n",
    b"\r\n",
    b"---\n",
    b"+++\n",
    b"title: x\n",
    b"date: [\n",
    b"{\"title\": ",
    b"\"text\": ",
    b"}",
    b"[",
    b"]",
    b"<p>",
    b"</p>",
    b"<script>",
    b"# ",
    b"* ",
    b"id,title,text\n",
    b"\t",
    b"\xff",
    b"\xc3",
    b"\xfe\xff",
    b"\x00",
    "é".as_bytes(),
    "\u{200b}".as_bytes(),
    b"MOSCOW (Reuters) - ",
    b"Officials",
    b"denied",
    b"2024-05-02",
    b"1,000",
];

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.below(400) {
        if rng.below(10) == 0 {
            out.push(rng.next() as u8);
        } else {
            out.extend_from_slice(PIECES[rng.below(PIECES.len())]);
        }
    }
    out
}

#[test]
fn random_bytes_never_panic_ingest_or_quote_extraction() {
    let resources = Resources::builtin();
    let config = Config::default();
    let started = Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut rounds = 0;
    let mut articles = 0;
    while rounds < 300 && started.elapsed() < Duration::from_secs(20) {
        rounds += 1;
        let dir = tempfile::tempdir().unwrap();
        for ext in ["txt", "md", "html", "jsonl", "csv"] {
            std::fs::write(dir.path().join(format!("a.{ext}")), random_bytes(&mut rng)).unwrap();
        }
        // An error (no article found) is a fine answer; a panic fails the test.
        if let Ok(corpus) = parallax::pipeline::ingest(dir.path(), &resources, &config) {
            articles += corpus.articles.len();
            parallax::compare::extract_quotes(
                &corpus.articles,
                &resources.lexicons,
                &resources.actors,
                &config,
                &parallax::progress::Silent,
            );
        }
    }
    assert!(rounds >= 20, "only {rounds} rounds in the time allowed");
    assert!(articles > 0, "the generator made no readable article");
}
