//! Settings: defaults, then an optional TOML file (`STORYVAULT_CONFIG`), then the environment (or
//! a command-line flag of `serve`), which always wins. Validated at start-up; a bad value fails
//! fast with a message naming the setting. `storyvault serve --help` lists them all (`cli.rs`).

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::vault::KeySource;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./data";
pub const DEFAULT_LOG_FORMAT: &str = "text";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// No secrets live here (the key is a path), so `Debug` is safe; the database URL could carry a
/// password, so it is masked.
#[derive(Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub key_file: Option<PathBuf>,
    /// `None`: the policies built into the binary.
    pub policies_dir: Option<PathBuf>,
    pub log_format: LogFormat,
    /// The erasure and withdrawal journal (`crate::journal`): outside the database and its
    /// backups. Default `erasure.journal` in the data directory; production keeps it apart.
    pub journal_file: PathBuf,
    /// Proxies whose `X-Forwarded-For` is believed (`STORYVAULT_TRUSTED_PROXIES`, comma-separated
    /// addresses); empty by default, when the peer address is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Set when a TLS-terminating proxy sits in front: web cookies then carry `Secure`.
    pub behind_tls: bool,
    /// A second listener that serves `/metrics` only; `None`: metrics are not served.
    pub metrics_addr: Option<SocketAddr>,
    /// How often the service enforces `[retention]` of `policies/rules.toml` (first run at start).
    pub retention_interval: std::time::Duration,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("database_url", &"***")
            .field("key_file", &self.key_file)
            .field("policies_dir", &self.policies_dir)
            .field("log_format", &self.log_format)
            .field("journal_file", &self.journal_file)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("behind_tls", &self.behind_tls)
            .field("metrics_addr", &self.metrics_addr)
            .field("retention_interval", &self.retention_interval)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("setting {setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    addr: Option<String>,
    data_dir: Option<String>,
    database_url: Option<String>,
    key_file: Option<String>,
    policies_dir: Option<String>,
    log_format: Option<String>,
    journal_file: Option<String>,
    trusted_proxies: Option<String>,
    behind_tls: Option<bool>,
    metrics_addr: Option<String>,
    retention_interval_secs: Option<u64>,
}

