//! Gateway text is untrusted: a proxy or a wrong base URL can echo our request headers back in
//! `status_message`, `validation_messages` or an error body. [`redact`] removes the secret key,
//! its base64 forms (`key:` as in the Basic header, and the bare key) and the value of any
//! `Authorization` header / `Basic …` / `Bearer …` token from such text, drops control
//! characters and caps the length. Every gateway-supplied string goes through it before it is
//! stored, logged or shown. Depends only on [`SecretKey`].

use base64::Engine as _;

use crate::secret::SecretKey;

/// Longest gateway text kept (characters).
pub const MAX_GATEWAY_TEXT: usize = 200;

const HIDDEN: &str = "[disembunyikan]";

/// `text` with every form of `key` and every credential-looking token removed, at most
/// [`MAX_GATEWAY_TEXT`] characters.
pub fn redact(text: &str, key: &SecretKey) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let raw = key.expose();
    if raw.trim().len() >= 4 {
        let b64 = base64::engine::general_purpose::STANDARD;
        let b64_url = base64::engine::general_purpose::URL_SAFE;
        let forms = [
            raw.to_string(),
            b64.encode(format!("{raw}:")),
            b64.encode(raw),
            b64_url.encode(format!("{raw}:")),
            b64.encode(format!("{raw}:"))
                .trim_end_matches('=')
                .to_string(),
        ];
        for f in forms.iter().filter(|f| f.len() >= 4) {
            out = replace_ignore_ascii_case(&out, f, HIDDEN);
        }
    }
    out = hide_after_markers(&out);
    if out.chars().count() > MAX_GATEWAY_TEXT {
        out = out.chars().take(MAX_GATEWAY_TEXT).collect::<String>() + "…";
    }
    out
}

fn replace_ignore_ascii_case(hay: &str, needle: &str, with: &str) -> String {
    let lower_hay = hay.to_ascii_lowercase();
    let lower_needle = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(hay.len());
    let mut i = 0;
    while let Some(pos) = lower_hay[i..].find(&lower_needle) {
        out.push_str(&hay[i..i + pos]);
        out.push_str(with);
        i += pos + needle.len();
    }
    out.push_str(&hay[i..]);
    out
}

/// After `authorization`, `basic`, `bearer` (any case), the next token is a credential.
fn hide_after_markers(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let markers = ["authorization", "basic", "bearer"];
    while i < s.len() {
        let hit = markers
            .iter()
            .filter_map(|m| lower[i..].find(m).map(|p| (p, m.len())))
            .min();
        let Some((pos, len)) = hit else { break };
        let start = i + pos + len;
        out.push_str(&s[i..start]);
        // Skip separators (`: `, `=`, quotes, spaces), then hide the token that follows.
        let rest = &s[start..];
        let sep_len = rest
            .find(|c: char| !(c == ':' || c == '=' || c == '"' || c == '\'' || c == ' '))
            .unwrap_or(rest.len());
        out.push_str(&rest[..sep_len]);
        let token = &rest[sep_len..];
        let tok_len = token
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '}' | ']'))
            .unwrap_or(token.len());
        let word = &token[..tok_len];
        let is_marker = markers.iter().any(|m| word.eq_ignore_ascii_case(m));
        if tok_len > 0 && !is_marker && word != HIDDEN {
            out.push_str(HIDDEN);
            i = start + sep_len + tok_len;
        } else {
            i = start + sep_len;
        }
    }
    out.push_str(&s[i.min(s.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_base64_and_authorization_values_are_hidden_and_text_is_capped() {
        let key = SecretKey::new(format!("SB-Mid-server-{}", "Zq9".repeat(5)));
        let header = key.basic_auth_header();
        let b64 = header.trim_start_matches("Basic ").to_string();
        let echoed = format!(
            "bad request; headers: {{\"Authorization\": \"{header}\", \"X\": \"{}\"}} key={} \
             raw={b64} Bearer abc.def",
            "y",
            key.expose()
        );
        let out = redact(&echoed, &key);
        assert!(!out.contains(key.expose()), "key leaked: {out}");
        assert!(!out.contains(&b64), "base64 of key leaked: {out}");
        assert!(!out.contains("abc.def"), "bearer token leaked: {out}");
        assert!(
            out.contains("bad request"),
            "the message stays readable: {out}"
        );
        let long = "x".repeat(1000);
        assert!(redact(&long, &key).chars().count() <= MAX_GATEWAY_TEXT + 1);
        assert_eq!(
            redact("Transaction doesn't exist.", &key),
            "Transaction doesn't exist."
        );
    }
}
