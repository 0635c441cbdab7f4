//! Boots the real `storyvault` binary on a free port with a fresh data directory, and offers small
//! helpers named after what a test arranges: accounts of each role, a participant with its young
//! person, a story, a published excerpt.

mod app;
mod arrange;
mod assertions;
mod browser;
mod database;
mod postgres;

pub use app::*;
pub use arrange::*;
pub use assertions::*;
pub use browser::*;
pub use database::*;
pub use postgres::*;

/// A password every test account uses (the contract asks for at least 12 characters).
pub const PASSWORD: &str = "lang-genoeg-wachtwoord-42";
pub const ADMIN_USERNAME: &str = "beheerder";
pub const THEME: &str = "pleegzorg";
/// The audiences of the contract and the role that reads each of them.
pub const AUDIENCES: [(&str, &str); 3] = [
    ("peers", "peer"),
    ("policy_makers", "policy_maker"),
    ("council", "council"),
];
pub const STORY_TITLE: &str = "Over de wachtlijst";
pub const STORY_BODY: &str = "Ik heb een jaar gewacht op hulp. Op school wist niemand ervan. \
    Mijn pleegmoeder heeft toen gebeld en daarna ging het sneller.";
