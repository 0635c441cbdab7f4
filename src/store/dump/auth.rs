//! Authenticating a dump as a whole: the last line of a file is `{"hmac":"<hex>"}`, an
//! HMAC-SHA256 over every byte before it under a key derived from the master key. A changed byte,
//! a dropped or added line, or a file cut short fails the check, and nothing is restored.
//!
//! Checked twice on restore: once over the file before the database is touched, and again over
//! exactly the lines that are imported, before the transaction commits (the file could change
//! between the two reads).

use std::io::{BufRead, Write};

use serde_json::{Value, json};

use super::DumpError;
use crate::vault::{DerivedKey, Tagger, from_hex as unhex, to_hex as hex};

const TAG_FIELD: &str = "hmac";

/// Passes bytes through to `inner` and computes their MAC.
pub(super) struct TaggingWriter<'a, W: Write> {
    inner: &'a mut W,
    tagger: Tagger,
}

impl<'a, W: Write> TaggingWriter<'a, W> {
    pub(super) fn new(inner: &'a mut W, key: &DerivedKey) -> Self {
        Self {
            inner,
            tagger: key.start(),
        }
    }

    /// Writes the tag line (not itself tagged).
    pub(super) fn finish(self) -> std::io::Result<()> {
        let tag = hex(&self.tagger.finish());
        writeln!(self.inner, "{}", json!({ TAG_FIELD: tag }))?;
        self.inner.flush()
    }
}

impl<W: Write> Write for TaggingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.tagger.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Numbered lines of a dump (without their line ends) up to the tag line, computing the MAC of
/// every byte it hands out under each accepted key.
pub(super) struct TaggedLines<R: BufRead> {
    input: R,
    taggers: Vec<Tagger>,
    number: usize,
    tag: Option<String>,
}

impl<R: BufRead> TaggedLines<R> {
    pub(super) fn new(input: R, keys: &[DerivedKey]) -> Self {
        Self {
            input,
            taggers: keys.iter().map(DerivedKey::start).collect(),
            number: 0,
            tag: None,
        }
    }

    /// After the lines are used up: the tag line was the last line and matches one key.
    pub(super) fn verify(mut self) -> Result<(), DumpError> {
        let Some(tag) = self.tag.take() else {
            return Err(DumpError::Format(
                "the file has no authentication tag at its end (cut short?); nothing was restored"
                    .into(),
            ));
        };
        let mut rest = String::new();
        while self.input.read_line(&mut rest)? > 0 {
            if !rest.trim().is_empty() {
                return Err(DumpError::Format(
                    "there are lines after the authentication tag; nothing was restored".into(),
                ));
            }
            rest.clear();
        }
        let tag = unhex(&tag).unwrap_or_default();
        if self.taggers.into_iter().any(|t| t.verify(&tag)) {
            Ok(())
        } else {
            Err(DumpError::Unauthentic)
        }
    }
}

impl<R: BufRead> Iterator for TaggedLines<R> {
    type Item = (usize, std::io::Result<String>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.tag.is_some() {
            return None;
        }
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some((self.number, Err(e))),
        }
        let number = self.number;
        self.number += 1;
        if let Some(tag) = tag_of(&line) {
            self.tag = Some(tag);
            return None;
        }
        for tagger in &mut self.taggers {
            tagger.update(line.as_bytes());
        }
        let trimmed = line.trim_end_matches(['\n', '\r']).len();
        line.truncate(trimmed);
        Some((number, Ok(line)))
    }
}

/// The tag of a `{"hmac":…}` line, if this is one.
fn tag_of(line: &str) -> Option<String> {
    if !line.trim_start().starts_with("{\"hmac\"") {
        return None;
    }
    let value: Value = serde_json::from_str(line).ok()?;
    Some(value.get(TAG_FIELD)?.as_str()?.to_owned())
}

/// Checks a whole file without touching any database: its header says what it is, and its tag
/// matches one of `keys`.
pub fn verify_backup(input: impl BufRead, keys: &[DerivedKey]) -> Result<(), DumpError> {
    let mut lines = TaggedLines::new(input, keys);
    let header = match lines.next() {
        Some((_, line)) => line?,
        None => return Err(DumpError::Format("the file is empty".into())),
    };
    let header: Value = serde_json::from_str(&header)
        .map_err(|_| DumpError::Format("line 1 is not JSON".into()))?;
    super::format::check_header(&header)?;
    for (_, line) in lines.by_ref() {
        line?;
    }
    lines.verify()
}
