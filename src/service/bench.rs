//! Support for the feed benchmark (`benches/feed.rs`), reached through hidden commands:
//! `seed-bench` writes published excerpts with real keys and real sealing, many per transaction;
//! `bench-crypto` times the crypto of feed pages alone (the ceiling the HTTP figures are set
//! against). Neither is reachable over HTTP.

use std::collections::HashMap;
use std::time::Instant;

use uuid::Uuid;

use super::excerpts::open_content;
use super::{Service, sha256_hex};
use crate::domain::time::Millis;
use crate::domain::visibility::GUARDIAN_UNTIL_YEARS;
use crate::domain::{Audience, ExcerptId, ExcerptVersion, FeedItemId, ParticipantId};
use crate::error::{AppError, AppResult};
use crate::store::{FeedQuery, FeedRow, SeedExcerpt, SeedParticipant, SeedStory};
use crate::vault::{Field, ParticipantKey, SealContext, Sealed};

/// Excerpts per participant (one story each); participants per transaction.
const EXCERPTS_PER_PARTICIPANT: usize = 10;
const PARTICIPANTS_PER_BATCH: usize = 500;

const WORDS: &[&str] = &[
    "ik",
    "woonde",
    "twee",
    "jaar",
    "in",
    "een",
    "gezinshuis",
    "en",
    "daar",
    "was",
    "het",
    "rustig",
    "mijn",
    "mentor",
    "luisterde",
    "altijd",
    "maar",
    "de",
    "wachtlijst",
    "duurde",
    "te",
    "lang",
    "op",
    "school",
    "wist",
    "niemand",
    "wat",
    "er",
    "thuis",
    "gebeurde",
    "[naam]",
    "hielp",
    "me",
    "met",
    "huiswerk",
    "soms",
    "voelde",
    "ik",
    "me",
    "alleen",
    "toen",
    "kwam",
    "er",
    "eindelijk",
    "een",
    "vaste",
    "begeleider",
    "die",
    "bleef",
    "[plaats]",
    "is",
    "ver",
    "van",
    "mijn",
    "vrienden",
];

/// About 300 characters of plausible, already anonymised text, different per `seed`.
fn excerpt_text(seed: u64) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut text = String::with_capacity(320);
    while text.len() < 300 {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        let word = WORDS[(x % WORDS.len() as u64) as usize];
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text.push('.');
    text
}

impl Service {
    /// Writes `excerpts` approved excerpts with live council consent, ten per participant, each
    /// participant with a fresh key wrapped to the master key and every value really sealed.
    pub async fn seed_bench(
        &self,
        excerpts: usize,
        mut progress: impl FnMut(usize),
    ) -> AppResult<()> {
        let themes: Vec<String> = self
            .inner
            .policies
            .themes
            .iter()
            .map(|t| t.id.clone())
            .collect();
        let text_version = self.inner.policies.consent_text_version(Audience::Council);
        let by_account = Uuid::now_v7();
        let at = Millis::now().raw();
        let mut written = 0;
        while written < excerpts {
            let mut batch = Vec::with_capacity(PARTICIPANTS_PER_BATCH);
            while batch.len() < PARTICIPANTS_PER_BATCH && written < excerpts {
                let n = EXCERPTS_PER_PARTICIPANT.min(excerpts - written);
                let theme = themes
                    .get(written % themes.len().max(1))
                    .cloned()
                    .unwrap_or_default();
                batch.push(self.seed_participant(n, written as u64, theme, text_version)?);
                written += n;
            }
            self.inner
                .store
                .insert_seed_batch(batch, by_account, at)
                .await?;
            progress(written);
        }
        self.inner.store.analyze().await?;
        Ok(())
    }

    fn seed_participant(
        &self,
        excerpts: usize,
        seed: u64,
        theme: String,
        text_version: i64,
    ) -> AppResult<SeedParticipant> {
        let id = Uuid::now_v7();
        let story_id = Uuid::now_v7();
        let key = ParticipantKey::generate();
        let seal = |field, row, text: &str| key.seal_str(SealContext::new(field, row), text);
        let mut seeded = Vec::with_capacity(excerpts);
        for i in 0..excerpts {
            let excerpt = ExcerptId::from_uuid(Uuid::now_v7());
            let text = excerpt_text(seed + i as u64);
            let content = serde_json::json!({ "text": text, "redactions": [] }).to_string();
            let feed_id =
                self.inner
                    .secret
                    .feed_item_id(Audience::Council, excerpt, ExcerptVersion::FIRST);
            seeded.push(SeedExcerpt {
                id: excerpt.as_uuid(),
                content_sealed: seal(Field::ExcerptContent, excerpt.as_uuid(), &content)?,
                approved_sha256: sha256_hex(&text),
                consents: vec![("council", *feed_id.as_bytes(), text_version)],
            });
        }
        Ok(SeedParticipant {
            id,
            pseudonym: format!("Bench-{}", id.simple()),
            birth_year: 2008,
            identifiers_sealed: seal(Field::Identifiers, id, "[]")?,
            key_wrapped: key.wrap(&self.inner.master, id)?,
            story: SeedStory {
                id: story_id,
                title_sealed: seal(Field::StoryTitle, story_id, "Benchmark")?,
                body_sealed: seal(Field::StoryBody, story_id, &excerpt_text(seed ^ 0xabcdef))?,
                theme,
                recorded_on: "2026-03-14".into(),
                excerpts: seeded,
            },
        })
    }

