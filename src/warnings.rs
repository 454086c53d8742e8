//! Things a good decoder points out besides the verdict: a returned message signed with DKIM
//! `simple` canonicalization, a Received IP that differs from the one Microsoft quoted, an
//! Exchange `A -> B` chain, a localized or forwarded bounce, IPv6, "not a bounce".

use std::sync::LazyLock;

use crate::facts::Bounce;
use crate::find;
use crate::mail::Mail;
use crate::mta::text::Needles;
use crate::reason::Pairs;
use crate::report::Warning;

pub const DKIM_SIMPLE: &str = "dkim_simple_canonicalization";
pub const IP_DIFFERS: &str = "ip_differs_from_received";
pub const CHAINED: &str = "chained_error";
pub const LOCALIZED: &str = "localized_ndr";
pub const FORWARDED: &str = "forwarded_bounce";
pub const IPV6: &str = "ipv6";
pub const NOT_A_BOUNCE: &str = "not_a_bounce";
pub const MBOX: &str = "mbox_first_message_only";

/// An mbox of `messages` messages was given as one input.
pub fn mbox(messages: usize) -> Warning {
    Warning::new(
        MBOX,
        format!(
            "This is an mbox file with {messages} messages; only the first was decoded. \
             `rebound scan FILE` decodes each one, or paste them one at a time."
        ),
    )
}

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
    match (lowering(text), mail) {
        // No non-ASCII character changes (ASCII or CJK text, lower-case accents): the Unicode
        // lower case is the ASCII one, which the caller may have, with its byte pairs.
        (Lowering::Ascii, Some(mail)) => MARKERS.any_in_body(mail, &mail.body_lower),
        (Lowering::Ascii, None) => {
            let lower = text.to_ascii_lowercase();
            in_short_text(&lower, &Pairs::of(&lower))
        }
        // Non-ASCII capitals, each lower-casing to one non-ASCII character: the two lower cases
        // differ only there, so they hold the same ASCII markers; a non-ASCII marker in the
        // ASCII lower case is one in the text, so in its Unicode lower case too (the markers
        // are lower case); the other non-ASCII markers are looked for character by character.
        // Lower-casing a long text with many capitals (Latin-1 read from binary data) is slow.
        (Lowering::Simple, Some(mail)) => {
            MARKERS.any_in_body(mail, &mail.body_lower)
                || unicode_marker_in(text, mail.body_pairs())
        }
        (Lowering::Simple, None) => {
            let lower = text.to_ascii_lowercase();
            let pairs = Pairs::of(&lower);
            in_short_text(&lower, &pairs) || unicode_marker_in(text, &pairs)
        }
        // `İ` and the Kelvin sign (to `k`) need the real thing.
        (Lowering::Special, _) => MARKERS.any_in(&text.to_lowercase()),
    }
}

/// Whether a short text (a subject) holds a marker, `lower` its lower case and `pairs` the
/// byte pairs of `lower`: the markers whose byte pairs it lacks are not searched for (cheaper
/// than a search per marker).
fn in_short_text(lower: &str, pairs: &Pairs) -> bool {
    static PLANS: LazyLock<Vec<Vec<u16>>> = LazyLock::new(|| {
        LOCALIZED_MARKERS
            .iter()
            .map(|&m| Pairs::plan(&[m]))
            .collect()
    });
    LOCALIZED_MARKERS
        .iter()
        .zip(PLANS.iter())
        .any(|(m, plan)| pairs.has_all(plan) && find::contains(lower, m))
}

/// How the Unicode lower case of a text relates to its ASCII lower case.
#[derive(Debug, PartialEq)]
enum Lowering {
    /// They are equal: every non-ASCII character lower-cases to itself.
    Ascii,
    /// Some non-ASCII character changes, but none is one of [`SPECIAL_LOWER`]: every
    /// character lower-cases to one character, non-ASCII if and only if it is (a test checks
    /// every character), apart from a capital sigma, whose `ς` or `σ` is in no marker.
    Simple,
    /// Some character is one of [`SPECIAL_LOWER`].
    Special,
}

