//! Staff accounts must use a second factor (TOTP). The helpers enrol every staff account the first
//! time it logs in and answer the code on every later login, keeping each secret per username
//! inside the test app, so tests log in with `login(username, password)` as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::{TestApp, expect_status};

/// One enrolled account as the helpers know it.
struct Enrolled {
    secret: Vec<u8>,
    /// The last time step the service accepted: it accepts only later ones.
    last_step: u64,
    recovery_codes: Vec<String>,
}

/// Secrets per (lower-case) username, shared by every instance of one test app.
#[derive(Clone, Default)]
pub struct TotpBook {
    enrolled: Arc<Mutex<HashMap<String, Enrolled>>>,
    /// Usernames the helpers created with a role that must enrol.
    must_enrol: Arc<Mutex<Vec<String>>>,
}

/// What to send as `totp` on the next login of an account.
pub enum NextCode {
    Step(String, u64),
    Recovery(String),
}

pub fn totp(secret: &[u8]) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::from(secret.to_vec()))
        .build()
        .expect("totp parameters")
}

pub fn current_step() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        / 30
}

pub fn code_at(secret: &[u8], step: u64) -> String {
    totp(secret).generate(step * 30).to_string()
}

impl TotpBook {
    pub fn must_enrol(&self, username: &str) {
        self.must_enrol
            .lock()
            .expect("totp book")
            .push(username.to_lowercase());
    }

    pub fn needs_enrolment(&self, username: &str) -> bool {
        let key = username.to_lowercase();
        self.must_enrol.lock().expect("totp book").contains(&key)
            && !self.enrolled.lock().expect("totp book").contains_key(&key)
    }

    pub fn is_enrolled(&self, username: &str) -> bool {
        self.enrolled
            .lock()
            .expect("totp book")
            .contains_key(&username.to_lowercase())
    }

    /// A code for a step the service has not seen yet (now-1 ..= now+1), else a recovery code,
    /// else waits for the next step.
    pub fn next_code(&self, username: &str) -> Option<NextCode> {
        loop {
            let mut book = self.enrolled.lock().expect("totp book");
            let entry = book.get_mut(&username.to_lowercase())?;
            let now = current_step();
            if let Some(step) = (now.saturating_sub(1)..=now + 1).find(|s| *s > entry.last_step) {
                return Some(NextCode::Step(code_at(&entry.secret, step), step));
            }
            if let Some(code) = entry.recovery_codes.pop() {
                return Some(NextCode::Recovery(code));
            }
            drop(book);
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }

    pub fn accepted(&self, username: &str, step: u64) {
        if let Some(entry) = self
            .enrolled
            .lock()
            .expect("totp book")
            .get_mut(&username.to_lowercase())
        {
            entry.last_step = entry.last_step.max(step);
        }
    }

    pub fn secret_of(&self, username: &str) -> Option<Vec<u8>> {
        self.enrolled
            .lock()
            .expect("totp book")
            .get(&username.to_lowercase())
            .map(|e| e.secret.clone())
    }

    fn record(&self, username: &str, secret: Vec<u8>, step: u64, recovery_codes: Vec<String>) {
        self.enrolled.lock().expect("totp book").insert(
            username.to_lowercase(),
            Enrolled {
                secret,
                last_step: step,
                recovery_codes,
            },
        );
    }
}

impl TestApp {
    /// Enrols the account behind an (enrolment-only) token and remembers its secret.
    pub fn enrol_totp(&self, token: &str, username: &str) {
        let started = expect_status(self.post_empty("/api/v1/account/totp", token), 201);
        let secret = Secret::try_from_base32(started["secret"].as_str().expect("secret"))
            .expect("base32 secret")
            .as_bytes()
            .to_vec();
        let step = current_step();
        let confirmed = expect_status(
            self.post(
                "/api/v1/account/totp/confirm",
                token,
                &json!({"code": code_at(&secret, step)}),
            ),
            200,
        );
        let codes: Vec<String> = confirmed["recovery_codes"]
            .as_array()
            .expect("recovery codes")
            .iter()
            .map(|c| c.as_str().expect("code").to_owned())
            .collect();
        self.totp.record(username, secret, step, codes);
    }

    /// `POST /sessions` with the code the account needs, if the helpers know it.
    pub fn post_session_raw(
        &self,
        username: &str,
        password: &str,
    ) -> (reqwest::blocking::Response, Option<u64>) {
        let mut body = json!({"username": username, "password": password});
        let mut step = None;
        match self.totp.next_code(username) {
            Some(NextCode::Step(code, s)) => {
                body["totp"] = Value::from(code);
                step = Some(s);
            }
            Some(NextCode::Recovery(code)) => body["totp"] = Value::from(code),
            None => {}
        }
        let response = self.request(Method::POST, "/api/v1/sessions", None, Some(&body));
        (response, step)
    }
}
