//! The master age identity: read from a key file kept apart from the database, or generated in the
//! data directory on the very first start of an empty installation (a convenience for one machine).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::ExposeSecret;

use super::data_key::DataKey;
use super::{DerivedKey, Opened, Purpose, SealContext, Sealed, VaultError, encrypt, open_sealed};

const DATA_KEY_PURPOSE: &str = "storyvault master data key v1";

/// Where the master key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// `STORYVAULT_KEY_FILE`: must exist; never created by the service.
    Configured(PathBuf),
    /// No key file configured: `master.key` in the data directory, created on the first start of
    /// an empty installation only.
    DataDir(PathBuf),
}

/// One or more master identities. The first seals; all are tried when opening, so a key file can
/// hold the new and the old identity while participant keys are re-wrapped.
///
/// Values are sealed through the data-key stanza under a key derived from the identity (opening a
/// participant key then costs microseconds, not a scalar multiplication); values sealed to the
/// X25519 identity itself, as before, still open.
pub struct MasterKeys {
    identities: Vec<age::x25519::Identity>,
    /// One per identity, same order.
    data_keys: Vec<DataKey>,
}

impl MasterKeys {
    fn new(identities: Vec<age::x25519::Identity>) -> Self {
        let data_keys = identities
            .iter()
            .map(|i| DataKey::derive(i.to_string().expose_secret().as_bytes(), DATA_KEY_PURPOSE))
            .collect();
        Self {
            identities,
            data_keys,
        }
    }

    pub fn seal(&self, ctx: SealContext, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let primary = self.data_keys.first().ok_or(VaultError::Encrypt)?;
        let header = ctx.header();
        encrypt(
            &[&primary.recipient(header.as_bytes())],
            &ctx.wrap(plaintext),
        )
        .map(Sealed)
    }

    pub fn open(&self, ctx: SealContext, sealed: &Sealed) -> Result<Opened, VaultError> {
        let header = ctx.header();
        let bound: Vec<_> = self
            .data_keys
            .iter()
            .map(|k| k.recipient(header.as_bytes()))
            .collect();
        let legacy = self.identities.iter().map(|i| i as &dyn age::Identity);
        open_sealed(&bound, legacy, ctx, sealed.as_bytes())
    }

    /// Seals to the first X25519 identity, as values were sealed before the data-key stanza; for
    /// tests of old installations.
    #[doc(hidden)]
    pub fn seal_legacy(&self, ctx: SealContext, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let primary = self.identities.first().ok_or(VaultError::Encrypt)?;
        encrypt(&[&primary.to_public()], &ctx.wrap(plaintext)).map(Sealed)
    }

    pub fn open_string(&self, ctx: SealContext, sealed: &Sealed) -> Result<String, VaultError> {
        let bytes = self.open(ctx, sealed)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| VaultError::NotUtf8)
    }

    /// The key for `purpose` derived from the first identity: what new backups and journal
    /// entries are authenticated with.
    pub fn derived_key(&self, purpose: Purpose) -> Result<DerivedKey, VaultError> {
        let primary = self.identities.first().ok_or(VaultError::Encrypt)?;
        Ok(DerivedKey::derive(primary, purpose))
    }

    /// The keys for `purpose` of every identity, first one first: what is accepted when checking,
    /// so that while a key file holds the new and the old identity both still verify.
    pub fn derived_keys(&self, purpose: Purpose) -> Vec<DerivedKey> {
        self.identities
            .iter()
            .map(|i| DerivedKey::derive(i, purpose))
            .collect()
    }

    /// Parses an age identity file: `AGE-SECRET-KEY-1…` lines; `#` comments and blank lines skipped.
    pub fn parse(text: &str, path: &Path) -> Result<Self, VaultError> {
        let problem = |p: &str| VaultError::KeyFile {
            path: path.display().to_string(),
            problem: p.to_string(),
        };
        let mut identities = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let identity = age::x25519::Identity::from_str(line)
                .map_err(|_| problem("not an age X25519 identity file"))?;
            identities.push(identity);
        }
        if identities.is_empty() {
            return Err(problem("holds no identity"));
        }
        Ok(Self::new(identities))
    }

    pub fn load(path: &Path) -> Result<Self, VaultError> {
        let text = std::fs::read_to_string(path).map_err(|e| VaultError::KeyFile {
            path: path.display().to_string(),
            problem: format!("cannot be read ({})", e.kind()),
        })?;
        Self::parse(&text, path)
    }

    /// The identities of `self` followed by those of `other`: seals with `self`'s first, opens
    /// with any. Used while rotating from `other` to `self`.
    pub fn followed_by(mut self, other: MasterKeys) -> Self {
        self.identities.extend(other.identities);
        self.data_keys.extend(other.data_keys);
        self
    }

    #[cfg(test)]
    pub fn generate_for_tests() -> Self {
        Self::new(vec![age::x25519::Identity::generate()])
    }
}

