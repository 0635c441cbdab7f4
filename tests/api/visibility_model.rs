//! The one visibility rule (DESIGN invariant 3), checked against a simple model over random
//! sequences of edits, submissions, reviews, consent changes (the young person's and a guardian's),
//! lapses, renewals and deletions. After every step the feed of each audience (and the single-item
//! view of every feed id ever seen) must match the model: an excerpt is visible to an audience iff
//! it is approved, the young person's consent for that audience holds at its current version (not
//! lapsed), for the participant under 16 a guardian's does too, and its story and participant
//! exist. Operations the API rejects leave the model unchanged. Participant 0 is an adult;
//! participant 1 is 13 and has a guardian. A lapse is made by moving the stored expiry into the
//! past (the clock cannot be moved for the real binary).

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::json;
use sqlx::Connection as _;

use crate::helpers::{
    Account, Reader, TestApp, blob_id, expect_status, id_of, version_of, with_database,
};

const PARTICIPANTS: usize = 2;
const MAX_EXCERPTS: usize = 5;

#[derive(Debug, Clone)]
enum Op {
    Create {
        story: usize,
    },
    Edit {
        excerpt: usize,
        stale: bool,
    },
    Submit {
        excerpt: usize,
        stale: bool,
    },
    Review {
        excerpt: usize,
        approve: bool,
        stale: bool,
    },
    Consent {
        excerpt: usize,
        audiences: [bool; 3],
        stale: bool,
    },
    Withdraw {
        excerpt: usize,
    },
    /// The next step of the happy path for that excerpt, so that sequences reach the feed often.
    Advance {
        excerpt: usize,
        audiences: [bool; 3],
    },
    GuardianConsent {
        excerpt: usize,
        audiences: [bool; 3],
    },
    /// Every stored grant of the excerpt (both sides) lapses.
    Lapse {
        excerpt: usize,
    },
    Renew {
        excerpt: usize,
        guardian: bool,
    },
    DeleteStory {
        story: usize,
    },
    Erase {
        participant: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let story = 0..PARTICIPANTS;
    let excerpt = 0..MAX_EXCERPTS;
    let stale = prop::bool::weighted(0.1);
    let audiences = prop::array::uniform3(any::<bool>());
    prop_oneof![
        3 => story.clone().prop_map(|story| Op::Create { story }),
        1 => (excerpt.clone(), stale).prop_map(|(excerpt, stale)| Op::Edit { excerpt, stale }),
        1 => (excerpt.clone(), stale).prop_map(|(excerpt, stale)| Op::Submit { excerpt, stale }),
        1 => (excerpt.clone(), any::<bool>(), stale)
            .prop_map(|(excerpt, approve, stale)| Op::Review { excerpt, approve, stale }),
        2 => (excerpt.clone(), audiences, stale)
            .prop_map(|(excerpt, audiences, stale)| Op::Consent { excerpt, audiences, stale }),
        1 => excerpt.clone().prop_map(|excerpt| Op::Withdraw { excerpt }),
        2 => (excerpt.clone(), audiences)
            .prop_map(|(excerpt, audiences)| Op::GuardianConsent { excerpt, audiences }),
        1 => excerpt.clone().prop_map(|excerpt| Op::Lapse { excerpt }),
        1 => (excerpt.clone(), any::<bool>())
            .prop_map(|(excerpt, guardian)| Op::Renew { excerpt, guardian }),
        12 => (excerpt, audiences)
            .prop_map(|(excerpt, audiences)| Op::Advance { excerpt, audiences }),
        1 => story.clone().prop_map(|story| Op::DeleteStory { story }),
        1 => story.prop_map(|participant| Op::Erase { participant }),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    Draft,
    AwaitingReview,
    Approved,
    Rejected,
}

/// One side's grant for one audience.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Grant {
    No,
    Live,
    Lapsed,
}

/// Participant 1 is under 16: a guardian's yes is needed too.
const UNDER_16: [bool; PARTICIPANTS] = [false, true];

#[derive(Debug)]
struct Excerpt {
    id: String,
    participant: usize,
    text: String,
    version: i64,
    status: Status,
    consent: [Grant; 3],
    guardian: [Grant; 3],
}

#[derive(Default)]
struct Model {
    excerpts: Vec<Excerpt>,
    story_deleted: [bool; PARTICIPANTS],
    erased: [bool; PARTICIPANTS],
}

impl Model {
    fn exists(&self, excerpt: &Excerpt) -> bool {
        !self.story_deleted[excerpt.participant] && !self.erased[excerpt.participant]
    }

