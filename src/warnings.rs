//! Things a good decoder points out besides the verdict: a returned message signed with DKIM
//! `simple` canonicalization, a Received IP that differs from the one Microsoft quoted, an
//! Exchange `A -> B` chain, a localized or forwarded bounce, IPv6, "not a bounce".

use std::sync::LazyLock;

use crate::facts::Bounce;
use crate::find;
use crate::mail::Mail;
use crate::mta::text::Needles;
use crate::report::Warning;

pub const DKIM_SIMPLE: &str = "dkim_simple_canonicalization";
pub const IP_DIFFERS: &str = "ip_differs_from_received";
pub const CHAINED: &str = "chained_error";
pub const LOCALIZED: &str = "localized_ndr";
pub const FORWARDED: &str = "forwarded_bounce";
pub const IPV6: &str = "ipv6";
pub const NOT_A_BOUNCE: &str = "not_a_bounce";

pub fn not_a_bounce() -> Warning {
    Warning::new(
        NOT_A_BOUNCE,
        "This does not look like a bounce I recognise: no failed recipient with an SMTP error was found. \
         If it is one, paste the whole message (with headers) or the error line.",
    )
}

/// The `c=` of every DKIM-Signature of the returned message whose header or body
/// canonicalization is `simple` (also when `c=` is absent: the default is simple/simple).
pub fn dkim_simple(bounce: &Bounce) -> Option<Warning> {
    let mut signatures: Vec<String> = Vec::new();
    if let Some(mail) = &bounce.mail {
        signatures.extend(
            mail.original_headers
                .values("dkim-signature")
                .map(str::to_string),
        );
    }
    if signatures.is_empty()
        && bounce
            .mail
            .as_ref()
            .is_none_or(|m| m.original_headers.is_empty())
    {
        // Pasted text or a returned message quoted in the body: find the header by text.
        const FIELD: &str = "dkim-signature:";
        let text = bounce.text.as_str();
        let mut from = 0;
        while let Some(i) = crate::find::find_ci(&text[from..], FIELD).map(|i| from + i) {
            let end = crate::input::floor_char_boundary(text, i + 600);
            signatures.push(text[i + FIELD.len()..end].to_ascii_lowercase());
            from = i + FIELD.len();
        }
    }
    let simple = signatures.iter().find_map(|s| {
        let c = canonicalization(s);
        let (header, body) = c.split_once('/').unwrap_or((c.as_str(), "simple"));
        (header == "simple" || body == "simple").then_some(c)
    })?;
    Some(Warning::new(
        DKIM_SIMPLE,
        format!(
            "The returned message is DKIM-signed with c={simple}. Microsoft's systems have been reported to \
             re-wrap or re-space mail in transit, which breaks `simple` signatures (dkim=fail, then DMARC \
             failure, junk folder or rejection). Sign with relaxed/relaxed: in OpenDKIM set \
             `Canonicalization relaxed/relaxed` (rspamd and most libraries default to it)."
        ),
    ))
}

/// The `c=` tag of a DKIM-Signature value (lower case), `simple/simple` when absent.
fn canonicalization(signature: &str) -> String {
    let compact: String = signature
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact
        .split(';')
        .find_map(|tag| tag.strip_prefix("c=").map(str::to_string))
        .unwrap_or_else(|| "simple/simple".to_string())
}

pub fn ip_differs(quoted: &str, received: &[String]) -> Option<Warning> {
    let others: Vec<&String> = received.iter().filter(|ip| ip.as_str() != quoted).collect();
    if others.is_empty() || received.iter().any(|ip| ip == quoted) {
        return None;
    }
    let list = others
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(Warning::new(
        IP_DIFFERS,
        format!(
            "Microsoft quoted {quoted} as the sending IP, but the returned message's Received headers show \
             {list} (a client or an internal hop, or NAT). Delist the IP Microsoft quoted: {quoted}."
        ),
    ))
}