impl Settings {
    /// Reads the settings from the process environment (and the file it may name).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    pub fn from_lookup(env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let file = match env("STORYVAULT_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                    setting: "STORYVAULT_CONFIG",
                    problem: format!("{path} cannot be read ({})", e.kind()),
                })?;
                toml::from_str::<FileSettings>(&text).map_err(|e| ConfigError {
                    setting: "STORYVAULT_CONFIG",
                    problem: format!("{path}: {}", e.message()),
                })?
            }
            None => FileSettings::default(),
        };
        let pick = |var: &str, from_file: Option<String>, default: &str| {
            env(var)
                .or(from_file)
                .unwrap_or_else(|| default.to_string())
        };

        let addr_text = pick("STORYVAULT_ADDR", file.addr, DEFAULT_ADDR);
        let addr = addr_text.parse().map_err(|_| ConfigError {
            setting: "STORYVAULT_ADDR",
            problem: "must be an address and port such as 127.0.0.1:8080".into(),
        })?;
        let data_dir = PathBuf::from(pick("STORYVAULT_DATA_DIR", file.data_dir, DEFAULT_DATA_DIR));
        let database_url = env("STORYVAULT_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("storyvault.db").display()));
        let known_scheme = ["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|scheme| database_url.starts_with(scheme));
        if !known_scheme {
            return Err(ConfigError {
                setting: "STORYVAULT_DATABASE_URL",
                problem: "must start with sqlite:// or postgres://".into(),
            });
        }
        let key_file = env("STORYVAULT_KEY_FILE")
            .or(file.key_file)
            .map(PathBuf::from);
        let policies_dir = env("STORYVAULT_POLICIES_DIR")
            .or(file.policies_dir)
            .map(PathBuf::from);
        let metrics_addr = match env("STORYVAULT_METRICS_ADDR").or(file.metrics_addr) {
            None => None,
            Some(text) => Some(text.parse().map_err(|_| ConfigError {
                setting: "STORYVAULT_METRICS_ADDR",
                problem: "must be an address and port such as 127.0.0.1:9090".into(),
            })?),
        };
        let journal_file = env("STORYVAULT_JOURNAL_FILE")
            .or(file.journal_file)
            .map_or_else(|| data_dir.join("erasure.journal"), PathBuf::from);
        let trusted_proxies = crate::http::client_addr::TrustedProxies::parse(
            &env("STORYVAULT_TRUSTED_PROXIES")
                .or(file.trusted_proxies)
                .unwrap_or_default(),
        )
        .map_err(|problem| ConfigError {
            setting: "STORYVAULT_TRUSTED_PROXIES",
            problem,
        })?
        .0;
        let behind_tls = match env("STORYVAULT_BEHIND_TLS") {
            Some(v) => match v.as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => {
                    return Err(ConfigError {
                        setting: "STORYVAULT_BEHIND_TLS",
                        problem: "must be `true` or `false`".into(),
                    });
                }
            },
            None => file.behind_tls.unwrap_or(false),
        };
        let log_format =
            match pick("STORYVAULT_LOG_FORMAT", file.log_format, DEFAULT_LOG_FORMAT).as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    return Err(ConfigError {
                        setting: "STORYVAULT_LOG_FORMAT",
                        problem: "must be `text` or `json`".into(),
                    });
                }
            };
        let retention_interval = match env("STORYVAULT_RETENTION_INTERVAL_SECS") {
            Some(text) => text.parse::<u64>().ok(),
            None => Some(file.retention_interval_secs.unwrap_or(3600)),
        }
        .filter(|secs| *secs >= 1)
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| ConfigError {
            setting: "STORYVAULT_RETENTION_INTERVAL_SECS",
            problem: "must be a whole number of seconds, 1 or more".into(),
        })?;
        Ok(Self {
            addr,
            journal_file,
            retention_interval,
            data_dir,
            database_url,
            key_file,
            policies_dir,
            log_format,
            trusted_proxies,
            behind_tls,
            metrics_addr,
        })
    }

    pub fn key_source(&self) -> KeySource {
        match &self.key_file {
            Some(path) => KeySource::Configured(path.clone()),
            None => KeySource::DataDir(self.data_dir.join("master.key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_put_everything_in_the_data_directory() {
        let s = settings(&[]).ok();
        assert_eq!(
            s.as_ref().map(|s| s.database_url.as_str()),
            Some("sqlite://./data/storyvault.db")
        );
        assert!(matches!(
            s.map(|s| s.key_source()),
            Some(KeySource::DataDir(_))
        ));
    }

    #[test]
    fn by_default_policies_are_built_in_and_metrics_are_not_served() {
        let s = settings(&[]).ok();
        assert!(s.as_ref().is_some_and(|s| s.policies_dir.is_none()));
        assert!(s.is_some_and(|s| s.metrics_addr.is_none()));
    }

    #[test]
    fn a_bad_metrics_address_names_the_setting() {
        let err = settings(&[("STORYVAULT_METRICS_ADDR", "everywhere")])
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("STORYVAULT_METRICS_ADDR"));
    }

    #[test]
    fn a_bad_address_names_the_setting() {
        let err = settings(&[("STORYVAULT_ADDR", "nowhere")])
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("STORYVAULT_ADDR"));
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let path = dir.path().join("c.toml");
        let _ = std::fs::write(&path, "addr = \"127.0.0.1:9000\"\nlog_format = \"json\"\n");
        let p = path.display().to_string();
        let s = settings(&[
            ("STORYVAULT_CONFIG", &p),
            ("STORYVAULT_ADDR", "127.0.0.1:9001"),
        ])
        .ok();
        assert_eq!(s.as_ref().map(|s| s.addr.port()), Some(9001));
        assert_eq!(s.map(|s| s.log_format), Some(LogFormat::Json));
    }

    #[test]
    fn the_debug_form_hides_the_database_url() {
        let s = settings(&[("STORYVAULT_DATABASE_URL", "sqlite://secret.db")]).ok();
        assert!(!format!("{s:?}").contains("secret"));
    }
}
