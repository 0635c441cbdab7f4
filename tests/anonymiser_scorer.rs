//! Regression guard for the anonymiser: runs the shared scorer on the development corpus through
//! the real `storyvault anonymise` command and fails below recall 0.95 or precision 0.85.
//!
//! The scorer and corpus live in `../shared/anonymisation/` beside the repository (as in CI).

use std::path::Path;
use std::process::Command;

const MIN_RECALL: f64 = 0.95;
const MIN_PRECISION: f64 = 0.85;

#[test]
fn the_anonymiser_scores_above_the_floor_on_the_development_corpus() {
    let root = env!("CARGO_MANIFEST_DIR");
    let scorer = Path::new(root).join("../shared/anonymisation/score.py");
    assert!(
        scorer.is_file(),
        "{} is missing: this test needs the shared anonymisation corpus checked out beside the \
         repository (../shared/anonymisation/score.py and dev.jsonl)",
        scorer.display()
    );
    let output = Command::new("python3")
        .current_dir(root)
        .args([
            "../shared/anonymisation/score.py",
            "../shared/anonymisation/dev.jsonl",
            "--",
            env!("CARGO_BIN_EXE_storyvault"),
            "anonymise",
        ])
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => panic!("could not run python3 for the scorer: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "scorer failed: {}\n{}",
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'));
    let summary: serde_json::Value = match last.map(serde_json::from_str) {
        Some(Ok(v)) => v,
        _ => panic!("no JSON summary line in the scorer's output:\n{stdout}"),
    };
    let recall = summary["recall"].as_f64().unwrap_or(0.0);
    let precision = summary["precision"].as_f64().unwrap_or(0.0);
    assert!(
        recall >= MIN_RECALL && precision >= MIN_PRECISION,
        "recall {recall} (min {MIN_RECALL}), precision {precision} (min {MIN_PRECISION})\n{stdout}"
    );
}