pub fn chained(left: &str, right: &str) -> Warning {
    Warning::new(
        CHAINED,
        format!(
            "Exchange chained two errors (A -> B): Microsoft relayed the message and the next server refused it. \
             The right-hand part is the real cause, so status and reason come from it: \"{}\" (left part: \"{}\").",
            right.trim(),
            left.trim()
        ),
    )
}

pub fn localized() -> Warning {
    Warning::new(
        LOCALIZED,
        "The bounce is written in another language than English; Rebound read the standard fields and the \
         server's own (English) error line. Quote that error line when you contact anyone.",
    )
}

pub fn forwarded() -> Warning {
    Warning::new(
        FORWARDED,
        "This bounce arrived inside someone's forward. The forwarder's own headers (their client IP, their \
         Received lines) are not part of the bounce and were ignored.",
    )
}

pub fn ipv6(ip: &str) -> Warning {
    Warning::new(
        IPV6,
        format!(
            "The outbound address {ip} is IPv6. Microsoft requires IPv6 senders to have reverse DNS and to pass \
             SPF or DKIM; its delisting tools may not accept IPv6 addresses. Sending to Microsoft over IPv4 is \
             a common workaround."
        ),
    )
}

/// Subject prefixes and section markers of non-English Exchange / Outlook NDRs.
const LOCALIZED_MARKERS: &[&str] = &[
    "non remis",
    "impossible de remettre",
    "diagnostic pour les administrateurs",
    "unzustellbar",
    "nicht zugestellt",
    "diagnoseinformationen für administratoren",
    "onbestelbaar",
    "não entregue",
    "não é possível entregar",
    "no se puede entregar",
    "no entregado",
    "non recapitabile",
    "kan inte levereras",
    "olevererbart",
    "ikke levert",
    "kan ikke leveres",
    "nie można dostarczyć",
    "配信不能",
    "无法传递",
    "無法傳遞",
    "배달되지 않음",
    "недоставлено",
    "не удается доставить",
];

/// Whether the bounce's own subject or text is a localized NDR (`Bounce::localized` or markers).
pub fn is_localized(bounce: &Bounce) -> bool {
    if bounce.localized {
        return true;
    }
    let Some(mail) = &bounce.mail else {
        return false;
    };
    has_localized_marker(&mail.subject, None) || has_localized_marker(&mail.body, Some(mail))
}

/// Whether the lower case of `text` holds a [`LOCALIZED_MARKERS`] marker. `mail`, when given,
/// is the mail whose body `text` is (its `body_lower` and byte pairs serve).
fn has_localized_marker(text: &str, mail: Option<&Mail>) -> bool {
    // The searchers are built once: building one costs as much as scanning a short text.
    static MARKERS: LazyLock<Needles> = LazyLock::new(|| Needles::new(LOCALIZED_MARKERS));
    // Unicode lower case (`Ü`, but also the Kelvin sign to `k`) needs the real thing, unless
    // no non-ASCII character changes (ASCII or CJK text, lower-case accents): then it is the
    // ASCII one, which the caller may have, with its byte pairs.
    if !ascii_lower_is_lower(text) {
        return MARKERS.any_in(&text.to_lowercase());
    }
    match mail {
        Some(mail) => MARKERS.any_in_body(mail, &mail.body_lower),
        None => MARKERS.any_in(&text.to_ascii_lowercase()),
    }
}

/// Whether `text.to_lowercase()` equals `text.to_ascii_lowercase()`: every non-ASCII character
/// lower-cases to itself (`to_lowercase` is per character but for a capital sigma, which does
/// not). Checks only the non-ASCII characters, skipping ASCII runs a chunk at a time.
fn ascii_lower_is_lower(text: &str) -> bool {
    const CHUNK: usize = 16;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i..i + CHUNK).is_some_and(<[u8]>::is_ascii) {
            i += CHUNK;
        } else if bytes[i].is_ascii() {
            i += 1;
        } else {
            // `i` is a character boundary: it only ever moves past whole characters.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let mut lower = c.to_lowercase();
            if lower.next() != Some(c) || lower.next().is_some() {
                return false;
            }
            i += c.len_utf8();
        }
    }
    true
}

