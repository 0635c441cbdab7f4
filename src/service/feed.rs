//! The audiences' feed: approved excerpts with live consent, under per-audience ids, carrying only
//! the anonymised text, the themes and the month of recording.

use super::audience_reads::day_of;
use super::excerpts::open_content;
use super::{Caller, Service, sha256_hex};
use crate::domain::time::Millis;
use crate::domain::visibility::{GUARDIAN_UNTIL_YEARS, VisibilityFacts, is_visible};
use crate::domain::{Audience, FeedItemId, ParticipantId, RecordedOn};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{AudienceRead, FeedQuery, FeedRow};

pub const FEED_MAX_LIMIT: u32 = 100;

pub struct FeedItem {
    pub id: FeedItemId,
    pub text: String,
    pub themes: Vec<String>,
    pub recorded_month: String,
}

pub struct FeedPage {
    pub items: Vec<FeedItem>,
    pub next: Option<FeedItemId>,
}

impl Service {
    pub async fn feed(
        &self,
        caller: &Caller,
        limit: u32,
        after: Option<FeedItemId>,
        theme: Option<String>,
    ) -> AppResult<FeedPage> {
        let audience = self.authorize_audience(caller, Action::ReadFeed)?;
        if let Some(theme) = &theme
            && !self.inner.policies.is_theme(theme)
        {
            return Err(AppError::field("theme", "unknown_theme"));
        }
        let now = Millis::now();
        let rows = self
            .inner
            .store
            .feed_page(&FeedQuery {
                audience,
                after: after.as_ref(),
                theme: theme.as_deref(),
                limit,
                now,
                consent_text_version: self.inner.policies.consent_text_version(audience),
                adult_born_before: now.to_datetime().year() - GUARDIAN_UNTIL_YEARS,
            })
            .await?;
        // A full page may have more behind it; the cursor is the last id of this page.
        let next = (rows.len() == limit as usize)
            .then(|| rows.last().map(|r| r.feed_id.clone()))
            .flatten();
        let visible: Vec<FeedRow> = rows
            .into_iter()
            .filter(|r| self.visible_now(r, audience, now))
            .collect();
        let items = self.open_feed_rows(caller, audience, visible).await?;
        Ok(FeedPage { items, next })
    }

    pub async fn feed_item(&self, caller: &Caller, id: FeedItemId) -> AppResult<FeedItem> {
        let audience = self.authorize_audience(caller, Action::ReadFeedItem)?;
        let row = self
            .inner
            .store
            .feed_item(audience, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !self.visible_now(&row, audience, Millis::now()) {
            return Err(AppError::NotFound);
        }
        self.open_feed_rows(caller, audience, vec![row])
            .await?
            .pop()
            .ok_or(AppError::NotFound)
    }

    /// The one visibility rule, applied to a feed row.
    fn visible_now(&self, row: &FeedRow, audience: Audience, now: Millis) -> bool {
        let facts = VisibilityFacts {
            status: row.status,
            current_version: row.version,
            current_consent_text_version: self.inner.policies.consent_text_version(audience),
            birth_year: row.birth_year,
            youth: Some(row.youth),
            guardian: row.guardian,
        };
        is_visible(&facts, now)
    }

    /// Themes in the order of the vocabulary (policies/themes.toml), so their order says nothing
    /// about how a story was entered.
    fn in_vocabulary_order(&self, mut themes: Vec<String>) -> Vec<String> {
        let vocabulary = &self.inner.policies.themes;
        themes.sort_by_key(|t| {
            vocabulary
                .iter()
                .position(|v| &v.id == t)
                .unwrap_or(usize::MAX)
        });
        themes
    }

    /// Decrypts only what the response returns, counting each read for the young person to see.
    /// Keys come from the key cache, the rest in one query; each open costs microseconds.
    async fn open_feed_rows(
        &self,
        caller: &Caller,
        audience: Audience,
        rows: Vec<FeedRow>,
    ) -> AppResult<Vec<FeedItem>> {
        let participants: Vec<ParticipantId> = rows.iter().map(|r| r.participant_id).collect();
        let keys = self.participant_keys(&participants).await?;
        let day = day_of(Millis::now());
        let mut items = Vec::with_capacity(rows.len());
        let mut reads = Vec::with_capacity(rows.len());
        for row in rows {
            // Erased since the page was queried: nothing of theirs is shown.
            let Some(key) = keys.get(&row.participant_id) else {
                continue;
            };
            let text = open_content(key, row.excerpt_id, &row.content_sealed)?.text;
            // Publish only the very text the young person consented to: a stored ciphertext that
            // opens to anything else (a swapped or edited row) is left out and logged by id.
            if sha256_hex(&text) != row.text_sha256 {
                tracing::warn!(excerpt_id = %row.excerpt_id, audience = audience.as_str(),
                    "feed item left out: its text does not match the consented hash");
                continue;
            }
            let recorded_month = RecordedOn::parse(&row.recorded_on, time::Date::MAX)
                .map(|d| d.month())
                .map_err(|_| AppError::Internal("stored recording date is invalid".into()))?;
            reads.push(AudienceRead {
                participant_id: row.participant_id,
                excerpt_id: row.excerpt_id.as_uuid(),
                actor_role: caller.role,
                day,
            });
            items.push(FeedItem {
                id: row.feed_id,
                text,
                themes: self.in_vocabulary_order(row.themes),
                recorded_month,
            });
        }
        // Counted before the text is returned; written within `FLUSH_EVERY`, or now when many are
        // pending (see audience_reads).
        self.count_audience_reads(reads).await;
        Ok(items)
    }
}
