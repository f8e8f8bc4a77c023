//! HTTP Digest authentication (RFC 7616 with MD5, as Virtuoso's authenticated endpoints ask
//! for it): a server's `WWW-Authenticate: Digest …` challenge, and the `Authorization` answer
//! to it for one request.

use md5::{Digest, Md5};

/// A server's Digest challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    /// Whether the server asks for `qop=auth` (else the RFC 2069 form).
    pub qop_auth: bool,
}

impl Challenge {
    /// Reads a `WWW-Authenticate` value; None unless it is a Digest challenge with MD5.
    pub fn parse(header: &str) -> Option<Self> {
        let rest = header.trim().strip_prefix("Digest")?.trim_start();
        let mut realm = None;
        let mut nonce = None;
        let mut opaque = None;
        let mut qop = None;
        let mut algorithm = None;
        for (key, value) in pairs(rest) {
            match key.to_ascii_lowercase().as_str() {
                "realm" => realm = Some(value),
                "nonce" => nonce = Some(value),
                "opaque" => opaque = Some(value),
                "qop" => qop = Some(value),
                "algorithm" => algorithm = Some(value),
                _ => {}
            }
        }
        if algorithm
            .as_deref()
            .is_some_and(|a| !a.eq_ignore_ascii_case("MD5"))
        {
            return None;
        }
        Some(Self {
            realm: realm?,
            nonce: nonce?,
            opaque,
            qop_auth: qop.is_some_and(|q| q.split(',').any(|q| q.trim() == "auth")),
        })
    }

    /// The `Authorization` value for `method` on `uri` (path and query), the `count`-th use of
    /// this nonce, with the client nonce `cnonce`.
    pub fn authorization(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        count: u32,
        cnonce: &str,
    ) -> String {
        let ha1 = hex(&format!("{user}:{}:{password}", self.realm));
        let ha2 = hex(&format!("{method}:{uri}"));
        let nc = format!("{count:08x}");
        let (response, qop) = if self.qop_auth {
            (
                hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce)),
                format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""),
            )
        } else {
            (hex(&format!("{ha1}:{}:{ha2}", self.nonce)), String::new())
        };
        let opaque = self
            .opaque
            .as_deref()
            .map(|o| format!(", opaque=\"{o}\""))
            .unwrap_or_default();
        format!(
            "Digest username=\"{user}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm=MD5, response=\"{response}\"{qop}{opaque}",
            self.realm, self.nonce
        )
    }
}

fn hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `key=value` and `key="value"` pairs of a challenge (a quoted value may hold commas).
fn pairs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        let Some(eq) = rest.find('=') else {
            break;
        };
        let key = rest[..eq].trim().to_string();
        rest = &rest[eq + 1..];
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            value = quoted[..end].to_string();
            rest = quoted.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_2617_example_is_answered_as_the_rfc_says() {
        let challenge = Challenge::parse(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        assert!(challenge.qop_auth);
        let answer = challenge.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            answer.contains(r#"response="6629fae49393a05397450978507c4ef1""#),
            "{answer}"
        );
        assert!(answer.contains(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#));
        assert!(Challenge::parse(r#"Basic realm="x""#).is_none());
        assert!(Challenge::parse(r#"Digest realm="x", nonce="n", algorithm=SHA-256"#).is_none());
    }
}