/// Whether the bounce came inside a user's forward (`Bounce::forwarded`, or a `Fwd:` message
/// whose body carries a bounce).
pub fn is_forwarded(bounce: &Bounce) -> bool {
    if bounce.forwarded {
        return true;
    }
    let Some(mail) = &bounce.mail else {
        return false;
    };
    let subject = mail.subject.trim_start().to_ascii_lowercase();
    let fwd = ["fwd:", "fw:", "wg:", "tr:", "rv:", "i:"]
        .iter()
        .any(|p| subject.starts_with(p));
    let body = &mail.body_lower;
    fwd && [
        "undelivered mail",
        "undeliverable",
        "delivery status notification",
        "mail delivery",
        "returned mail",
    ]
    .iter()
    .any(|m| find::contains(&subject, m) || find::contains(body, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalization_tag() {
        assert_eq!(
            canonicalization("v=1; a=rsa-sha256; c=simple/simple; d=example.com"),
            "simple/simple"
        );
        assert_eq!(
            canonicalization("v=1; a=rsa-sha256;\n\tc=relaxed/relaxed; d=x"),
            "relaxed/relaxed"
        );
        assert_eq!(
            canonicalization("v=1; a=rsa-sha256; d=example.com"),
            "simple/simple"
        );
    }

    #[test]
    fn ip_difference() {
        let received = vec!["203.0.113.60".to_string()];
        assert!(ip_differs("198.51.100.240", &received).is_some());
        assert!(ip_differs("203.0.113.60", &received).is_none());
        assert!(ip_differs("203.0.113.60", &[]).is_none());
    }

    #[test]
    fn ascii_lower_is_lower_like_comparing() {
        for text in [
            "",
            "abc",
            "ABC",
            "é",
            "É",
            "0123456789abcdef0123456789abcdefÉ",
            "0123456789abcdef0123456789abcdeé",
            "配信不能 with some ASCII text around it, long enough for chunks",
            "\u{212a}",
            "İ",
            "Σ",
            "aς",
            "ǅ",
            "ß ẞ",
            "é0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(
                ascii_lower_is_lower(text),
                text.to_lowercase() == text.to_ascii_lowercase(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn localized_markers_like_lower_casing() {
        // What it replaced: the markers in the Unicode lower case of the text.
        let reference = |text: &str| {
            let lower = text.to_lowercase();
            LOCALIZED_MARKERS.iter().any(|m| lower.contains(m))
        };
        for text in [
            "",
            "Delivery has failed",
            "UNZUSTELLBAR: hello",
            "Diagnoseinformationen FÜR Administratoren:",
            "Não Entregue",
            "NON REMIS",
            "\u{212a}an inte levereras",
            "kan ikke\nleveres",
            "配信不能",
            "НЕДОСТАВЛЕНО",
            "nicht  zugestellt",
            "配信不能 (Delivery failed) — NON REMIS",
            "ΣNON REMISΣ",
            "İmpossible de remettre",
            "não é possível entregar, 0123456789abcdef0123456789 é",
            "NÃO ENTREGUE",
            "недоставлено ДА",
        ] {
            assert_eq!(
                has_localized_marker(text, None),
                reference(text),
                "{text:?}"
            );
            let mail = Mail::from_text(text);
            assert_eq!(mail.body, text);
            assert_eq!(
                has_localized_marker(&mail.body, Some(&mail)),
                reference(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn dkim_in_pasted_text() {
        let bounce = Bounce {
            text: "Received: from x\nDKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=example.org;\n".into(),
            ..Bounce::default()
        };
        assert_eq!(
            dkim_simple(&bounce).map(|w| w.code),
            Some(DKIM_SIMPLE.to_string())
        );
    }
}