    /// Times the crypto of the council feed's first `pages` pages of 50 alone, on `threads`
    /// threads: (pages/s with keys cached, pages/s unwrapping each page's keys, µs per page
    /// cached). The same work the feed does per page, without HTTP or database.
    pub async fn bench_crypto(&self, pages: usize, threads: usize) -> AppResult<(f64, f64, f64)> {
        let mut all: Vec<Vec<FeedRow>> = Vec::with_capacity(pages);
        let text_version_in_force = self.inner.policies.consent_text_version(Audience::Council);
        let mut after: Option<FeedItemId> = None;
        for _ in 0..pages {
            let rows = self
                .inner
                .store
                .feed_page(&FeedQuery {
                    audience: Audience::Council,
                    after: after.as_ref(),
                    theme: None,
                    limit: 50,
                    now: Millis::now(),
                    consent_text_version: text_version_in_force,
                    adult_born_before: Millis::now().to_datetime().year() - GUARDIAN_UNTIL_YEARS,
                })
                .await?;
            let Some(last) = rows.last() else { break };
            after = Some(last.feed_id.clone());
            all.push(rows);
        }
        let mut wrapped = HashMap::new();
        for page in &all {
            let ids: Vec<_> = page.iter().map(|r| r.participant_id).collect();
            for (p, w) in self.inner.store.wrapped_keys_of(&ids).await? {
                wrapped.insert(p, w);
            }
        }
        if all.is_empty() {
            return Err(AppError::Internal(
                "the council feed is empty; seed first".into(),
            ));
        }
        // The cached run opens with keys unwrapped before the clock starts, as a warm key cache
        // holds them; at a million excerpts the pages' keys are as many as their items, so
        // unwrapping them inside the timed run measured unwrapping, not the cached case.
        let keys: HashMap<_, _> = wrapped
            .iter()
            .map(|(p, w)| {
                Ok((
                    *p,
                    ParticipantKey::unwrap(&self.inner.master, p.as_uuid(), w)?,
                ))
            })
            .collect::<AppResult<_>>()?;
        let run = |cached: Option<&HashMap<ParticipantId, ParticipantKey>>| -> AppResult<f64> {
            let start = Instant::now();
            let opened: AppResult<usize> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads.max(1))
                    .map(|_| scope.spawn(|| self.open_pages(&all, &wrapped, cached)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(AppError::Internal("thread".into())))
                    })
                    .sum()
            });
            Ok(opened? as f64 / start.elapsed().as_secs_f64())
        };
        let cached = run(Some(&keys))?;
        let unwrapping = run(None)?;
        Ok((cached, unwrapping, 1e6 * threads.max(1) as f64 / cached))
    }

    /// Opens every item of every page, with the `cached` keys, or unwrapping each page's keys
    /// (once per participant on the page). Returns pages opened.
    fn open_pages(
        &self,
        pages: &[Vec<FeedRow>],
        wrapped: &HashMap<ParticipantId, Sealed>,
        cached: Option<&HashMap<ParticipantId, ParticipantKey>>,
    ) -> AppResult<usize> {
        let mut page_keys = HashMap::new();
        for page in pages {
            let keys = match cached {
                Some(keys) => keys,
                None => {
                    page_keys.clear();
                    for row in page {
                        if let Some(w) = wrapped.get(&row.participant_id)
                            && !page_keys.contains_key(&row.participant_id)
                        {
                            let key = ParticipantKey::unwrap(
                                &self.inner.master,
                                row.participant_id.as_uuid(),
                                w,
                            )?;
                            page_keys.insert(row.participant_id, key);
                        }
                    }
                    &page_keys
                }
            };
            for row in page {
                let key = keys.get(&row.participant_id).ok_or(AppError::NotFound)?;
                std::hint::black_box(open_content(key, row.excerpt_id, &row.content_sealed)?);
            }
        }
        Ok(pages.len())
    }
}
