//! The one visibility rule (DESIGN invariant 3), checked against a simple model over random
//! sequences of edits, submissions, reviews, consent changes and deletions. After every step the
//! feed of each audience (and the single-item view of every feed id ever seen) must match the model:
//! an excerpt is visible to an audience iff it is approved, consent for that audience is granted at
//! its current version, and its story and participant exist. Operations the API rejects leave the
//! model unchanged.

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::json;

use crate::helpers::{Account, Reader, TestApp, expect_status, id_of, version_of};

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

#[derive(Debug)]
struct Excerpt {
    id: String,
    participant: usize,
    text: String,
    version: i64,
    status: Status,
    consent: [bool; 3],
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
        self.exists(excerpt) && excerpt.status == Status::Approved && excerpt.consent[audience]
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
        for (i, name) in ["Sanne", "Daan"].iter().enumerate() {
            let participant = app.create_participant(&worker.token, &[name]);
            youths.push(app.redeem_invite(&participant.invite_code));
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
                    consent: [false; 3],
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
                    e.consent = [false; 3];
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
                    Status::Approved => Op::Consent {
                        excerpt: index,
                        audiences,
                        stale: false,
                    },
                    Status::Rejected => Op::Edit {
                        excerpt: index,
                        stale: false,
                    },
                };
                self.apply(model, &next);
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
            model.excerpts[index].consent = audiences;
        }
    }

    /// Compares every audience's feed and every feed id ever seen with the model.
    fn check(&mut self, model: &Model, step: usize) {
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

fn pick(model: &Model, excerpt: usize) -> Option<usize> {
    if model.excerpts.is_empty() {
        None
    } else {
        Some(excerpt % model.excerpts.len())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
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