/// The characters whose lower case is not one character of the same ASCII-ness: `İ` (to `i`
/// and a combining dot) and the Kelvin sign (to `k`). A test checks there are no others.
const SPECIAL_LOWER: [char; 2] = ['\u{130}', '\u{212a}'];

/// [`Lowering`] of `text`: looks only at the non-ASCII characters, found a word at a time.
fn lowering(text: &str) -> Lowering {
    let bytes = text.as_bytes();
    let mut i = 0;
    // `i` is a character boundary: it moves past ASCII bytes and whole characters.
    while let Some(at) = next_non_ascii(bytes, i) {
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if SPECIAL_LOWER.contains(&c) {
            return Lowering::Special;
        }
        i = at + c.len_utf8();
        // `to_lowercase` is per character but for a capital sigma, which changes.
        let mut lower = c.to_lowercase();
        if lower.next() != Some(c) || lower.next().is_some() {
            // The rest only decides between the two others.
            let rest = &text[i..];
            return if SPECIAL_LOWER
                .iter()
                .any(|&s| find::contains(rest, s.encode_utf8(&mut [0; 4])))
            {
                Lowering::Special
            } else {
                Lowering::Simple
            };
        }
    }
    Lowering::Ascii
}

/// The first byte at or after `from` that is not ASCII, looked for 32 bytes at a time, then
/// eight.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes")) & HIGH;
    let mut at = from;
    // Blocks of four words, all ASCII, skipped.
    for block in bytes[from..].chunks_exact(32) {
        if block.chunks_exact(8).fold(0, |high, w| high | word(w)) != 0 {
            break;
        }
        at += 32;
    }
    let rest = &bytes[at..];
    let mut words = rest.chunks_exact(8);
    for (k, w) in words.by_ref().enumerate() {
        let high = word(w);
        if high != 0 {
            // The lowest set bit is in the first non-ASCII byte (little endian).
            return Some(at + k * 8 + high.trailing_zeros() as usize / 8);
        }
    }
    let tail = words.remainder();
    let i = tail.iter().position(|b| !b.is_ascii())?;
    Some(at + rest.len() - tail.len() + i)
}

/// Whether the Unicode lower case of `text`, a text with [`Lowering::Simple`] whose ASCII
/// lower case has the byte pairs `pairs`, holds a non-ASCII marker, without lower-casing the
/// whole text. Such a marker there is made of characters of the text that lower-case to the
/// marker's, one each.
fn unicode_marker_in(text: &str, pairs: &Pairs) -> bool {
    UNICODE_MARKERS
        .iter()
        .any(|m| m.possible(pairs) && m.in_lower_of(text))
}

/// A non-ASCII marker, taken apart for [`unicode_marker_in`].
struct UnicodeMarker {
    marker: &'static str,
    /// Its ASCII runs.
    runs: Vec<&'static str>,
    /// Its non-ASCII characters, each with its upper case; the first is the anchor.
    chars: Vec<(String, String)>,
    /// Where the anchor starts in `marker`.
    anchor: usize,
}

/// Whether the characters of `text` lower-case to those of `marker`, one each, as far as
/// `marker` goes.
fn lowers_to(mut text: impl Iterator<Item = char>, mut marker: impl Iterator<Item = char>) -> bool {
    marker.all(|m| {
        text.next()
            .is_some_and(|c| c == m || c.to_lowercase().next() == Some(m))
    })
}

static UNICODE_MARKERS: LazyLock<Vec<UnicodeMarker>> = LazyLock::new(|| {
    LOCALIZED_MARKERS
        .iter()
        .filter(|m| !m.is_ascii())
        .map(|&marker| UnicodeMarker {
            marker,
            runs: marker.split(|c: char| !c.is_ascii()).collect(),
            chars: marker
                .chars()
                .filter(|c| !c.is_ascii())
                .map(|c| (c.to_string(), c.to_uppercase().collect()))
                .collect(),
            anchor: marker
                .find(|c: char| !c.is_ascii())
                .expect("a non-ASCII marker"),
        })
        .collect()
});

