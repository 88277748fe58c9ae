//! `SecretKey`: the gateway server/secret key. Owns redaction: the key never shows in `Debug`,
//! `Display`, serde output or error messages. Depends on nothing else in the crate.

use std::fmt;

/// A gateway secret (Midtrans server key, Xendit secret key). `Debug`/`Display` print
/// `SecretKey(***)`; the only way to read it is [`SecretKey::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The raw key, for building the Authorization header or a signature only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// `Basic base64(key + ":")` as both gateways expect.
    pub fn basic_auth_header(&self) -> String {
        use base64::Engine as _;
        let raw = format!("{}:", self.0);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for SecretKey {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for SecretKey {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

/// Deserialising accepts the plain string (config files); serialising always writes `"***"`.
impl<'de> serde::Deserialize<'de> for SecretKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(SecretKey)
    }
}

impl serde::Serialize for SecretKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_serde_redact_the_key() {
        let raw = format!("k-{}", "q".repeat(9));
        let k = SecretKey::new(raw.clone());
        assert!(!format!("{k:?}").contains(&raw), "Debug must redact");
        assert!(!format!("{k}").contains(&raw), "Display must redact");
        let json = serde_json::to_string(&k).unwrap();
        assert!(!json.contains(&raw), "serde output must redact");
        assert_eq!(k.expose(), raw);
    }

    #[test]
    fn basic_auth_is_key_colon_base64() {
        let k = SecretKey::new("abc");
        assert_eq!(k.basic_auth_header(), "Basic YWJjOg==");
    }
}
