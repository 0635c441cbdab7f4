//! The binary stands on its own: it carries its policies, so it serves from any directory;
//! `policies show` and `policies check` work without a database; `serve --help` names every
//! setting with its environment variable and default (issue 12).

use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::{TestApp, expect_status};

fn storyvault(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyvault"))
        .args(args)
        .current_dir(cwd)
        .env_remove("STORYVAULT_POLICIES_DIR")
        .env_remove("STORYVAULT_CONFIG")
        .output()
        .expect("run storyvault")
}

fn shipped(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .join(name),
    )
    .expect("shipped policy file")
}

#[test]
fn the_service_serves_from_a_directory_without_policies_on_the_built_in_ones() {
    // Arrange: the working directory is a fresh temp dir; no policy directory is configured
    let app = TestApp::spawn_without_env(&["STORYVAULT_POLICIES_DIR"]);
    assert!(!app.root_dir().join("policies").exists());

    // Act
    let themes = expect_status(app.get("/api/v1/themes", &app.admin_token), 200);
    let audiences = expect_status(app.get("/api/v1/audiences", &app.admin_token), 200);

    // Assert
    assert!(themes.to_string().contains("pleegzorg"), "{themes}");
    assert_eq!(
        audiences["items"].as_array().map(Vec::len),
        Some(3),
        "{audiences}"
    );
}

#[test]
fn a_file_in_the_policy_directory_replaces_its_default_and_a_bad_one_stops_start_up() {
    // Arrange: a directory with only audiences.toml, its peers consent text at version 7
    let dir = tempfile::tempdir().unwrap();
    let audiences = shipped("audiences.toml").replacen("version = 1", "version = 7", 1);
    std::fs::write(dir.path().join("audiences.toml"), audiences).unwrap();
    let dir_text = dir.path().to_str().unwrap();

    // Act
    let app = TestApp::spawn_with_env(&[("STORYVAULT_POLICIES_DIR", dir_text)]);
    let served = expect_status(app.get("/api/v1/audiences", &app.admin_token), 200);

    // Assert: the replaced file is in force, the others are the built-in ones
    assert!(served.to_string().contains("\"version\":7"), "{served}");
    expect_status(app.get("/api/v1/themes", &app.admin_token), 200);

    // And a broken file stops the next start, naming the file
    let mut app = app;
    app.stop();
    std::fs::write(dir.path().join("themes.toml"), "[[theme]\n").unwrap();
    let failure = app.start().expect_err("a bad policy file stops start-up");
    assert!(!failure.status.success());
    let said = failure.output.join("\n");
    assert!(said.contains(&format!("{dir_text}/themes.toml")), "{said}");
}

#[test]
fn policies_check_accepts_a_good_directory_and_names_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), shipped("rules.toml")).unwrap();
    let dir_text = dir.path().to_str().unwrap();

    let good = storyvault(&["policies", "check", dir_text], dir.path());
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let report = String::from_utf8_lossy(&good.stdout);
    assert!(
        report.contains(&format!("ok: {dir_text}/rules.toml")),
        "{report}"
    );
    assert!(report.contains("ok: themes.toml (built in)"), "{report}");

    std::fs::write(
        dir.path().join("rules.toml"),
        shipped("rules.toml").replace("max_failures = ", "max_failures = -"),
    )
    .unwrap();
    let broken = storyvault(&["policies", "check", dir_text], dir.path());
    assert!(!broken.status.success());
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(said.contains(&format!("{dir_text}/rules.toml")), "{said}");
    assert!(said.contains("login.max_failures"), "{said}");

    let missing = storyvault(&["policies", "check", "/nonexistent/policies"], dir.path());
    assert!(!missing.status.success());
}

#[test]
fn policies_show_prints_the_built_in_policies_in_force() {
    let cwd = tempfile::tempdir().unwrap();

    let shown = storyvault(&["policies", "show"], cwd.path());

    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let text = String::from_utf8_lossy(&shown.stdout);
    for name in ["audiences.toml", "themes.toml", "rules.toml"] {
        assert!(
            text.contains(&format!("# ===== {name} (built in) =====")),
            "{text}"
        );
        let first_rule = shipped(name)
            .lines()
            .find(|l| l.starts_with("[[") || l.starts_with('['))
            .unwrap()
            .to_owned();
        assert!(text.contains(&first_rule), "{name}: {first_rule}");
    }
}

#[test]
fn serve_help_lists_every_setting_with_its_variable_and_default() {
    let cwd = tempfile::tempdir().unwrap();

    let help = storyvault(&["serve", "--help"], cwd.path());

    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for (variable, default) in [
        ("STORYVAULT_CONFIG", "none"),
        ("STORYVAULT_ADDR", "127.0.0.1:8080"),
        ("STORYVAULT_DATA_DIR", "./data"),
        ("STORYVAULT_DATABASE_URL", "sqlite://DATA_DIR/storyvault.db"),
        ("STORYVAULT_KEY_FILE", "DATA_DIR/master.key"),
        (
            "STORYVAULT_POLICIES_DIR",
            "the policies built into the binary",
        ),
        ("STORYVAULT_LOG_FORMAT", "text"),
        ("STORYVAULT_METRICS_ADDR", "off"),
        ("RUST_LOG", "info"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(variable))
            .unwrap_or_else(|| panic!("{variable} is not in:\n{text}"));
        assert!(line.contains(&format!("[default: {default}")), "{line}");
    }
}

/// Runs `serve` with a config file that sets a bad address; it must stop before listening.
fn serve_refused(args: &[&str], vars: &[(&str, &str)]) -> String {
    let cwd = tempfile::tempdir().unwrap();
    let config = cwd.path().join("storyvault.toml");
    std::fs::write(&config, "addr = \"nowhere\"\n").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_storyvault"));
    command
        .arg("serve")
        .args(args)
        .current_dir(cwd.path())
        .env_remove("STORYVAULT_ADDR")
        .env_remove("STORYVAULT_LOG_FORMAT")
        .env("STORYVAULT_CONFIG", &config)
        .env("STORYVAULT_DATA_DIR", cwd.path().join("data"));
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().expect("run");
    assert!(!output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_config_file_wins_over_a_default_and_a_flag_wins_over_the_file() {
    // The address is checked first: the file's bad one is refused over clap's default...
    let from_file = serve_refused(&[], &[]);
    assert!(from_file.contains("STORYVAULT_ADDR"), "{from_file}");

    // ...and a good one on the command line replaces it, so the next setting is the one refused.
    let from_flag = serve_refused(
        &["--addr", "127.0.0.1:0"],
        &[("STORYVAULT_LOG_FORMAT", "yaml")],
    );
    assert!(from_flag.contains("STORYVAULT_LOG_FORMAT"), "{from_flag}");
    assert!(!from_flag.contains("STORYVAULT_ADDR"), "{from_flag}");
}
