//! The settings of `serve` as clap arguments, so that `storyvault serve --help` lists each one with
//! its environment variable and default. Values are not decided here: an argument given on the
//! command line or in the environment is handed to `Settings::from_lookup`, which layers it over
//! the config file and the defaults (`config.rs`), exactly as for the other commands.

use clap::parser::ValueSource;
use clap::{ArgMatches, Args};

use crate::config::{ConfigError, DEFAULT_ADDR, DEFAULT_DATA_DIR, DEFAULT_LOG_FORMAT, Settings};

/// Shown under the settings: the one variable that is not a flag.
pub const AFTER_HELP: &str = "Also read from the environment: RUST_LOG, the log filter \
    (e.g. info or storyvault=debug) [default: info].\n\
    A flag wins over its environment variable, which wins over the config file.";

#[derive(Args, Debug)]
#[command(next_help_heading = "Settings", after_help = AFTER_HELP)]
pub struct ServeArgs {
    /// TOML file with any of these settings, named in lowercase without the prefix (addr,
    /// data_dir, …) [default: none]
    #[arg(long, env = "STORYVAULT_CONFIG", value_name = "FILE")]
    config: Option<String>,
    /// Listen address of the service
    #[arg(long, env = "STORYVAULT_ADDR", default_value = DEFAULT_ADDR, value_name = "ADDR:PORT")]
    addr: String,
    /// Directory of the embedded SQLite database (and of a first-run master key)
    #[arg(long, env = "STORYVAULT_DATA_DIR", default_value = DEFAULT_DATA_DIR, value_name = "DIR")]
    data_dir: String,
    /// The database: sqlite://FILE or postgres://user:pass@host:5432/db
    /// [default: sqlite://DATA_DIR/storyvault.db]
    #[arg(
        long,
        env = "STORYVAULT_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// The master age identity file; in production a secret kept apart from the database
    /// [default: DATA_DIR/master.key, created on the first start of an empty installation]
    #[arg(long, env = "STORYVAULT_KEY_FILE", value_name = "FILE")]
    key_file: Option<String>,
    /// Directory whose audiences.toml, themes.toml and rules.toml replace the built-in ones
    /// [default: the policies built into the binary]
    #[arg(long, env = "STORYVAULT_POLICIES_DIR", value_name = "DIR")]
    policies_dir: Option<String>,
    /// Log format on stdout: text or json
    #[arg(long, env = "STORYVAULT_LOG_FORMAT", default_value = DEFAULT_LOG_FORMAT, value_name = "FORMAT")]
    log_format: String,
    /// Separate listen address for Prometheus /metrics (never served on the public port)
    /// [default: off]
    #[arg(long, env = "STORYVAULT_METRICS_ADDR", value_name = "ADDR:PORT")]
    metrics_addr: Option<String>,
    /// The erasure and withdrawal journal, kept outside the database and its backups; restore
    /// and start-up apply it again [default: DATA_DIR/erasure.journal]
    #[arg(long, env = "STORYVAULT_JOURNAL_FILE", value_name = "FILE")]
    journal_file: Option<String>,
    /// Reverse proxies whose X-Forwarded-For is believed, comma-separated addresses; the client
    /// is then the right-most address they did not add [default: none, the peer is the client]
    #[arg(long, env = "STORYVAULT_TRUSTED_PROXIES", value_name = "ADDRS")]
    trusted_proxies: Option<String>,
    /// Set to true behind a TLS-terminating proxy: web cookies then carry Secure
    /// [default: false]
    #[arg(long, env = "STORYVAULT_BEHIND_TLS", value_name = "BOOL")]
    behind_tls: Option<String>,
    /// How often the service enforces the retention rules of rules.toml, in seconds
    /// [default: 3600]
    #[arg(
        long,
        env = "STORYVAULT_RETENTION_INTERVAL_SECS",
        value_name = "SECONDS"
    )]
    retention_interval_secs: Option<String>,
}

/// Argument ids and the environment variable each one stands for.
const VARIABLES: [(&str, &str); 12] = [
    ("config", "STORYVAULT_CONFIG"),
    ("addr", "STORYVAULT_ADDR"),
    ("data_dir", "STORYVAULT_DATA_DIR"),
    ("database_url", "STORYVAULT_DATABASE_URL"),
    ("key_file", "STORYVAULT_KEY_FILE"),
    ("policies_dir", "STORYVAULT_POLICIES_DIR"),
    ("log_format", "STORYVAULT_LOG_FORMAT"),
    ("metrics_addr", "STORYVAULT_METRICS_ADDR"),
    ("journal_file", "STORYVAULT_JOURNAL_FILE"),
    ("trusted_proxies", "STORYVAULT_TRUSTED_PROXIES"),
    ("behind_tls", "STORYVAULT_BEHIND_TLS"),
    (
        "retention_interval_secs",
        "STORYVAULT_RETENTION_INTERVAL_SECS",
    ),
];

/// The settings, from what was given explicitly (flag or environment) over the config file and
/// the defaults. A clap default is not "given": the config file may still set that value.
pub fn settings_from(matches: &ArgMatches) -> Result<Settings, ConfigError> {
    let explicit = |variable: &str| -> Option<String> {
        let (id, _) = VARIABLES.iter().find(|(_, v)| *v == variable)?;
        match matches.value_source(id) {
            Some(ValueSource::CommandLine | ValueSource::EnvVariable) => matches
                .get_one::<String>(id)
                .filter(|v| !v.is_empty())
                .cloned(),
            _ => None,
        }
    };
    Settings::from_lookup(explicit)
}
