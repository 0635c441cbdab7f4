//! The command line: `serve`, `create-admin`, `anonymise`, `backup`, `restore`, `copy-data`,
//! `rotate-key`, `reseal`, `verify-receipt`, `retention --now`, `policies` and `openapi`.

mod policies_cmd;
mod serve_args;

use std::io::BufRead;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::Settings;
use crate::error::AppError;
use crate::startup::{Application, open_service};
use crate::store::{Store, TableCounts};
use crate::vault::{DerivedKey, MasterKeys, Purpose};

#[derive(Parser)]
#[command(
    name = "storyvault",
    version,
    about = "Stories of young people in youth care, encrypted and shared only with consent"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once at start; the size of the `serve` settings does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service.
    Serve(serve_args::ServeArgs),
    /// Create an admin account; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
    },
    /// JSONL {"id","text"} on stdin to {"id","spans":[...]} on stdout (the anonymiser alone).
    Anonymise,
    /// Re-wrap every participant key to a new master identity (content is not re-encrypted).
    /// Safe to interrupt and rerun.
    RotateKey {
        /// The new age identity file.
        #[arg(long)]
        new_key_file: std::path::PathBuf,
    },
    /// Rewrite values sealed the old way (X25519 stanzas) in the current format (the data-key
    /// stanza), in place, while the service runs. Safe to interrupt and rerun.
    Reseal,
    /// Write a consistent backup of the configured database to FILE (new, mode 0600); safe while
    /// the service runs. The backup holds ciphertext only; the master key is not in it, but a
    /// key derived from it authenticates the whole file.
    Backup { file: std::path::PathBuf },
    /// Load a backup into the configured database, which must be empty. A file that fails its
    /// authentication check (changed, cut short, or of the unauthenticated format 1) is refused.
    /// Erasures and withdrawals in the journal are applied again before it returns.
    Restore { file: std::path::PathBuf },
    /// Enforce the retention rules of `policies/rules.toml` once (the service also does so on
    /// its own, every STORYVAULT_RETENTION_INTERVAL_SECS). Prints counts only.
    Retention {
        /// Run now (the only mode; required so that it is never run by accident).
        #[arg(long, required = true)]
        now: bool,
    },
    /// Copy everything from the configured database into an empty one (e.g. PostgreSQL); the
    /// same master key opens the copy. Stop the service first: later writes are not carried.
    CopyData {
        #[arg(long)]
        to: String,
    },
    /// Check a consent receipt (JSON, as returned by the API) against the published key, offline.
    /// Exits 0 when it verifies, 1 with a message when it does not.
    VerifyReceipt {
        file: std::path::PathBuf,
        /// A file holding the key: the JSON of `GET /api/v1/receipt-key`, or its base64 alone.
        #[arg(long, conflicts_with = "key_b64")]
        key: Option<std::path::PathBuf>,
        /// The key itself, standard base64 of 32 bytes.
        #[arg(long)]
        key_b64: Option<String>,
    },
    /// Benchmark data: N published excerpts with real keys and sealing (benches/feed.rs).
    #[command(hide = true)]
    SeedBench {
        #[arg(long)]
        excerpts: usize,
        #[arg(long, default_value_t = 32)]
        readers: usize,
    },
    /// Benchmark: the crypto cost of feed pages alone, as one JSON line (benches/feed.rs).
    #[command(hide = true)]
    BenchCrypto {
        #[arg(long, default_value_t = 200)]
        pages: usize,
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// Show or check the policy files (audiences and consent texts, themes, rules).
    Policies {
        #[command(subcommand)]
        command: policies_cmd::PoliciesCommand,
    },
    /// Print the OpenAPI document (JSON), or with --markdown the API reference in docs/api.md.
    Openapi {
        #[arg(long)]
        markdown: bool,
    },
}