    /// The rule itself, as simply as it can be said.
    fn visible(&self, excerpt: &Excerpt, audience: usize) -> bool {
        self.exists(excerpt)
            && excerpt.status == Status::Approved
            && excerpt.consent[audience] == Grant::Live
            && (!UNDER_16[excerpt.participant] || excerpt.guardian[audience] == Grant::Live)
    }

    fn visible_texts(&self, audience: usize) -> Vec<String> {
        let mut texts: Vec<String> = self
            .excerpts
            .iter()
            .filter(|e| self.visible(e, audience))
            .map(|e| e.text.clone())
            .collect();
        texts.sort();
        texts
    }
}

struct Fixture {
    app: TestApp,
    worker: Account,
    youths: Vec<Account>,
    /// The guardian of participant 1.
    guardian: Account,
    stories: Vec<String>,
    readers: Vec<Reader>,
    next_text: usize,
    /// Every feed id seen: (audience, feed id) → (excerpt index, text it showed).
    seen: HashMap<(usize, String), (usize, String)>,
}

impl Fixture {
    fn new() -> Fixture {
        let app = TestApp::spawn();
        let worker = app.create_worker();
        let readers = app.create_audience_readers();
        let mut youths = Vec::new();
        let mut stories = Vec::new();
        let mut guardian = None;
        let year = time::OffsetDateTime::now_utc().year();
        for (i, name) in ["Sanne", "Daan"].iter().enumerate() {
            let born = if UNDER_16[i] { year - 13 } else { year - 20 };
            let participant = app.create_participant_born(&worker.token, &[name], born);
            youths.push(app.redeem_invite(&participant.invite_code));
            if UNDER_16[i] {
                guardian = Some(add_guardian(&app, &worker.token, &participant.id));
            }
            let story = app.create_story(
                &worker.token,
                &participant.id,
                &format!("Verhaal {i}"),
                "Ik heb lang gewacht op hulp, en op school wist niemand ervan.",
            );
            stories.push(id_of(&story));
        }
        Fixture {
            app,
            worker,
            youths,
            guardian: guardian.expect("a guardian"),
            stories,
            readers,
            next_text: 0,
            seen: HashMap::new(),
        }
    }

    fn fresh_text(&mut self) -> String {
        self.next_text += 1;
        format!("Fragment nummer {} over wachten op hulp.", self.next_text)
    }

    /// The status a youth call on a missing excerpt gets: 401 once the account is erased.
    fn gone_status(model: &Model, participant: usize) -> u16 {
        if model.erased[participant] { 401 } else { 404 }
    }

    fn stale(version: i64, stale: bool) -> i64 {
        match (stale, version) {
            (false, v) => v,
            (true, 1) => 2,
            (true, v) => v - 1,
        }
    }

