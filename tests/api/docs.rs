//! The project's documents cannot drift or point nowhere: `docs/api.md` is exactly what
//! `storyvault openapi --markdown` generates from the OpenAPI document, and every relative link in
//! README.md and docs/*.md names a file that exists.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn docs_api_md_is_the_generated_reference() {
    let output = Command::new(env!("CARGO_BIN_EXE_storyvault"))
        .args(["openapi", "--markdown"])
        .output()
        .expect("run storyvault openapi");
    assert!(output.status.success());
    let generated = String::from_utf8(output.stdout).expect("utf-8");
    let committed = std::fs::read_to_string(root().join("docs/api.md")).unwrap_or_default();

    assert!(
        generated == committed,
        "docs/api.md is out of date: run `cargo run -- openapi --markdown > docs/api.md`"
    );
}

/// The targets of Markdown links `[text](target)` that are not web addresses or anchors.
fn relative_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or("").trim();
        let external = target.contains("://") || target.starts_with("mailto:");
        if !target.is_empty() && !external {
            links.push(target.to_owned());
        }
        rest = &rest[end..];
    }
    links
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let mut documents = vec![root().join("README.md")];
    let docs = std::fs::read_dir(root().join("docs")).expect("docs/");
    documents.extend(
        docs.filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md")),
    );
    assert!(documents.len() >= 5, "README and the four documents");
    let mut broken = Vec::new();
    for document in &documents {
        let text = std::fs::read_to_string(document).expect("read document");
        let dir = document.parent().unwrap_or(Path::new("."));
        for link in relative_links(&text) {
            if !dir.join(&link).exists() {
                broken.push(format!("{}: {link}", document.display()));
            }
        }
        assert!(
            !text.contains("../shared"),
            "{} points outside the project",
            document.display()
        );
    }
    assert!(broken.is_empty(), "links to nothing: {broken:#?}");
}

#[test]
fn the_link_finder_sees_relative_links_and_skips_web_addresses() {
    let links = relative_links("[a](docs/x.md#part) [b](https://e.org) [c](#top) [d](../y.md)");
    assert_eq!(links, ["docs/x.md", "../y.md"]);
}
