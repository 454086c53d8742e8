//! qmail's bounce ("Hi. This is the qmail-send program at …") and the many qmail-derived
//! formats: each failed address as `<a@b>:` on a line of its own, the error on the lines below
//! (`Remote host said: 550 …`), up to "--- Below this line is a copy of the message.".

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};

const MARKERS: &[&str] = &[
    "this is the qmail-send program",
    "i'm afraid i wasn't able to deliver your message",
    "--- below this line is a copy of the message",
    "--- enclosed is a copy of the message",
    "unable to deliver your message to the following address",
    "unable to deliver message to the following address",
    "could not be delivered to the following address",
    "following address(es) could not be delivered",
];

/// qmail-remote's phrases (qmail-remote.c) and the command each one follows.
const COMMANDS: &[(&str, &str)] = &[
    (" but greeting failed", "CONN"),
    (" but my name was rejected", "EHLO"),
    (" but sender was rejected", "MAIL"),
    (" does not like recipient", "RCPT"),
    (" failed on data command", "DATA"),
    (" failed after i sent the message", "DATA"),
    ("sorry, i couldn't find any host", "CONN"),
    (
        "sorry, i wasn't able to establish an smtp connection",
        "CONN",
    ),
];

/// Records from qmail's text, or `None` when the text is not qmail's.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    let lower = &mail.body_lower;
    static MARKER_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(MARKERS));
    static ENCLOSED: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["--- enclosed is a copy"]));
    if !MARKER_SET.any_in_body(mail, lower) {
        return None;
    }
    let mut region = mail.error_part();
    // The region is a prefix of the body, so of `body_lower` too (same byte offsets).
    if let Some(at) = ENCLOSED.earliest_in_body(mail, &lower[..region.len()]) {
        region = &region[..at];
    }
    let mut out: Vec<Facts> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in crate::input::lines(region).map(crate::input::unquoted) {
        if out.len() >= crate::mta::MAX_RECORDS {
            break;
        }
        let t = line.trim();
        if t.starts_with('<') && (t.ends_with(">:") || t.ends_with('>')) {
            if let Some(a) = text::as_address(t) {
                if let Some(done) = current.take() {
                    out.push(finish(done));
                }
                current = Some((a, String::new()));
                continue;
            }
        }
        if let Some((_, error)) = current.as_mut() {
            if t.is_empty() {
                continue;
            }
            error.push(' ');
            error.push_str(t);
        }
    }
    if let Some(done) = current.take() {
        out.push(finish(done));
    }
    (!out.is_empty()).then_some(out)
}

pub(crate) fn finish((recipient, error): (String, String)) -> Facts {
    let mut f = Facts::with_recipient(recipient);
    let error = text::squash(&error);
    let lower = error.to_ascii_lowercase();
    // (Searchers built once: the error texts are long enough that a search per phrase built
    // one per call.)
    static COMMAND_SET: LazyLock<Needles> = LazyLock::new(|| {
        let phrases: Vec<&str> = COMMANDS.iter().map(|(p, _)| *p).collect();
        Needles::new(&phrases)
    });
    f.smtp_command = COMMAND_SET
        .first_in(&lower)
        .map(|(i, _)| COMMANDS[i].1.to_string());
    // The remote's own words follow "Remote host said:".
    let own = match lower.find("remote host said:") {
        Some(at) => {
            let rest = &error[at + "remote host said:".len()..];
            let end = rest
                .to_ascii_lowercase()
                .find("giving up on")
                .unwrap_or(rest.len());
            rest[..end].trim().to_string()
        }
        None => error.clone(),
    };
    if let Some(at) = lower.find("connected to ") {
        let host = error[at + 13..].split([' ', ',']).next().unwrap_or("");
        if !host.is_empty() {
            f.remote_mta = Some(host.trim_end_matches('.').to_string());
        }
    }
    text::fill(&mut f, &own);
    f
}