/// Loads the master keys, creating a key file only for an empty installation without a configured
/// key. With data present and the key missing, this fails and writes nothing.
///
/// Returns the keys and whether a new key was generated (the caller logs a warning).
pub fn load_or_create_master_keys(
    source: &KeySource,
    data_present: bool,
) -> Result<(MasterKeys, bool), VaultError> {
    match source {
        KeySource::Configured(path) => Ok((MasterKeys::load(path)?, false)),
        KeySource::DataDir(path) if path.exists() => Ok((MasterKeys::load(path)?, false)),
        KeySource::DataDir(path) if data_present => Err(VaultError::KeyFile {
            path: path.display().to_string(),
            problem: "is missing while the database holds data; refusing to start (a new key could not open it)"
                .to_string(),
        }),
        KeySource::DataDir(path) => {
            let identity = age::x25519::Identity::generate();
            write_new_key_file(path, &identity)?;
            Ok((MasterKeys::new(vec![identity]), true))
        }
    }
}

/// Writes a new key file with mode 0600; `create_new` makes sure no existing key is overwritten.
fn write_new_key_file(path: &Path, identity: &age::x25519::Identity) -> Result<(), VaultError> {
    let fail = |what: &str, e: std::io::Error| VaultError::KeyFile {
        path: path.display().to_string(),
        problem: format!("{what} ({})", e.kind()),
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| fail("cannot be created", e))?;
    let contents = format!(
        "# storyvault master key, generated on first start.\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    );
    file.write_all(contents.as_bytes())
        .map_err(|e| fail("cannot be written", e))?;
    file.sync_all().map_err(|e| fail("cannot be synced", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Field;

    #[test]
    fn a_generated_key_file_loads_back_with_mode_0600() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let path = dir.path().join("master.key");
        let created = load_or_create_master_keys(&KeySource::DataDir(path.clone()), false);
        assert!(matches!(created, Ok((_, true))));
        assert!(MasterKeys::load(&path).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .ok();
            assert_eq!(mode, Some(0o600));
        }
    }

    #[test]
    fn a_missing_key_with_data_present_is_refused_and_not_written() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let path = dir.path().join("master.key");
        let result = load_or_create_master_keys(&KeySource::DataDir(path.clone()), true);
        assert!(result.is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_configured_key_file_is_never_created() {
        let Some(dir) = tempfile::tempdir().ok() else {
            return;
        };
        let path = dir.path().join("missing.key");
        assert!(load_or_create_master_keys(&KeySource::Configured(path.clone()), false).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn garbage_is_not_a_key_file() {
        assert!(MasterKeys::parse("hello", Path::new("k")).is_err());
        assert!(MasterKeys::parse("# only a comment\n", Path::new("k")).is_err());
    }

    #[test]
    fn the_old_identity_still_opens_after_a_new_one_is_put_first() {
        let old = age::x25519::Identity::generate();
        let new = age::x25519::Identity::generate();
        let ctx = SealContext::new(Field::ServiceSecret, uuid::Uuid::nil());
        let sealed = MasterKeys::new(vec![old.clone()]).seal(ctx, b"x").ok();
        let both = MasterKeys::new(vec![new, old]);
        assert!(sealed.map(|s| both.open(ctx, &s).is_ok()).unwrap_or(false));
    }
}
