//! Helpers the text formats share: addresses, the SMTP command a text names, the end of the
//! error part (where the returned message starts), and filling `Facts` from an error text.

use regex_lite::Regex;
use std::sync::OnceLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::smtp;

fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[A-Za-z0-9][A-Za-z0-9._%+=/'&#!*?^`{|}~-]*@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+",
        )
        .unwrap()
    })
}

fn host_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:host|server|mta|relay)[ :]+([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)\.?[ ,:]*[\[(]")
            .unwrap()
    })
}

/// Every e-mail address in `text`, in order (trailing dots dropped).
pub fn addresses(text: &str) -> Vec<String> {
    // The regexes are slow; every address has an `@`, most lines none.
    if !text.contains('@') {
        return Vec::new();
    }
    address_re()
        .find_iter(text)
        .take(64)
        .map(|m| m.as_str().trim_end_matches(['.', '-']).to_string())
        .collect()
}

/// The first e-mail address in `text`.
pub fn first_address(text: &str) -> Option<String> {
    if !text.contains('@') {
        return None;
    }
    address_re()
        .find(text)
        .map(|m| m.as_str().trim_end_matches(['.', '-']).to_string())
}

/// `text` is one address and nothing else, give or take `<>`, quotes, a trailing colon.
pub fn as_address(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_end_matches([':', ',', ';', '.'])
        .trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | ' '));
    if !t.contains('@') {
        return None;
    }
    let m = address_re().find(t)?;
    (m.start() == 0 && m.end() == t.len()).then(|| t.to_string())
}

/// Addresses that are never a bounced recipient.
pub fn is_daemon(address: &str) -> bool {
    let a = address.to_ascii_lowercase();
    a.starts_with("mailer-daemon@") || a.starts_with("mailer_daemon@")
}

/// The remote host an error text names (`host mx.example.jp [192.0.2.1]`).
pub fn remote_host(text: &str) -> Option<String> {
    // Every match ends in `[` or `(`.
    if !text.contains(['[', '(']) {
        return None;
    }
    host_re()
        .captures(text)
        .map(|c| c[1].trim_end_matches('.').to_string())
}

/// Collapse runs of white space into one space and trim.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The SMTP command an error text says the error came after.
pub fn command_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    // Phrases that name the command the reply answered, most specific first.
    const TABLE: &[(&str, &str)] = &[
        ("end of data", "DATA"),
        ("after data", "DATA"),
        ("reply to data", "DATA"),
        ("after message", "DATA"),
        ("rcpt to", "RCPT"),
        ("after rcpt", "RCPT"),
        ("rcpt command", "RCPT"),
        ("mail from", "MAIL"),
        ("after mail", "MAIL"),
        ("mail command", "MAIL"),
        ("after ehlo", "EHLO"),
        ("reply to ehlo", "EHLO"),
        ("after helo", "HELO"),
        ("reply to helo", "HELO"),
        ("starttls", "STARTTLS"),
        // Postfix: "host x refused to talk to me: 554 …" (Sisimai files it under HELO).
        ("refused to talk to me", "HELO"),
        ("initial connection", "CONN"),
        ("initial greeting", "CONN"),
        ("connect to", "CONN"),
        ("data command", "DATA"),
    ];
    let mut best: Option<(usize, &str)> = None;
    for (needle, command) in TABLE {
        if let Some(at) = lower.find(needle) {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, command));
            }
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Lines (lower case, trimmed) where the returned message starts in a text bounce.
const ORIGINAL_MARKERS: &[&str] = &[
    "------ this is a copy of the message",
    "------ this is a copy of your message",
    "--- below this line is a copy of the message",
    "--- original message follows",
    "--- the header of the original message",
    "----- original message -----",
    "------ original message -----",
    "-----original message-----",
    "--------original message--------",
    "--- original message ---",
    "----- the following is a copy of the message",
    "----- message header follows",
    "----- returned message",
    "------- returned message",
    "--- returned message",
    "original message follows",
    "----- original message headers",
    "------ the original message",
    "----- the original message",
    "----- unsent message below",
    "------ unsent message below",
    "content-type: message/rfc822",
    "the original message headers",
    "----- message text follows",
    "----- original message header",
    "--- message headers ---",
    "return-path:",
    "received: from",
    "received: by",
    "x-original-to:",
    "message-id:",
    "dkim-signature:",
];

