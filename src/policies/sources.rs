//! Where each policy file comes from: the copy built into the binary (the files under `policies/`
//! at build time), or a file of the same name in the directory `STORYVAULT_POLICIES_DIR` names.
//! A binary copied anywhere therefore starts with the shipped policies, and a privacy officer can
//! replace any one file without copying the others.

use std::path::{Path, PathBuf};

use super::PolicyError;

/// Every policy file the service reads, with its built-in text. A new policy file goes here.
pub const BUILT_IN: [(&str, &str); 5] = [
    (
        "audiences.toml",
        include_str!("../../policies/audiences.toml"),
    ),
    ("themes.toml", include_str!("../../policies/themes.toml")),
    ("rules.toml", include_str!("../../policies/rules.toml")),
    ("access.cedar", include_str!("../../policies/access.cedar")),
    (
        "access.cedarschema",
        include_str!("../../policies/access.cedarschema"),
    ),
];

/// One policy file's text and where it came from.
#[derive(Debug, Clone)]
pub struct PolicySource {
    pub name: &'static str,
    /// The file it was read from; `None` for the built-in copy.
    pub path: Option<PathBuf>,
    pub text: String,
}

impl PolicySource {
    /// How error messages and `policies show` name it.
    pub fn origin(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => format!("{} (built in)", self.name),
        }
    }

    pub fn error(&self, problem: String) -> PolicyError {
        PolicyError {
            file: PathBuf::from(self.origin()),
            problem,
        }
    }

    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, PolicyError> {
        toml::from_str(&self.text).map_err(|e| self.error(e.message().to_string()))
    }
}

/// The policy files in force, in the order of `BUILT_IN`.
#[derive(Debug, Clone)]
pub struct PolicySources(Vec<PolicySource>);

impl PolicySources {
    /// The built-in files, each replaced by its namesake in `dir`. A named directory that cannot
    /// be listed, or a file in it that cannot be read, is an error: a typo must not silently fall
    /// back to the defaults.
    pub fn new(dir: Option<&Path>) -> Result<Self, PolicyError> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(PolicyError {
                file: dir.to_path_buf(),
                problem: "is not a directory that can be read".into(),
            });
        }
        let mut sources = Vec::with_capacity(BUILT_IN.len());
        for (name, built_in) in BUILT_IN {
            let candidate = dir.map(|d| d.join(name)).filter(|p| p.exists());
            let source = match candidate {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| PolicyError {
                        file: path.clone(),
                        problem: format!("cannot be read ({})", e.kind()),
                    })?;
                    PolicySource {
                        name,
                        path: Some(path),
                        text,
                    }
                }
                None => PolicySource {
                    name,
                    path: None,
                    text: built_in.to_string(),
                },
            };
            sources.push(source);
        }
        Ok(Self(sources))
    }

    pub fn get(&self, name: &str) -> Result<&PolicySource, PolicyError> {
        self.0
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| PolicyError {
                file: PathBuf::from(name),
                problem: "is not a known policy file".into(),
            })
    }

    pub fn iter(&self) -> impl Iterator<Item = &PolicySource> {
        self.0.iter()
    }
}