    fn apply(&mut self, model: &mut Model, op: &Op) {
        let app = &self.app;
        let worker = self.worker.token.clone();
        match *op {
            Op::Create { story } => {
                if model.excerpts.len() >= MAX_EXCERPTS {
                    return;
                }
                let text = self.fresh_text();
                let app = &self.app;
                let path = format!("/api/v1/stories/{}/excerpts", self.stories[story]);
                let response = app.post(&path, &worker, &json!({"text": text}));
                if model.story_deleted[story] || model.erased[story] {
                    expect_status(response, 404);
                    return;
                }
                let created = expect_status(response, 201);
                assert_eq!(created["status"], "draft");
                assert_eq!(created["version"], 1);
                model.excerpts.push(Excerpt {
                    id: id_of(&created),
                    participant: story,
                    text: created["text"].as_str().expect("text").to_owned(),
                    version: 1,
                    status: Status::Draft,
                    consent: [Grant::No; 3],
                    guardian: [Grant::No; 3],
                });
            }
            Op::Edit { excerpt, stale } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                let text = self.fresh_text();
                let app = &self.app;
                let e = &model.excerpts[index];
                let response =
                    app.put_excerpt(&worker, &e.id, &text, Self::stale(e.version, stale));
                let status = response.status().as_u16();
                if !model.exists(e) {
                    expect_status(response, 404);
                } else if stale || (status == 409 && e.status == Status::AwaitingReview) {
                    expect_status(response, 409);
                } else {
                    let edited = expect_status(response, 200);
                    let e = &mut model.excerpts[index];
                    assert_eq!(version_of(&edited), e.version + 1);
                    assert_eq!(edited["status"], "draft");
                    e.version += 1;
                    e.status = Status::Draft;
                    e.consent = [Grant::No; 3];
                    e.guardian = [Grant::No; 3];
                    e.text = edited["text"].as_str().expect("text").to_owned();
                }
            }
            Op::Submit { excerpt, stale } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                let e = &model.excerpts[index];
                let response = app.post_submit(&worker, &e.id, Self::stale(e.version, stale));
                if !model.exists(e) {
                    expect_status(response, 404);
                } else if stale || e.status != Status::Draft {
                    expect_status(response, 409);
                } else {
                    let submitted = expect_status(response, 200);
                    assert_eq!(submitted["status"], "awaiting_review");
                    model.excerpts[index].status = Status::AwaitingReview;
                }
            }
            Op::Review {
                excerpt,
                approve,
                stale,
            } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                let e = &model.excerpts[index];
                let decision = if approve { "approve" } else { "reject" };
                let youth = &self.youths[e.participant].token;
                let response =
                    app.post_review(youth, &e.id, decision, Self::stale(e.version, stale));
                if !model.exists(e) {
                    expect_status(response, Self::gone_status(model, e.participant));
                } else if stale || e.status != Status::AwaitingReview {
                    expect_status(response, 409);
                } else {
                    let reviewed = expect_status(response, 200);
                    let status = if approve {
                        Status::Approved
                    } else {
                        Status::Rejected
                    };
                    assert_eq!(
                        reviewed["status"],
                        if approve { "approved" } else { "rejected" }
                    );
                    model.excerpts[index].status = status;
                }
            }
            Op::Consent {
                excerpt,
                audiences,
                stale,
            } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                self.consent(model, index, audiences, stale);
            }
            Op::Withdraw { excerpt } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                self.consent(model, index, [false; 3], false);
            }
            Op::Advance { excerpt, audiences } => {
                let living: Vec<usize> = (0..model.excerpts.len())
                    .filter(|&i| model.exists(&model.excerpts[i]))
                    .collect();
                if living.is_empty() {
                    return self.apply(
                        model,
                        &Op::Create {
                            story: excerpt % PARTICIPANTS,
                        },
                    );
                }
                let index = living[excerpt % living.len()];
                let next = match model.excerpts[index].status {
                    Status::Draft => Op::Submit {
                        excerpt: index,
                        stale: false,
                    },
                    Status::AwaitingReview => Op::Review {
                        excerpt: index,
                        approve: true,
                        stale: false,
                    },
                    Status::Approved => {
                        let e = &model.excerpts[index];
                        let live = e.consent.map(|g| g == Grant::Live);
                        if UNDER_16[e.participant]
                            && live.contains(&true)
                            && e.guardian.map(|g| g == Grant::Live) != live
                        {
                            Op::GuardianConsent {
                                excerpt: index,
                                audiences: live,
                            }
                        } else {
                            Op::Consent {
                                excerpt: index,
                                audiences,
                                stale: false,
                            }
                        }
                    }
                    Status::Rejected => Op::Edit {
                        excerpt: index,
                        stale: false,
                    },
                };
                self.apply(model, &next);
            }
            Op::GuardianConsent { excerpt, audiences } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                self.guardian_consent(model, index, audiences);
            }
            Op::Lapse { excerpt } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                let id = model.excerpts[index].id.clone();
                crate::helpers::lapse_consents(app, &id);
                let e = &mut model.excerpts[index];
                for grant in e.consent.iter_mut().chain(e.guardian.iter_mut()) {
                    if *grant == Grant::Live {
                        *grant = Grant::Lapsed;
                    }
                }
            }
            Op::Renew { excerpt, guardian } => {
                let Some(index) = pick(model, excerpt) else {
                    return;
                };
                self.renew(model, index, guardian);
            }
            Op::DeleteStory { story } => {
                let path = format!("/api/v1/stories/{}", self.stories[story]);
                if model.erased[story] {
                    expect_status(app.delete(&path, &worker), 404);
                } else if model.story_deleted[story] {
                    expect_status(app.delete(&path, &self.youths[story].token), 404);
                } else {
                    expect_status(app.delete(&path, &self.youths[story].token), 204);
                    model.story_deleted[story] = true;
                }
            }
            Op::Erase { participant } => {
                let response = app.delete("/api/v1/me", &self.youths[participant].token);
                if model.erased[participant] {
                    expect_status(response, 401);
                } else {
                    expect_status(response, 204);
                    model.erased[participant] = true;
                }
            }
        }
    }

    fn consent(&self, model: &mut Model, index: usize, audiences: [bool; 3], stale: bool) {
        let e = &model.excerpts[index];
        let youth = &self.youths[e.participant].token;
        let response = self
            .app
            .put_consent(youth, &e.id, Self::stale(e.version, stale), audiences);
        if !model.exists(e) {
            expect_status(response, Self::gone_status(model, e.participant));
        } else if stale || e.status != Status::Approved {
            expect_status(response, 409);
        } else {
            let body = expect_status(response, 200);
            assert_eq!(body["audiences"], crate::helpers::audience_map(audiences));
            let e = &mut model.excerpts[index];
            for (a, &yes) in audiences.iter().enumerate() {
                if yes {
                    e.consent[a] = Grant::Live;
                } else {
                    // The young person's no also ends a guardian's yes.
                    e.consent[a] = Grant::No;
                    e.guardian[a] = Grant::No;
                }
            }
        }
    }

    fn guardian_consent(&self, model: &mut Model, index: usize, audiences: [bool; 3]) {
        let e = &model.excerpts[index];
        let path = format!("/api/v1/guardian/excerpts/{}/consent", e.id);
        let body =
            json!({"version": e.version, "audiences": crate::helpers::audience_map(audiences)});
        let response = self.app.put(&path, &self.guardian.token, &body);
        let youth_holds = (0..3).all(|a| !audiences[a] || e.consent[a] == Grant::Live);
        if model.erased[1] {
            expect_status(response, 401);
        } else if !UNDER_16[e.participant] || !model.exists(e) {
            // Not the guardian's participant, or gone.
            expect_status(response, 404);
        } else if e.status != Status::Approved || !youth_holds {
            expect_status(response, 409);
        } else {
            expect_status(response, 200);
            let e = &mut model.excerpts[index];
            e.guardian = audiences.map(|yes| if yes { Grant::Live } else { Grant::No });
        }
    }

    fn renew(&self, model: &mut Model, index: usize, guardian: bool) {
        let e = &model.excerpts[index];
        let body = json!({"version": e.version});
        let (path, token) = if guardian {
            (
                format!("/api/v1/guardian/excerpts/{}/consent/renew", e.id),
                &self.guardian.token,
            )
        } else {
            (
                format!("/api/v1/excerpts/{}/consent/renew", e.id),
                &self.youths[e.participant].token,
            )
        };
        let response = self.app.post(&path, token, &body);
        let side = if guardian { e.guardian } else { e.consent };
        let on_record: Vec<usize> = (0..3).filter(|&a| side[a] != Grant::No).collect();
        // A guardian's renewal is a yes: the young person's must hold for each.
        let allowed = !guardian || on_record.iter().all(|&a| e.consent[a] == Grant::Live);
        if guardian && model.erased[1] {
            expect_status(response, 401);
        } else if guardian && (!UNDER_16[e.participant] || !model.exists(e)) {
            expect_status(response, 404);
        } else if !model.exists(e) {
            expect_status(response, Self::gone_status(model, e.participant));
        } else if e.status != Status::Approved || on_record.is_empty() || !allowed {
            expect_status(response, 409);
        } else {
            expect_status(response, 200);
            let e = &mut model.excerpts[index];
            for a in on_record {
                if guardian {
                    e.guardian[a] = Grant::Live;
                } else {
                    e.consent[a] = Grant::Live;
                }
            }
        }
    }

    /// Compares every audience's feed and every feed id ever seen with the model.
    fn check(&mut self, model: &Model, step: usize) {
        self.check_feed_table(model, step);
        for (audience, reader) in self.readers.iter().enumerate() {
            let token = &reader.account.token;
            let items = self.app.feed_items_with(token, &[("limit", "2")]);
            let mut texts: Vec<String> = items
                .iter()
                .map(|i| i["text"].as_str().expect("text").to_owned())
                .collect();
            texts.sort();
            assert_eq!(
                texts,
                model.visible_texts(audience),
                "step {step}: the {} feed differs from the model",
                reader.audience
            );
            for item in &items {
                let text = item["text"].as_str().unwrap();
                let index = model
                    .excerpts
                    .iter()
                    .position(|e| e.text == text)
                    .expect("known text");
                self.seen
                    .insert((audience, id_of(item)), (index, text.to_owned()));
            }
        }
        for ((audience, feed_id), (index, shown)) in &self.seen {
            let reader = &self.readers[*audience];
            let response = self
                .app
                .get(&format!("/api/v1/feed/{feed_id}"), &reader.account.token);
            let status = response.status().as_u16();
            let excerpt = &model.excerpts[*index];
            let visible = model.visible(excerpt, *audience);
            let context = format!("step {step}: {} item of excerpt {index}", reader.audience);
            if !visible {
                assert_eq!(status, 404, "{context} must be gone");
            } else if excerpt.text == *shown {
                let item = expect_status(response, 200);
                assert_eq!(item["text"], excerpt.text.as_str(), "{context}");
            } else if status == 200 {
                // An id may follow its excerpt to a new version, or name only the old one.
                let item = expect_status(response, 200);
                assert_eq!(
                    item["text"],
                    excerpt.text.as_str(),
                    "{context} shows an old text"
                );
            } else {
                assert_eq!(status, 404, "{context}");
            }
        }
    }
}

