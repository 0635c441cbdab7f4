//! Anti-forgery tokens for the web forms: a keyed hash of what the form is bound to, so nothing
//! needs storing and a token from one session is worthless in another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::Service;

impl Service {
    /// The token a form must carry back: `binding` is the session token's hash for a logged-in
    /// visitor, or the random nonce in the pre-login form cookie.
    pub fn form_token(&self, binding: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.inner.secret.form_token(binding))
    }
}