pub async fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Anonymise => anonymise(),
        Command::Policies { command } => policies_cmd::run(command),
        Command::Openapi { markdown } => openapi(markdown),
        Command::Serve(_) => {
            let Some(serve_matches) = matches.subcommand_matches("serve") else {
                return fail("no serve arguments");
            };
            match serve_args::settings_from(serve_matches) {
                Ok(settings) => {
                    crate::telemetry::init(settings.log_format);
                    match serve(settings).await {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(message) => fail(&message),
                    }
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Command::CreateAdmin { username } => with_settings(|s| create_admin(s, username)).await,
        Command::RotateKey { new_key_file } => with_settings(|s| rotate_key(s, new_key_file)).await,
        Command::Reseal => with_settings(reseal).await,
        Command::Backup { file } => with_settings(|s| backup(s, file)).await,
        Command::Restore { file } => with_settings(|s| restore(s, file)).await,
        Command::CopyData { to } => with_settings(|s| copy_data(s, to)).await,
        Command::VerifyReceipt { file, key, key_b64 } => {
            verify_receipt(file, key.as_deref(), key_b64.as_deref()).await
        }
        Command::SeedBench { excerpts, readers } => {
            with_settings(|s| crate::bench_cli::seed_bench(s, excerpts, readers)).await
        }
        Command::BenchCrypto { pages, threads } => {
            with_settings(|s| crate::bench_cli::bench_crypto(s, pages, threads)).await
        }
        Command::Retention { .. } => with_settings(retention_now).await,
    }
}

/// `verify-receipt FILE`: against the key named with `--key`/`--key-b64`, or, with neither, the
/// public key of the installation this command is configured for (the one the service publishes
/// at `GET /api/v1/receipt-key`). That form needs the installation's master key and never creates
/// one; anyone else names the published key.
async fn verify_receipt(
    file: std::path::PathBuf,
    key: Option<&std::path::Path>,
    key_b64: Option<&str>,
) -> ExitCode {
    let public = match crate::receipt::given_key(key, key_b64) {
        Ok(Some(public)) => Ok(public),
        Ok(None) => installation_receipt_key().await,
        Err(message) => Err(message),
    };
    match public.and_then(|public| crate::receipt::verify_file(&file, &public)) {
        Ok(()) => {
            eprintln!("verify-receipt: the receipt verifies: signed with this key, unaltered");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("storyvault: verify-receipt: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The public receipt key of the configured installation, base64.
async fn installation_receipt_key() -> Result<String, String> {
    let no_installation = "no key given and no installation configured here: give the published \
                           key with --key FILE (from GET /api/v1/receipt-key) or --key-b64 KEY";
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let master = master_keys(&settings).map_err(|_| no_installation.to_string())?;
    let store = connect_configured(&settings).await?;
    let sealed = store.receipt_key().await;
    store.close().await;
    let sealed = sealed
        .map_err(|e| format!("database: {e}"))?
        .ok_or_else(|| no_installation.to_string())?;
    let key = crate::vault::ReceiptKey::open(&master, &sealed)
        .map_err(|_| "the master key does not open this installation's receipt key".to_string())?;
    Ok(key.public_key_b64())
}

async fn with_settings<F, Fut>(run: F) -> ExitCode
where
    F: FnOnce(Settings) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    crate::telemetry::init(settings.log_format);
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    tracing::error!(problem = %message, "storyvault stopped");
    eprintln!("storyvault: {message}");
    ExitCode::FAILURE
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(&settings)
        .await
        .map_err(|e| e.to_string())?;
    app.run().await.map_err(|e| format!("server: {e}"))
}

async fn create_admin(settings: Settings, username: String) -> Result<(), String> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| format!("reading the password: {}", e.kind()))?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    let service = open_service(&settings).await.map_err(|e| e.to_string())?;
    let result = service
        .create_account(None, username, password, "admin".into())
        .await;
    service.store().close().await;
    match result {
        Ok(account) => {
            tracing::info!(account_id = %account.id, "admin account created");
            Ok(())
        }
        Err(AppError::Validation(problems)) => Err(format!(
            "invalid input: {}",
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.code))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(AppError::Conflict { message, .. }) => Err(message.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

async fn retention_now(settings: Settings) -> Result<(), String> {
    let service = open_service(&settings).await.map_err(|e| e.to_string())?;
    let result = service.enforce_retention().await;
    service.store().close().await;
    let counts = result.map_err(|e| e.to_string())?;
    eprintln!(
        "retention: {} participants erased, {} ledger entries and {} lapsed consents removed, \
         {} access-log entries removed",
        counts.participants_erased,
        counts.ledger_entries_removed,
        counts.lapsed_consents_removed,
        counts.access_entries_removed
    );
    Ok(())
}

async fn rotate_key(settings: Settings, new_key_file: std::path::PathBuf) -> Result<(), String> {
    let report = crate::rotation::rotate_master_key(&settings, &new_key_file, |done, total| {
        eprintln!("rotate-key: {done}/{total} participant keys checked");
    })
    .await
    .map_err(|e| e.to_string())?;
    eprintln!(
        "rotate-key: done; {} re-wrapped, {} already on the new key, {} erased meanwhile",
        report.rewrapped, report.already_new, report.vanished
    );
    let entries = reauthenticate_journal(&settings, &new_key_file)?;
    eprintln!("rotate-key: {entries} erasure journal entries now under the new key");
    Ok(())
}

/// The journal's entries are authenticated under a key derived from the master key: move them to
/// the new one, so that the journal still verifies once the old key is gone.
fn reauthenticate_journal(
    settings: &Settings,
    new_key_file: &std::path::Path,
) -> Result<usize, String> {
    let both = MasterKeys::load(new_key_file)
        .map_err(|e| format!("new key: {e}"))?
        .followed_by(master_keys(settings)?);
    crate::journal::Journal::new(settings.journal_file.clone(), &both)
        .and_then(|journal| journal.reauthenticate())
        .map_err(|e| e.to_string())
}

async fn reseal(settings: Settings) -> Result<(), String> {
    let report = crate::reseal::reseal_all(&settings, |done, total| {
        eprintln!("reseal: {done}/{total} participants checked");
    })
    .await
    .map_err(|e| e.to_string())?;
    eprintln!(
        "reseal: done; {} resealed, {} already in the new format, {} changed or erased meanwhile",
        report.resealed, report.already_new, report.vanished
    );
    Ok(())
}

async fn backup(settings: Settings, file: std::path::PathBuf) -> Result<(), String> {
    let key = master_keys(&settings)?
        .derived_key(Purpose::Backup)
        .map_err(|e| format!("master key: {e}"))?;
    let store = connect_configured(&settings).await?;
    let result = backup_into(&store, &file, &key).await;
    store.close().await;
    report("backup", &result?);
    Ok(())
}

/// A failed backup leaves no file behind, so a partial one is never mistaken for a good one.
async fn backup_into(
    store: &Store,
    path: &std::path::Path,
    key: &DerivedKey,
) -> Result<TableCounts, String> {
    refuse_empty_source(store).await?;
    let file = create_private_file(path)?;
    let result = write_backup(store, file, key).await;
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    // Best effort: make the new directory entry durable too (not every file system allows it).
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    result
}

async fn write_backup(
    store: &Store,
    file: std::fs::File,
    key: &DerivedKey,
) -> Result<TableCounts, String> {
    let mut writer = std::io::BufWriter::new(file);
    let counts = store
        .export_to(&mut writer, key)
        .await
        .map_err(|e| e.to_string())?;
    let file = writer
        .into_inner()
        .map_err(|e| format!("writing the backup: {}", e.error().kind()))?;
    file.sync_all()
        .map_err(|e| format!("writing the backup: {}", e.kind()))?;
    Ok(counts)
}

/// The backup holds ciphertext only, but still nobody else needs to read it: owner-only.
fn create_private_file(path: &std::path::Path) -> Result<std::fs::File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|e| format!("backup file {}: {}", path.display(), e.kind()))
}

async fn restore(settings: Settings, file: std::path::PathBuf) -> Result<(), String> {
    let master = master_keys(&settings)?;
    let keys = master.derived_keys(Purpose::Backup);
    let open = || {
        std::fs::File::open(&file)
            .map(std::io::BufReader::new)
            .map_err(|e| format!("backup file {}: {}", file.display(), e.kind()))
    };
    // First the whole file, before the database is touched; the import checks again.
    crate::store::verify_backup(open()?, &keys).map_err(|e| e.to_string())?;
    let journal = crate::journal::Journal::new(settings.journal_file.clone(), &master)
        .map_err(|e| e.to_string())?;
    let store = connect_configured(&settings).await?;
    let result = restore_and_reapply(&store, &journal, open()?, &keys).await;
    store.close().await;
    report("restore", &result?);
    Ok(())
}

/// The journal is read before the import (a bad journal refuses the restore without a change)
/// and applied right after it; the service applies it again on start.
async fn restore_and_reapply(
    store: &Store,
    journal: &crate::journal::Journal,
    input: impl std::io::BufRead,
    keys: &[DerivedKey],
) -> Result<TableCounts, String> {
    journal.read().map_err(|e| e.to_string())?;
    let counts = store
        .import_from(input, keys)
        .await
        .map_err(|e| e.to_string())?;
    crate::startup::apply_journal(store, journal)
        .await
        .map_err(|e| e.to_string())?;
    Ok(counts)
}

/// The master keys, for the commands that move data without opening it: backups are
/// authenticated with a key derived from them. Never creates a key.
fn master_keys(settings: &Settings) -> Result<MasterKeys, String> {
    let path = match settings.key_source() {
        crate::vault::KeySource::Configured(path) | crate::vault::KeySource::DataDir(path) => path,
    };
    MasterKeys::load(&path).map_err(|e| format!("master key: {e}"))
}

async fn copy_data(settings: Settings, to: String) -> Result<(), String> {
    if to == settings.database_url {
        return Err("--to names the configured database itself".into());
    }
    let master = master_keys(&settings)?;
    let source = connect_configured(&settings).await?;
    let target = match Store::connect(&to).await {
        Ok(target) => target,
        Err(e) => {
            source.close().await;
            return Err(format!("target database: {e}"));
        }
    };
    let result = copy_between(&source, &target, &master).await;
    source.close().await;
    target.close().await;
    report("copy-data", &result?);
    Ok(())
}

/// Through memory: the embedded database is small, and the dump is ciphertext only, so nothing
/// readable touches a temp file.
async fn copy_between(
    source: &Store,
    target: &Store,
    master: &MasterKeys,
) -> Result<TableCounts, String> {
    refuse_empty_source(source).await?;
    let key = master
        .derived_key(Purpose::Backup)
        .map_err(|e| format!("master key: {e}"))?;
    let mut dump = Vec::new();
    source
        .export_to(&mut dump, &key)
        .await
        .map_err(|e| format!("reading the source: {e}"))?;
    target
        .import_from(dump.as_slice(), &[key])
        .await
        .map_err(|e| format!("writing the target: {e}"))
}

/// Opens the configured database without the master key: these commands move ciphertext only.
/// Like `open_service`, first creates a missing data directory owner-only.
async fn connect_configured(settings: &Settings) -> Result<Store, String> {
    if !settings.data_dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&settings.data_dir)
            .map_err(|e| format!("data directory: cannot be created ({})", e.kind()))?;
    }
    Store::connect(&settings.database_url)
        .await
        .map_err(|e| format!("database: {e}"))
}

/// An empty source is almost always a wrong URL or data directory, not a wish to copy nothing.
async fn refuse_empty_source(store: &Store) -> Result<(), String> {
    match store.holds_data().await {
        Ok(true) => Ok(()),
        Ok(false) => Err(
            "the configured database holds no data (check STORYVAULT_DATABASE_URL \
                          and STORYVAULT_DATA_DIR)"
                .into(),
        ),
        Err(e) => Err(format!("database: {e}")),
    }
}

/// Counts only: row contents never reach the terminal.
fn report(command: &str, counts: &TableCounts) {
    for (table, rows) in counts {
        eprintln!("{command}: {table}: {rows} rows");
    }
    let total: u64 = counts.iter().map(|(_, rows)| rows).sum();
    eprintln!("{command}: done, {total} rows");
}

/// The API document holds no personal data: printing it is this command's job.
fn openapi(markdown: bool) -> ExitCode {
    use std::io::Write;
    let text = if markdown {
        crate::http::api_markdown()
    } else {
        crate::http::openapi_json()
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn anonymise() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    match crate::anonymise::cli::run(stdin.lock(), stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("storyvault anonymise: {}", e.kind());
            ExitCode::FAILURE
        }
    }
}
