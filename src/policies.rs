//! The files under `policies/` that a privacy officer reviews and signs: audiences with their
//! consent texts, the theme vocabulary, and retention and consent rules. The binary carries the
//! shipped files (`sources.rs`); a directory named by `STORYVAULT_POLICIES_DIR` replaces each file
//! it holds. Loaded and validated once at start; a bad file stops start-up with a message naming
//! the file and the problem.

pub mod access;
mod sources;

pub use access::AccessPolicy;
pub use sources::{PolicySource, PolicySources};

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{Audience, Role};

#[derive(Debug, thiserror::Error)]
#[error("policy file {}: {problem}", file.display())]
pub struct PolicyError {
    pub file: PathBuf,
    pub problem: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentText {
    pub version: i64,
    pub nl: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AudiencePolicy {
    pub id: Audience,
    pub role: Role,
    pub name_nl: String,
    pub name_en: String,
    pub consent: ConsentText,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Theme {
    pub id: String,
    pub nl: String,
    /// The English label, where the file gives one; pages in English fall back to `nl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Theme {
    /// The label in English when asked for and present, else the Dutch one.
    pub fn label(&self, english: bool) -> &str {
        match (&self.en, english) {
            (Some(en), true) => en,
            _ => &self.nl,
        }
    }
}

mod retention;
pub use retention::Retention;

#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub consent_valid_days: i64,
    pub invite_valid_days: i64,
    pub session_absolute_hours: i64,
    pub session_idle_minutes: i64,
    pub login_max_failures: i64,
    pub login_window_minutes: i64,
    /// The longest wait between attempts once the free ones are used up (never a lockout).
    pub login_max_delay_seconds: i64,
    /// Roles that must log in with a second factor (TOTP).
    pub mfa_required_roles: &'static [Role],
    pub retention: Retention,
}

#[derive(Debug, Clone)]
pub struct Policies {
    pub audiences: Vec<AudiencePolicy>,
    pub themes: Vec<Theme>,
    pub rules: Rules,
    /// Who may do what to which object (`access.cedar`).
    pub access: AccessPolicy,
}

// The shapes of the files, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AudiencesFile {
    audience: Vec<AudienceEntry>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceEntry {
    id: String,
    role: String,
    name_nl: String,
    name_en: String,
    consent: ConsentEntry,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentEntry {
    version: i64,
    nl: String,
    en: String,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<ThemeEntry>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeEntry {
    id: String,
    nl: String,
    #[serde(default)]
    en: Option<String>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    consent: ValidDays,
    invites: ValidDays,
    sessions: SessionRules,
    login: LoginRules,
    #[serde(default)]
    mfa: MfaRules,
    retention: retention::RetentionFile,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MfaRules {
    required_roles: Vec<String>,
}
impl Default for MfaRules {
    fn default() -> Self {
        Self {
            required_roles: vec!["admin".into(), "worker".into()],
        }
    }
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidDays {
    valid_days: i64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionRules {
    absolute_hours: i64,
    idle_minutes: i64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginRules {
    max_failures: i64,
    window_minutes: i64,
    #[serde(default = "default_max_delay_seconds")]
    max_delay_seconds: i64,
}
fn default_max_delay_seconds() -> i64 {
    300
}

/// Theme ids the DESIGN requires at the least.
const REQUIRED_THEMES: [&str; 15] = [
    "ambulante-hulp",
    "wijkteam",
    "pleegzorg",
    "gezinshuis",
    "residentiele-jeugdhulp",
    "jeugd-ggz",
    "jeugdbescherming",
    "jeugdreclassering",
    "wachttijd",
    "school",
    "thuis",
    "vrije-tijd",
    "wonen-na-18",
    "geld",
    "inspraak",
];

impl Policies {
    /// The policies in force: the built-in files, each replaced by its namesake in `dir` if given.
    pub fn load(dir: Option<&Path>) -> Result<Self, PolicyError> {
        Self::from_sources(&PolicySources::new(dir)?)
    }

    pub fn from_sources(sources: &PolicySources) -> Result<Self, PolicyError> {
        let audiences = sources.get("audiences.toml")?;
        let themes = sources.get("themes.toml")?;
        let rules = sources.get("rules.toml")?;
        let audiences = validate_audiences(audiences.parse()?).map_err(|p| audiences.error(p))?;
        let access = AccessPolicy::load(
            sources.get(access::POLICY_FILE)?,
            sources.get(access::SCHEMA_FILE)?,
            &audiences,
        )?;
        Ok(Self {
            audiences,
            themes: validate_themes(themes.parse()?).map_err(|p| themes.error(p))?,
            rules: validate_rules(rules.parse()?).map_err(|p| rules.error(p))?,
            access,
        })
    }

    pub fn is_theme(&self, id: &str) -> bool {
        self.themes.iter().any(|t| t.id == id)
    }

    pub fn consent_text_version(&self, audience: Audience) -> i64 {
        self.audiences
            .iter()
            .find(|a| a.id == audience)
            .map(|a| a.consent.version)
            .unwrap_or(0)
    }
}

fn validate_audiences(file: AudiencesFile) -> Result<Vec<AudiencePolicy>, String> {
    let mut out = Vec::new();
    for entry in file.audience {
        let id = Audience::parse(&entry.id)
            .ok_or_else(|| format!("unknown audience id `{}`", entry.id))?;
        let role = Role::parse(&entry.role)
            .ok_or_else(|| format!("audience `{}`: unknown role", entry.id))?;
        if role.audience() != Some(id) {
            return Err(format!(
                "audience `{}`: role `{}` does not read this audience",
                entry.id, entry.role
            ));
        }
        if out.iter().any(|a: &AudiencePolicy| a.id == id) {
            return Err(format!("audience `{}` is defined twice", entry.id));
        }
        if entry.name_nl.trim().is_empty() || entry.name_en.trim().is_empty() {
            return Err(format!("audience `{}`: names must not be empty", entry.id));
        }
        if entry.consent.version < 1 {
            return Err(format!(
                "audience `{}`: consent.version must be 1 or more",
                entry.id
            ));
        }
        if entry.consent.nl.trim().is_empty() || entry.consent.en.trim().is_empty() {
            return Err(format!(
                "audience `{}`: consent texts in nl and en must not be empty",
                entry.id
            ));
        }
        out.push(AudiencePolicy {
            id,
            role,
            name_nl: entry.name_nl,
            name_en: entry.name_en,
            consent: ConsentText {
                version: entry.consent.version,
                nl: entry.consent.nl.trim().to_string(),
                en: entry.consent.en.trim().to_string(),
            },
        });
    }
    for audience in Audience::ALL {
        if !out.iter().any(|a| a.id == audience) {
            return Err(format!("audience `{}` is missing", audience.as_str()));
        }
    }
    out.sort_by_key(|a| a.id);
    Ok(out)
}

fn validate_themes(file: ThemesFile) -> Result<Vec<Theme>, String> {
    let mut seen = HashSet::new();
    for t in &file.theme {
        let well_formed = !t.id.is_empty()
            && t.id.len() <= 40
            && t.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(format!(
                "theme id `{}` must be lowercase letters, digits and hyphens",
                t.id
            ));
        }
        if !seen.insert(t.id.as_str()) {
            return Err(format!("theme `{}` is defined twice", t.id));
        }
        if t.nl.trim().is_empty() {
            return Err(format!("theme `{}` has no Dutch label", t.id));
        }
    }
    if let Some(missing) = REQUIRED_THEMES.iter().find(|r| !seen.contains(**r)) {
        return Err(format!("required theme `{missing}` is missing"));
    }
    Ok(file
        .theme
        .into_iter()
        .map(|t| Theme {
            id: t.id,
            nl: t.nl,
            en: t.en.filter(|en| !en.trim().is_empty()),
        })
        .collect())
}

fn validate_rules(file: RulesFile) -> Result<Rules, String> {
    let positive = |name: &str, v: i64| {
        if v >= 1 {
            Ok(v)
        } else {
            Err(format!("{name} must be 1 or more"))
        }
    };
    Ok(Rules {
        consent_valid_days: positive("consent.valid_days", file.consent.valid_days)?,
        invite_valid_days: positive("invites.valid_days", file.invites.valid_days)?,
        session_absolute_hours: positive("sessions.absolute_hours", file.sessions.absolute_hours)?,
        session_idle_minutes: positive("sessions.idle_minutes", file.sessions.idle_minutes)?,
        login_max_failures: positive("login.max_failures", file.login.max_failures)?,
        login_window_minutes: positive("login.window_minutes", file.login.window_minutes)?,
        login_max_delay_seconds: positive("login.max_delay_seconds", file.login.max_delay_seconds)?,
        mfa_required_roles: mfa_roles(&file.mfa.required_roles)?,
        retention: retention::validate(
            file.retention,
            file.invites.valid_days,
            file.consent.valid_days,
        )?,
    })
}

/// Staff roles only: young people and guardians never get a second factor forced on them.
fn mfa_roles(names: &[String]) -> Result<&'static [Role], String> {
    let mut roles = Vec::new();
    for name in names {
        let role = Role::parse(name)
            .filter(|r| *r != Role::Youth)
            .ok_or_else(|| format!("mfa.required_roles: `{name}` is not a staff role"))?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    // Loaded once per process; leaking keeps `Rules` `Copy`.
    Ok(Vec::leak(roles))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
    }

    #[test]
    fn the_shipped_policies_are_valid() {
        let p = Policies::load(Some(&shipped()));
        assert!(p.is_ok(), "{:?}", p.err());
        let p = p.ok();
        assert_eq!(p.as_ref().map(|p| p.audiences.len()), Some(3));
        assert!(p.map(|p| p.is_theme("pleegzorg")).unwrap_or(false));
    }

    /// A directory holding only `file`: the others come from the built-in defaults.
    fn copy_with(file: &str, contents: &str) -> Option<tempfile::TempDir> {
        let dir = tempfile::tempdir().ok()?;
        std::fs::write(dir.path().join(file), contents).ok()?;
        Some(dir)
    }

    #[test]
    fn the_built_in_policies_are_the_shipped_files() {
        let built_in = Policies::load(None).ok();
        let shipped = Policies::load(Some(&shipped())).ok();
        assert_eq!(
            built_in.map(|p| (p.themes.len(), p.rules.consent_valid_days)),
            shipped.map(|p| (p.themes.len(), p.rules.consent_valid_days))
        );
    }

    #[test]
    fn a_file_in_the_directory_replaces_its_default_only() {
        let rules = "[consent]\nvalid_days = 30\n[invites]\nvalid_days = 14\n[sessions]\nabsolute_hours = 12\nidle_minutes = 30\n[login]\nmax_failures = 5\nwindow_minutes = 15\n[retention]\nunredeemed_participant_days = 90\ninactive_participant_days = 1095\nended_consent_ledger_days = 1825\naccess_log_days = 730\n";
        let Some(dir) = copy_with("rules.toml", rules) else {
            return;
        };
        let p = Policies::load(Some(dir.path())).ok();
        assert_eq!(p.as_ref().map(|p| p.rules.consent_valid_days), Some(30));
        assert_eq!(p.map(|p| p.audiences.len()), Some(3));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let err = Policies::load(Some(Path::new("/nonexistent/storyvault-policies")))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("/nonexistent/storyvault-policies"), "{err}");
    }

    #[test]
    fn a_missing_required_theme_names_the_file_and_theme() {
        let Some(dir) = copy_with(
            "themes.toml",
            "[[theme]]\nid = \"school\"\nnl = \"School\"\n",
        ) else {
            return;
        };
        let err = Policies::load(Some(dir.path()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("themes.toml") && err.contains("ambulante-hulp"),
            "{err}"
        );
    }

    #[test]
    fn broken_toml_names_the_file() {
        let Some(dir) = copy_with("audiences.toml", "[[audience]\n") else {
            return;
        };
        let err = Policies::load(Some(dir.path()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("audiences.toml"), "{err}");
    }

    #[test]
    fn a_retention_shorter_than_an_invite_or_a_consent_is_refused() {
        let shipped_rules =
            std::fs::read_to_string(shipped().join("rules.toml")).unwrap_or_default();
        for (key, bad, names) in [
            (
                "unredeemed_participant_days = 90",
                "unredeemed_participant_days = 14",
                "invites.valid_days",
            ),
            (
                "inactive_participant_days = 1095",
                "inactive_participant_days = 30",
                "consent.valid_days",
            ),
            (
                "access_log_days = 730",
                "access_log_days = 0",
                "retention.access_log_days",
            ),
        ] {
            assert!(shipped_rules.contains(key), "{key}");
            let Some(dir) = copy_with("rules.toml", &shipped_rules.replace(key, bad)) else {
                return;
            };
            let err = Policies::load(Some(dir.path()))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(names) && err.contains("rules.toml"), "{err}");
        }
    }

    #[test]
    fn a_zero_validity_is_refused() {
        let rules = "[consent]\nvalid_days = 0\n[invites]\nvalid_days = 14\n[sessions]\nabsolute_hours = 12\nidle_minutes = 30\n[login]\nmax_failures = 5\nwindow_minutes = 15\n[retention]\nunredeemed_participant_days = 90\ninactive_participant_days = 1095\nended_consent_ledger_days = 1825\naccess_log_days = 730\n";
        let Some(dir) = copy_with("rules.toml", rules) else {
            return;
        };
        let err = Policies::load(Some(dir.path()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("consent.valid_days"), "{err}");
    }

    #[test]
    fn by_default_admins_and_workers_must_use_a_second_factor() {
        let rules = Policies::load(Some(&shipped())).map(|p| p.rules).ok();
        assert_eq!(
            rules.map(|r| r.mfa_required_roles.to_vec()),
            Some(vec![Role::Admin, Role::Worker])
        );
    }

    #[test]
    fn a_young_person_cannot_be_made_to_use_a_second_factor() {
        let rules = "[consent]\nvalid_days = 730\n[invites]\nvalid_days = 14\n[sessions]\nabsolute_hours = 12\nidle_minutes = 30\n[login]\nmax_failures = 5\nwindow_minutes = 15\n[mfa]\nrequired_roles = [\"youth\"]\n[retention]\nunredeemed_participant_days = 90\ninactive_participant_days = 1095\nended_consent_ledger_days = 1825\naccess_log_days = 730\n";
        let Some(dir) = copy_with("rules.toml", rules) else {
            return;
        };
        let err = Policies::load(Some(dir.path()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("mfa.required_roles"), "{err}");
    }
}