impl UnicodeMarker {
    /// Whether the marker may be in the Unicode lower case of a text with [`Lowering::Simple`]
    /// whose ASCII lower case has the byte pairs `pairs`. Its ASCII runs are ASCII runs of the
    /// text, so of the ASCII lower case; each of its non-ASCII characters is in the text, as
    /// itself or its upper case (a test checks that no other character lower-cases to one).
    fn possible(&self, pairs: &Pairs) -> bool {
        self.runs.iter().all(|r| pairs.may_contain(r))
            && self
                .chars
                .iter()
                .all(|(c, upper)| pairs.may_contain(c) || pairs.may_contain(upper))
    }

    /// Whether the marker is in the Unicode lower case of `text` (with [`Lowering::Simple`]):
    /// where the text holds the anchor or its upper case, whether the characters around it
    /// lower-case to the marker's. (A capital sigma's `ς` or `σ` is in no marker.)
    fn in_lower_of(&self, text: &str) -> bool {
        let (before, after) = self.marker.split_at(self.anchor);
        let (anchor, upper) = &self.chars[0];
        let forms = if anchor == upper {
            &[anchor][..]
        } else {
            &[anchor, upper][..]
        };
        forms.iter().any(|form| {
            // A whole character found: `at` is a character boundary.
            memchr::memmem::find_iter(text.as_bytes(), form.as_bytes()).any(|at| {
                lowers_to(text[..at].chars().rev(), before.chars().rev())
                    && lowers_to(text[at..].chars(), after.chars())
            })
        })
    }
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
    fn lowering_like_comparing() {
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
            "É0123456789abcdef0123456789abcdef\u{212a}",
            "ÉİÉ",
        ] {
            let special = text.chars().any(|c| SPECIAL_LOWER.contains(&c));
            assert_eq!(
                lowering(text) == Lowering::Ascii,
                !special && text.to_lowercase() == text.to_ascii_lowercase(),
                "{text:?}"
            );
            assert_eq!(lowering(text) == Lowering::Special, special, "{text:?}");
        }
    }

    #[test]
    fn next_non_ascii_like_position() {
        let text = "0123456789abcdefé0123456789abcdef\u{212a}xyzİ0123456789é\
                    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abc\
                    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678é";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            assert_eq!(
                next_non_ascii(bytes, from),
                bytes[from..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .map(|p| from + p),
                "{from}"
            );
        }
    }

    /// What [`Lowering::Simple`] and [`UnicodeMarker`] rely on, for every character.
    #[test]
    fn every_character_lowers_as_assumed() {
        let marker_chars: Vec<char> = LOCALIZED_MARKERS
            .iter()
            .flat_map(|m| m.chars())
            .filter(|c| !c.is_ascii())
            .collect();
        // A capital sigma's context-dependent lower case is in no marker, and markers are
        // lower case.
        for m in LOCALIZED_MARKERS {
            assert_eq!(m.to_lowercase(), *m);
        }
        assert!(!marker_chars.iter().any(|c| matches!(c, 'σ' | 'ς')));
        for c in char::MIN..=char::MAX {
            let lower: Vec<char> = c.to_lowercase().collect();
            let simple = lower.len() == 1 && lower[0].is_ascii() == c.is_ascii();
            assert_eq!(simple, !SPECIAL_LOWER.contains(&c), "{c:?}");
            if simple && marker_chars.contains(&lower[0]) {
                let upper: String = lower[0].to_uppercase().collect();
                assert!(c == lower[0] || c.to_string() == upper, "{c:?}");
            }
        }
    }

    #[test]
    fn localized_markers_like_lower_casing() {
        // What it replaced: the markers in the Unicode lower case of the text.
        let reference = |text: &str| {
            let lower = text.to_lowercase();
            LOCALIZED_MARKERS.iter().any(|m| lower.contains(m))
        };
        let mut texts: Vec<String> = [
            "",
            "Delivery has failed",
            "UNZUSTELLBAR: hello",
            "Diagnoseinformationen FÜR Administratoren:",
            "Diagnoseinformationen für Administratoren:",
            "Diagnoseinformationen FüR Administratoren: É",
            "Diagnoseinformationen FUR Administratoren: Ü",
            "Não Entregue",
            "NON REMIS",
            "\u{212a}an inte levereras",
            "\u{212a}an inte levereras É",
            "kan ikke\nleveres",
            "配信不能",
            "配信不能 É",
            "НЕДОСТАВЛЕНО",
            "НЕДОСТАВЛЕНО",
            "Недоставлено",
            "не удается доставить Ё",
            "НЕ УДАЕТСЯ ДОСТАВИТЬ",
            "nicht  zugestellt",
            "配信不能 (Delivery failed) — NON REMIS",
            "ΣNON REMISΣ",
            "İmpossible de remettre",
            "İmpossible de remettre İ",
            "Impossible de remettre İ",
            "non remİs",
            "não é possível entregar, 0123456789abcdef0123456789 é",
            "NÃO É POSSÍVEL ENTREGAR",
            "NÃO ENTREGUE",
            "NIE MOŻNA DOSTARCZYĆ",
            "nie MOżna dostarczyć Ó",
            "배달되지 않음 Ü",
            "недоставлено ДА",
            "ÀÉÎÕÜ ÿ non remis",
        ]
        .map(String::from)
        .to_vec();
        // Random texts built from pieces of markers, capitals and lower case.
        let pieces = [
            "Ü",
            "ü",
            "für",
            "FÜR",
            "diagnoseinformationen ",
            " administratoren",
            "N",
            "Ã",
            "ã",
            "o entregue",
            "NÃO",
            "o é poss",
            "Í",
            "vel entregar",
            "nie mo",
            "Ż",
            "ż",
            "na dostarczy",
            "Ć",
            "ć",
            "НЕ",
            "не",
            "доставлено",
            "ДОСТАВЛЕНО",
            " удается ",
            "доставить",
            "É",
            " ",
            "non remis",
            "\u{212a}",
            "İ",
            "配信",
            "不能",
            "Σ",
            "x",
            // Whole markers in mixed case, and near misses.
            "Diagnoseinformationen FÜR Administratoren",
            "NÃO ENTREGUE",
            "Não É PossÍvel Entregar",
            "NIE MOŻNA DOSTARCZYĆ",
            "Недоставлено",
            "НЕ удается ДОСТАВИТЬ",
            "NÃO ENTREGAR",
            "nie mozna dostarczyć",
            "НЕДОСТАВЛЕН",
        ];
        texts.extend(crate::reason::tests::texts_from(&pieces, 20_000, &[""]));
        let found = texts.iter().filter(|t| reference(t)).count();
        assert!(found > 500, "too few texts hold a marker: {found}");
        // How often the shortcut (no Unicode lower case) served, with and without a marker,
        // and with a non-ASCII marker that is not in the ASCII lower case.
        let mut shortcut = [0, 0, 0];
        for text in &texts {
            let text = text.as_str();
            if lowering(text) == Lowering::Simple {
                let ascii = text.to_ascii_lowercase();
                let in_ascii = LOCALIZED_MARKERS.iter().any(|m| ascii.contains(m));
                shortcut[match (reference(text), in_ascii) {
                    (false, _) => 0,
                    (true, true) => 1,
                    (true, false) => 2,
                }] += 1;
            }
        }
        assert!(shortcut.iter().all(|&n| n > 100), "{shortcut:?}");
        for text in &texts {
            let text = text.as_str();
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
