//! Chunking: rows are grouped into blocks (one series, a reappearance, or malformed rows before
//! any series) and blocks into chunks of bounded size, the unit of parallel work.

use std::collections::HashSet;

use super::options::MAX_CHUNK_ROWS;
use super::panel::id_hash;
use crate::panel::{parse_row, Columns};

/// One unit of work: a series block, a reappeared block, or malformed rows before any series.
#[derive(Debug, Default)]
pub(super) struct Block {
    pub(super) id: String,
    pub(super) first_line: u64,
    pub(super) years: Vec<i32>,
    pub(super) values: Vec<f64>,
    pub(super) lines: Vec<u64>,
    /// Its year-to-date rows (a `months` column), usually none: only a series' last year may
    /// be partial, which [`super::result`] checks.
    pub(super) partial: Vec<Partial>,
    /// Malformed rows met while this block was current: (id as written, line, reason).
    pub(super) bad_rows: Vec<(String, u64, String)>,
    pub(super) kind: BlockKind,
}

/// A row of a block that is a year-to-date level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Partial {
    /// Its position among the block's rows.
    pub(super) index: usize,
    /// Months (1–11) it covers.
    pub(super) months: u8,
    /// Its growth on the same months a year earlier, as a fraction.
    pub(super) growth: Option<f64>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    #[default]
    Series,
    /// A later block of an id already seen: (number of rows, last line).
    Reappeared { rows: u64, last_line: u64 },
    /// Only malformed rows (before the first well-formed row).
    RowsOnly,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counts {
    pub(super) rows: u64,
    pub(super) bad_rows: u64,
}

/// Groups rows into blocks and blocks into chunks, remembering which ids were seen.
pub(super) struct Chunker {
    pub(super) columns: Columns,
    pub(super) chunk_size: usize,
    pub(super) seen: HashSet<u64>,
    pub(super) current: Block,
    pub(super) chunk: Vec<Block>,
    /// Series blocks and rows in `chunk`.
    pub(super) chunk_series: usize,
    pub(super) chunk_rows: usize,
    pub(super) counts: Counts,
}

impl Chunker {
    pub(super) fn new(columns: Columns, chunk_size: usize) -> Self {
        Chunker {
            columns,
            chunk_size,
            seen: HashSet::new(),
            current: Block {
                kind: BlockKind::RowsOnly,
                ..Block::default()
            },
            chunk: Vec::with_capacity(chunk_size),
            chunk_series: 0,
            chunk_rows: 0,
            counts: Counts::default(),
        }
    }

    pub(super) fn counts(&self) -> Counts {
        self.counts
    }

    pub(super) fn bad_row(&mut self, line: u64, id: String, reason: String) {
        self.counts.rows += 1;
        self.counts.bad_rows += 1;
        self.current.bad_rows.push((id, line, reason));
    }

    /// Add one row; returns a full chunk when one is ready.
    pub(super) fn push(&mut self, rec: &csv::ByteRecord, line: u64) -> Option<Vec<Block>> {
        let row = match parse_row(rec, &self.columns) {
            Ok(r) => r,
            Err((id, reason)) => {
                self.bad_row(line, id, reason);
                return None;
            }
        };
        self.counts.rows += 1;
        let id = row.id;
        let mut full = None;
        if self.current.kind == BlockKind::RowsOnly || self.current.id != id {
            let kind = if self.seen.insert(id_hash(id.as_bytes())) {
                BlockKind::Series
            } else {
                BlockKind::Reappeared {
                    rows: 0,
                    last_line: line,
                }
            };
            let next = Block {
                id: id.to_string(),
                first_line: line,
                kind,
                ..Block::default()
            };
            let done = std::mem::replace(&mut self.current, next);
            full = self.close(done);
        }
        match &mut self.current.kind {
            BlockKind::Series => {
                if let Some(months) = row.months {
                    self.current.partial.push(Partial {
                        index: self.current.years.len(),
                        months,
                        growth: row.growth,
                    });
                }
                self.current.years.push(row.year);
                self.current.values.push(row.value);
                self.current.lines.push(line);
            }
            BlockKind::Reappeared { rows, last_line } => {
                *rows += 1;
                *last_line = line;
            }
            BlockKind::RowsOnly => unreachable!("replaced above"),
        }
        full
    }

    pub(super) fn close(&mut self, block: Block) -> Option<Vec<Block>> {
        if block.kind == BlockKind::RowsOnly && block.bad_rows.is_empty() {
            return None;
        }
        self.chunk_series += usize::from(block.kind == BlockKind::Series);
        self.chunk_rows += block.years.len() + block.bad_rows.len();
        self.chunk.push(block);
        // Cap rows (long series) and non-series blocks too (a file of nothing but
        // reappearances), so a chunk's memory stays bounded whatever the input.
        let full = self.chunk_series >= self.chunk_size
            || self.chunk_rows >= MAX_CHUNK_ROWS
            || self.chunk.len() >= 4 * self.chunk_size;
        full.then(|| {
            self.chunk_series = 0;
            self.chunk_rows = 0;
            std::mem::replace(&mut self.chunk, Vec::with_capacity(self.chunk_size))
        })
    }

    pub(super) fn finish(&mut self) -> Vec<Block> {
        let last = std::mem::take(&mut self.current);
        let _ = self.close(last);
        std::mem::take(&mut self.chunk)
    }
}
