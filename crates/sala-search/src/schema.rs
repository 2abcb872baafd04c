//! The tantivy schema: field names, options and the handles both the writer and the
//! searcher use. One index per language (`<index_dir>/<lang>/`), all with this schema.
//!
//! | field | indexed as | stored | fast | why |
//! |---|---|---|---|---|
//! | `id` | raw, no norms | yes | | identity |
//! | `url` | – | yes | | hit link |
//! | `lang`, `kind`, `problem` | raw, no norms | yes | yes | filters, facets |
//! | `topics`, `districts` | raw, multi, no norms | yes | | the page's own terms |
//! | `topic_set`, `district_set` | – | – | str | filters, facets: the page's topics (districts) sorted and joined by [`SET_SEPARATOR`], one value a page |
//! | `year` | i64 | yes | yes | filter, facet |
//! | `date` | – | yes | | display |
//! | `key` | – | – | u64 | tie-break: the page's place in the order pages were added |
//! | `title`, `summary`, `headings`, `body` | `sala_words`, positions | title, summary | | ranking (boosted per field), phrases |
//! | `body_text` | – (bytes, [`crate::packed`]) | yes | | the body, for snippets |
//! | `title_ng` | `sala_cluster_pairs` (every pair), freqs only | – | | recall for Thai words segmented otherwise, parts of compounds |
//! | `text_ng` | `sala_sparse_pairs` (pairs touching words the dictionary lacks; across a word boundary, only where the two clusters are a word), freqs only | – | | recall for unknown Thai words and words the text splits elsewhere |
//! | `labels` | `sala_words`, freqs only | – | | topic, problem and district names |
//! | `raw` | `sala_raw` (unstemmed non-Thai words), docs only | – | | typo tolerance (fuzzy) |

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
};

/// Joins the values of a page's set in `topic_set` and `district_set`. A set column
/// has one value a page and a few hundred distinct values, where a multi-valued
/// column keeps a row index of about 17 bits a page besides the values: at 50,000
/// pages that index was most of the fast fields every query loads.
pub const SET_SEPARATOR: char = '\u{1f}';

/// Tokenizer name of the word field analyzer.
pub const WORDS_TOKENIZER: &str = "sala_words";
/// Tokenizer name of the Thai cluster pair analyzer (every pair).
pub const CLUSTER_PAIRS_TOKENIZER: &str = "sala_cluster_pairs";
/// Tokenizer name of the cluster pairs of Thai words the dictionary lacks and of
/// compounds ([`crate::analyzer::Analysis::pairs`]).
pub const SPARSE_PAIRS_TOKENIZER: &str = "sala_sparse_pairs";
/// Tokenizer name of the unstemmed non-Thai word analyzer.
pub const RAW_TOKENIZER: &str = "sala_raw";

/// Handles of every field.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub url: Field,
    pub lang: Field,
    pub kind: Field,
    pub problem: Field,
    pub topics: Field,
    pub districts: Field,
    pub topic_set: Field,
    pub district_set: Field,
    pub year: Field,
    pub date: Field,
    pub key: Field,
    pub title: Field,
    pub summary: Field,
    pub headings: Field,
    pub body: Field,
    pub body_text: Field,
    pub title_ng: Field,
    pub text_ng: Field,
    pub labels: Field,
    pub raw: Field,
}

fn text(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

const POSITIONS: IndexRecordOption = IndexRecordOption::WithFreqsAndPositions;

/// tantivy's `STRING` (one untokenized term) without field norms: these fields filter
/// and identify, and are never scored, while norms would be a byte a page each in the
/// browser's entry (300 KB raw for the six of them at 50,000 pages).
fn keyword() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", keyword() | STORED),
        url: b.add_text_field("url", STORED),
        lang: b.add_text_field("lang", keyword() | STORED | FAST),
        kind: b.add_text_field("kind", keyword() | STORED | FAST),
        problem: b.add_text_field("problem", keyword() | STORED | FAST),
        topics: b.add_text_field("topics", keyword() | STORED),
        districts: b.add_text_field("districts", keyword() | STORED),
        topic_set: b.add_text_field("topic_set", FAST),
        district_set: b.add_text_field("district_set", FAST),
        year: b.add_i64_field(
            "year",
            NumericOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast(),
        ),
        date: b.add_text_field("date", STORED),
        key: b.add_u64_field("key", FAST),
        title: b.add_text_field("title", text(WORDS_TOKENIZER, POSITIONS, true)),
        summary: b.add_text_field("summary", text(WORDS_TOKENIZER, POSITIONS, true)),
        headings: b.add_text_field("headings", text(WORDS_TOKENIZER, POSITIONS, false)),
        body: b.add_text_field("body", text(WORDS_TOKENIZER, POSITIONS, false)),
        body_text: b.add_bytes_field("body_text", STORED),
        title_ng: b.add_text_field(
            "title_ng",
            text(CLUSTER_PAIRS_TOKENIZER, IndexRecordOption::WithFreqs, false),
        ),
        text_ng: b.add_text_field(
            "text_ng",
            text(SPARSE_PAIRS_TOKENIZER, IndexRecordOption::WithFreqs, false),
        ),
        labels: b.add_text_field(
            "labels",
            text(WORDS_TOKENIZER, IndexRecordOption::WithFreqs, false),
        ),
        raw: b.add_text_field(
            "raw",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(RAW_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            ),
        ),
    };
    (b.build(), fields)
}

/// Looks the fields up in an existing index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        url: f("url")?,
        lang: f("lang")?,
        kind: f("kind")?,
        problem: f("problem")?,
        topics: f("topics")?,
        districts: f("districts")?,
        topic_set: f("topic_set")?,
        district_set: f("district_set")?,
        year: f("year")?,
        date: f("date")?,
        key: f("key")?,
        title: f("title")?,
        summary: f("summary")?,
        headings: f("headings")?,
        body: f("body")?,
        body_text: f("body_text")?,
        title_ng: f("title_ng")?,
        text_ng: f("text_ng")?,
        labels: f("labels")?,
        raw: f("raw")?,
    })
}
