//! The erasure and withdrawal journal: a small append-only file, kept out of the database and so
//! out of every backup, that records each erasure, story deletion and consent withdrawal by ids and
//! time only. It is applied again on every start and after every restore, before anything is
//! served: restoring an older backup (or a database snapshot) cannot bring back what a young person
//! erased or withdrew since.
//!
//! One line per entry: `<hex HMAC-SHA256> <entry JSON>`, the MAC under a key derived from the
//! master key, so an entry cannot be forged or altered by whoever can write the file but does not
//! hold the key. A complete line that fails the check stops start-up (an edited journal could
//! otherwise un-erase someone); a last line cut short by a crash is ignored, as its change was
//! never acknowledged.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::vault::{DerivedKey, MasterKeys, Purpose, VaultError, from_hex as unhex, to_hex as hex};

/// One irreversible wish of a young person (or their worker), by ids and time only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Entry {
    /// The participant and everything of theirs, wrapped key included.
    Erased { participant: Uuid, at: i64 },
    /// A story with its excerpts and their consents.
    StoryDeleted { story: Uuid, at: i64 },
    /// Consent for one audience: any grant made at or before `at` goes.
    Withdrawn {
        excerpt: Uuid,
        audience: String,
        at: i64,
        by_account: Uuid,
        by_role: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("erasure journal {path}: {problem}")]
    File { path: String, problem: String },
    #[error(
        "erasure journal {path}: line {line} fails its authentication check (changed, or written \
         under a master key that is not in the key file); refusing to continue"
    )]
    Unauthentic { path: String, line: usize },
    #[error("master key: {0}")]
    Key(#[from] VaultError),
}

pub struct Journal {
    path: PathBuf,
    key: DerivedKey,
    accepted: Vec<DerivedKey>,
    /// Appends of this process one at a time, so lines never interleave.
    append_lock: Mutex<()>,
}

impl Journal {
    pub fn new(path: PathBuf, master: &MasterKeys) -> Result<Self, JournalError> {
        Ok(Self {
            path,
            key: master.derived_key(Purpose::Journal)?,
            accepted: master.derived_keys(Purpose::Journal),
            append_lock: Mutex::new(()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends and fsyncs one entry (blocking: call from the blocking pool). The file is opened
    /// by path each time, owner-only, in append mode.
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        let fail = |what: &str, e: std::io::Error| self.problem(format!("{what} ({})", e.kind()));
        let json = serde_json::to_string(entry).map_err(|_| self.problem("encoding".into()))?;
        let line = format!("{} {json}\n", hex(&self.key.tag(json.as_bytes())));
        let _guard = self.append_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&self.path)
            .map_err(|e| fail("cannot be opened", e))?;
        file.write_all(line.as_bytes())
            .map_err(|e| fail("cannot be written", e))?;
        file.sync_all().map_err(|e| fail("cannot be synced", e))
    }

    /// Every entry, checked. A missing file is an empty journal (a first start).
    pub fn read(&self) -> Result<Vec<Entry>, JournalError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.problem(format!("cannot be read ({})", e.kind()))),
        };
        let complete = text.rfind('\n').map_or("", |end| &text[..=end]);
        let mut entries = Vec::new();
        for (number, line) in complete.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let unauthentic = || JournalError::Unauthentic {
                path: self.path.display().to_string(),
                line: number + 1,
            };
            let (tag, json) = line.split_once(' ').ok_or_else(unauthentic)?;
            let tag = unhex(tag).ok_or_else(unauthentic)?;
            if !self
                .accepted
                .iter()
                .any(|k| k.verify(json.as_bytes(), &tag))
            {
                return Err(unauthentic());
            }
            entries.push(serde_json::from_str(json).map_err(|_| unauthentic())?);
        }
        Ok(entries)
    }

    /// Rewrites every entry under the first master identity (after a key rotation), through a
    /// temporary file and an atomic rename.
    pub fn reauthenticate(&self) -> Result<usize, JournalError> {
        let _guard = self.append_lock.lock().unwrap_or_else(|p| p.into_inner());
        let entries = self.read()?;
        if entries.is_empty() {
            return Ok(0);
        }
        let fail = |e: std::io::Error| self.problem(format!("cannot be rewritten ({})", e.kind()));
        let temp = self.path.with_extension("rewrite");
        let _ = std::fs::remove_file(&temp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp).map_err(fail)?;
        for entry in &entries {
            let json = serde_json::to_string(entry).map_err(|_| self.problem("encoding".into()))?;
            writeln!(file, "{} {json}", hex(&self.key.tag(json.as_bytes()))).map_err(fail)?;
        }
        file.sync_all().map_err(fail)?;
        std::fs::rename(&temp, &self.path).map_err(fail)?;
        Ok(entries.len())
    }

    fn problem(&self, problem: String) -> JournalError {
        JournalError::File {
            path: self.path.display().to_string(),
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(dir: &Path, master: &MasterKeys) -> Option<Journal> {
        Journal::new(dir.join("journal"), master).ok()
    }

    #[test]
    fn entries_round_trip_and_an_edited_line_stops_reading() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let master = MasterKeys::generate_for_tests();
        let Some(j) = journal(dir.path(), &master) else {
            panic!("journal")
        };
        let erased = Entry::Erased {
            participant: Uuid::now_v7(),
            at: 1,
        };
        assert!(j.append(&erased).is_ok());
        assert_eq!(j.read().ok(), Some(vec![erased]));
        let text = std::fs::read_to_string(j.path()).unwrap_or_default();
        let _ = std::fs::write(j.path(), text.replace("\"at\":1", "\"at\":2"));
        assert!(matches!(j.read(), Err(JournalError::Unauthentic { .. })));
    }

    #[test]
    fn another_master_key_does_not_accept_the_entries() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let ours = journal(dir.path(), &MasterKeys::generate_for_tests());
        let theirs = journal(dir.path(), &MasterKeys::generate_for_tests());
        let entry = Entry::StoryDeleted {
            story: Uuid::now_v7(),
            at: 5,
        };
        assert!(theirs.is_some_and(|t| t.append(&entry).is_ok()));
        assert!(ours.is_some_and(|o| o.read().is_err()));
    }

    #[test]
    fn a_last_line_cut_short_is_ignored() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let master = MasterKeys::generate_for_tests();
        let Some(j) = journal(dir.path(), &master) else {
            panic!("journal")
        };
        let entry = Entry::StoryDeleted {
            story: Uuid::now_v7(),
            at: 5,
        };
        assert!(j.append(&entry).is_ok());
        let mut text = std::fs::read_to_string(j.path()).unwrap_or_default();
        text.push_str("abc {\"kind\":");
        let _ = std::fs::write(j.path(), text);
        assert_eq!(j.read().ok(), Some(vec![entry]));
    }
}