impl Fixture {
    /// The feed table holds exactly the rows the rule's write-time part (`may_be_visible`)
    /// admits: the excerpt exists and is approved, and the young person's yes for the current
    /// version is stored (live or lapsed: a lapse is decided when the row is read).
    fn check_feed_table(&self, model: &Model, step: usize) {
        let mut expected: Vec<(Vec<u8>, String)> = Vec::new();
        for e in model.excerpts.iter().filter(|e| model.exists(e)) {
            for (audience, reader) in self.readers.iter().enumerate() {
                if e.status == Status::Approved && e.consent[audience] != Grant::No {
                    expected.push((blob_id(&e.id), reader.audience.to_owned()));
                }
            }
        }
        expected.sort();
        const ROWS: &str = "SELECT excerpt_id, audience FROM feed_items";
        let mut stored: Vec<(Vec<u8>, String)> = match self.app.postgres_url() {
            Some(url) => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(async {
                    let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
                    let rows: Vec<(uuid::Uuid, String)> = sqlx::query_as(ROWS)
                        .fetch_all(&mut c)
                        .await
                        .expect("feed table");
                    rows.into_iter()
                        .map(|(id, a)| (id.as_bytes().to_vec(), a))
                        .collect()
                }),
            None => with_database(&self.app, async |c| {
                sqlx::query_as(ROWS).fetch_all(c).await.expect("feed table")
            }),
        };
        stored.sort();
        assert_eq!(
            stored, expected,
            "step {step}: the feed table differs from the rule"
        );
    }
}

fn add_guardian(app: &TestApp, worker: &str, participant: &str) -> Account {
    let body = json!({"relation": "guardian", "description": "Voogd"});
    let path = format!("/api/v1/participants/{participant}/guardians");
    let created = expect_status(app.post(&path, worker, &body), 201);
    let code = created["invite_code"].as_str().expect("invite code");
    let username = crate::helpers::unique_username("voogd");
    let session = expect_status(
        app.post_redeem(code, &username, crate::helpers::PASSWORD),
        201,
    );
    Account {
        id: session["account"]["id"].as_str().expect("id").to_owned(),
        token: session["token"].as_str().expect("token").to_owned(),
        username,
    }
}

fn pick(model: &Model, excerpt: usize) -> Option<usize> {
    if model.excerpts.is_empty() {
        None
    } else {
        Some(excerpt % model.excerpts.len())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_feed_always_shows_exactly_what_the_visibility_rule_allows(
        ops in prop::collection::vec(op(), 5..=15)
    ) {
        let mut fixture = Fixture::new();
        let mut model = Model::default();
        fixture.check(&model, 0);
        for (step, op) in ops.iter().enumerate() {
            fixture.apply(&mut model, op);
            fixture.check(&model, step + 1);
        }
    }
}