/// The bounce's own text: `body` up to the line where the returned message starts.
pub fn error_part(body: &str) -> &str {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let indented = line.starts_with([' ', '\t']);
        let t = line.trim_start().to_ascii_lowercase();
        // A header field starts the returned message only at the margin; indented, it is a
        // report quoting the original's headers ("  Message-id: <…>").
        let hit = ORIGINAL_MARKERS
            .iter()
            .any(|m| t.starts_with(m) && !(indented && m.ends_with(':') && !m.contains(' ')));
        if offset > 0 && hit {
            return &body[..offset];
        }
        offset += line.len();
    }
    body
}

/// `body` up to the returned message's own header block (`Return-Path:`, `Received:` …) but
/// keeping DSN fields written into the text.
pub fn error_part_keep_dsn(body: &str) -> &str {
    let lower = lower(body);
    let end = [
        "content-type: message/rfc822",
        "content-type: text/rfc822-headers",
        "\nreturn-path:",
        "\nreceived: ",
    ]
    .iter()
    .filter_map(|m| lower.find(m))
    .min()
    .unwrap_or(body.len());
    &body[..end]
}

/// The longest error text kept as a diagnostic (bytes).
pub const MAX_DIAGNOSTIC: usize = 4096;

/// Fill reply code, status, command and remote host from an error text, and keep the text
/// (squashed to one line) as the diagnostic when the record has none.
pub fn fill(f: &mut Facts, text: &str) {
    // A server's reply is a few lines; more is not its words and would only cost time.
    let text = &text[..crate::input::floor_char_boundary(text, MAX_DIAGNOSTIC)];
    // A quoted session (">>> DATA <<< 550 Unknown user"): the remote's words are its reply.
    let text = text
        .match_indices("<<< ")
        .map(|(i, m)| &text[i + m.len()..])
        .find(|rest| rest.starts_with(['4', '5']))
        .unwrap_or(text);
    let d = squash(text);
    if d.is_empty() {
        return;
    }
    if f.reply_code.is_none() {
        f.reply_code = smtp::find_reply_code(&d).filter(|c| *c >= 400);
    }
    if f.status.is_none() {
        f.status = smtp::find_status(&d);
    }
    if f.smtp_command.is_none() {
        f.smtp_command = command_in(&d);
    }
    if f.remote_mta.is_none() {
        f.remote_mta = remote_host(&d);
    }
    if f.diagnostic.is_none() {
        f.diagnostic = Some(d);
    }
}

/// A recipient for a bounce that names none in its text: the returned message's
/// `X-Original-To`, `To`, or the `for <…>` of its first `Received`.
pub fn original_recipient(mail: &Mail) -> Option<String> {
    for name in ["x-original-to", "to", "delivered-to"] {
        if let Some(a) = mail.original_header(name).and_then(first_address) {
            return Some(a);
        }
    }
    mail.original_headers
        .iter()
        .filter(|(n, _)| n == "received")
        .find_map(|(_, v)| v.split(" for ").nth(1).and_then(first_address))
}

/// The original sender as a bounce's text names it (`Sender Address: a@b` in Exchange Online
/// NDRs, a webmail copy's `To a@b` line at the top, the returned `From:`).
pub fn labelled_sender(body: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "sender address:",
        "adresse de l'expéditeur :",
        "absenderadresse:",
        "dirección del remitente:",
        "original sender:",
        "envelope-from:",
        "return-path:",
    ];
    for (i, line) in body.lines().take(400).enumerate() {
        let l = line.trim().to_lowercase();
        if LABELS.iter().any(|p| l.starts_with(p)) {
            if let Some(a) = first_address(line) {
                return Some(a);
            }
        }
        // Webmail header block at the top: "To      a@b" / "To: a@b".
        if i < 8 && (l.starts_with("to ") || l.starts_with("to:") || l.starts_with("to\t")) {
            if let Some(a) = first_address(line) {
                return Some(a);
            }
        }
    }
    None
}

/// Lower-case copy with the same byte offsets (ASCII-only lowering).
pub fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_and_addresses() {
        assert_eq!(
            command_in("SMTP error from remote mail server after RCPT TO:<a@b.c>:").as_deref(),
            Some("RCPT")
        );
        assert_eq!(
            command_in("(in reply to end of DATA command)").as_deref(),
            Some("DATA")
        );
        assert_eq!(
            as_address(" <kijitora@example.jp>: ").as_deref(),
            Some("kijitora@example.jp")
        );
        assert_eq!(as_address("kijitora@example.jp said"), None);
        assert_eq!(
            remote_host("host mx.example.jp [192.0.2.1]: 550").as_deref(),
            Some("mx.example.jp")
        );
    }

    #[test]
    fn error_part_stops_at_returned_message() {
        let b = "oops\n  a@b.example\n------ This is a copy of the message\nTo: c@d.example\n";
        assert_eq!(error_part(b), "oops\n  a@b.example\n");
    }
}
