//! `storyvault policies show` and `storyvault policies check DIR`: what a privacy officer reviews
//! before a deployment, without starting the service or touching a database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::policies::{Policies, PolicySources};

#[derive(Subcommand)]
pub enum PoliciesCommand {
    /// Print the policy files in force (the built-in ones, or those in STORYVAULT_POLICIES_DIR),
    /// each headed by where it came from, after checking them.
    Show {
        /// The policy directory [default: STORYVAULT_POLICIES_DIR, else the built-in policies]
        #[arg(long, env = "STORYVAULT_POLICIES_DIR", value_name = "DIR")]
        policies_dir: Option<PathBuf>,
    },
    /// Check the policy files in DIR (files missing from it fall back to the built-in ones);
    /// exits non-zero naming the file and the problem.
    Check { dir: PathBuf },
}

pub fn run(command: PoliciesCommand) -> ExitCode {
    match command {
        PoliciesCommand::Show { policies_dir } => show(policies_dir.as_deref()),
        PoliciesCommand::Check { dir } => check(&dir),
    }
}

fn load(dir: Option<&Path>) -> Result<PolicySources, String> {
    let sources = PolicySources::new(dir).map_err(|e| e.to_string())?;
    Policies::from_sources(&sources).map_err(|e| e.to_string())?;
    Ok(sources)
}

/// Policy texts are public documents (no personal data), so printing them is this command's job.
fn show(dir: Option<&Path>) -> ExitCode {
    let sources = match load(dir) {
        Ok(sources) => sources,
        Err(message) => return fail(&message),
    };
    let mut out = std::io::stdout().lock();
    for source in sources.iter() {
        let written = writeln!(
            out,
            "# ===== {} =====\n{}\n",
            source.origin(),
            source.text.trim_end()
        );
        if written.is_err() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn check(dir: &Path) -> ExitCode {
    let sources = match load(Some(dir)) {
        Ok(sources) => sources,
        Err(message) => return fail(&message),
    };
    let mut out = std::io::stdout().lock();
    for source in sources.iter() {
        if writeln!(out, "ok: {}", source.origin()).is_err() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("storyvault: {message}");
    ExitCode::FAILURE
}
