//! Rebound decodes the bounce a mail server got back and says, in plain words, who refused the
//! mail, why, from which IP, and what to do — and, when Microsoft blocked the server's IP, how to
//! fill Microsoft's delisting form.
//!
//! The pipeline is a straight line, one module per step:
//!
//! 1. [`input`] decides what kind of paste this is (a whole message, log lines, a transcript…).
//! 2. [`mta`] runs the parsers for that kind: MIME via mail-parser ([`mail`]), RFC 3464 fields
//!    ([`dsn`]), one module per MTA text format, log and transcript formats. They produce
//!    [`facts::Facts`], one per bounced recipient.
//! 3. [`provider`] tables (one per rejecting provider) recognise the remote's own codes; the
//!    generic [`reason`] classifier covers the rest; [`remedy`] picks the next steps and
//!    [`forms`] the fill plans for Microsoft's forms.
//! 4. [`analyze`] assembles the [`report::Report`], the one shape every front end renders.
//!
//! Knowledge is data: provider codes and phrases are table rows with their source above them.
//! Nothing here does I/O; the CLI (`src/main.rs`) and the wasm bindings (`src/wasm.rs`) are thin.

#![forbid(unsafe_code)]

pub mod analyze;
pub mod dsn;
pub mod facts;
pub mod find;
pub mod forms;
pub mod input;
pub mod ip;
pub mod mail;
pub mod mta;
pub mod provider;
pub mod reason;
pub mod remedy;
pub mod report;
pub mod smtp;
pub mod ui;
pub mod warnings;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use report::{InputKind, Report};

/// Decode any bounce input (bytes of an `.eml`, a DSN, NDR text, log lines, a transcript, a
/// pasted reply line). Never panics; unknown input gives a report with `is_bounce: false`.
pub fn decode(input: &[u8]) -> Report {
    // A byte-order mark before the first header, or NULs after the end (a file padded by a
    // recovery tool or cut from a disk image), would hide the message's shape from the readers.
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let input = &input[..input.len() - input.iter().rev().take_while(|&&b| b == 0).count()];
    // Validating is much cheaper than `from_utf8_lossy`'s chunk walk, and almost every input is
    // valid UTF-8; only invalid input pays for the replacement copy.
    let text = match std::str::from_utf8(input) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(input),
    };
    let text = mail::newlines_normalized(&text);
    let mut kind = input::detect(&text);
    // (A message's own text is mail-parser's to decode; a paste is cleaned of what copying put
    // into it, and a web page saved as HTML — a webmail's "Show original" — read as the text
    // it shows.)
    let text = match kind {
        InputKind::Eml | InputKind::Dsn => text,
        _ if input::is_html_page(&text) => {
            let shown = std::borrow::Cow::Owned(mail::html_text(&text));
            kind = input::detect(&shown);
            input::plain_paste(shown)
        }
        _ => input::plain_paste(text),
    };
    let messages = input::mbox_messages(&text);
    let bounce = mta::extract_cow(input, text, kind);
    let mut report = analyze::report(bounce.kind.unwrap_or(kind), bounce);
    if messages > 1 {
        report.warnings.push(warnings::mbox(messages));
    }
    report
}

/// [`decode`] for text.
pub fn decode_str(input: &str) -> Report {
    decode(input.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_mbox_of_two_bounces_decodes_the_first_and_says_so() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/damaged/09-mbox-two-bounces-from-escaping.mbox"
        );
        let report = decode(&std::fs::read(path).unwrap());
        assert_eq!(report.recipients.len(), 1);
        let w = report
            .warnings
            .iter()
            .find(|w| w.code == warnings::MBOX)
            .expect("the mbox warning");
        assert!(w.message.contains("2 messages"), "{}", w.message);
        // One message, envelope line or not: no warning.
        let one = decode_str("From a@b.example Mon Jan  1 00:00:00 2024\nSubject: hi\n\nhello\n");
        assert!(one.warnings.iter().all(|w| w.code != warnings::MBOX));
    }

    #[test]
    fn damaged_line_ends_and_marks_read_like_clean_ones() {
        let clean = "From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n\
            To: a@example.com\n\n<b@example.org>: host mx.example.org[192.0.2.9] said: 550 5.1.1 \
            <b@example.org>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n";
        let want = decode_str(clean);
        assert_eq!(want.recipients.len(), 1);
        let crcrlf = clean.replace('\n', "\r\r\n");
        let bom_nul = format!("\u{feff}{clean}\0\0\0");
        for damaged in [crcrlf, bom_nul] {
            let got = decode_str(&damaged);
            assert_eq!(got.recipients.len(), 1, "{damaged:?}");
            assert_eq!(got.recipients[0].recipient, want.recipients[0].recipient);
            assert_eq!(got.recipients[0].status, want.recipients[0].status);
            assert_eq!(got.input_kind, want.input_kind);
        }
    }
}
