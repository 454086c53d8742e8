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
    let kind = input::detect(&text);
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
