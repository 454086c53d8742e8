//! Postfix's human-readable part: `<rcpt>: host mx.example[192.0.2.1] said: 550 … (in reply to
//! RCPT TO command)`, lines folded by Postfix at about 80 columns; `<rcpt> (expanded from
//! <alias>): …` for aliases. Also Postfix's delay notices ("Delayed Mail (still being retried)").

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};

const MARKERS: &[&str] = &[
    "this is the mail system at host",
    "the mail system",
    "i'm sorry to have to inform you that your message could not",
    "i'm sorry to have to inform you that the message returned",
    "this is the postfix program at host",
    "delayed mail (still being retried)",
    "message delivery is delayed",
];

/// Records from Postfix's notification text, or `None` when the text is not Postfix's.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    if mail.subject.contains("SMTP server: errors from ") {
        // smtpd's notice to the postmaster: a transcript of the session it refused.
        let (found, _) = crate::mta::transcript::parse(&mail.body);
        return (!found.is_empty()).then_some(found);
    }
    static SAID: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[" said: "]));
    static IN_REPLY: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["(in reply to "]));
    static MARKER_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(MARKERS));
    static DELAYED: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["delayed mail", "delivery is delayed", "will be retried"]));
    // Postfix's bounce templates can be translated; its per-recipient lines cannot.
    let claims = |lower: &str| {
        MARKER_SET.any_in_body(mail, lower)
            || (SAID.any_in_body(mail, lower) && IN_REPLY.any_in_body(mail, lower))
    };
    // Cheap rejection first: what the whole body lacks, its error part lacks too.
    if !claims(&mail.body_lower) {
        return None;
    }
    let body = mail.error_part();
    // The region is a prefix of the body, so of `body_lower` too (same byte offsets).
    let lower = &mail.body_lower[..body.len()];
    if !claims(lower) {
        return None;
    }
    let delayed = DELAYED.any_in_body(mail, lower);
    let mut out: Vec<Facts> = Vec::new();
    let mut current: Option<(String, Option<String>, String)> = None;
    // Postfix may fold inside "(expanded from <alias>):"; join such a line with the next.
    // (Borrowed: only a joined line is a new string.)
    let mut lines: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let mut pending: Option<&str> = None;
    for line in crate::input::lines(body).map(crate::input::unquoted) {
        if let Some(p) = pending.take() {
            lines.push(format!("{p} {}", line.trim()).into());
            continue;
        }
        if line.starts_with('<') && line.contains("(expanded from") && !line.contains("):") {
            pending = Some(line.trim_end());
            continue;
        }
        lines.push(line.into());
    }
    lines.extend(pending.map(Into::into));
    for line in lines.iter().map(|l| &**l) {
        if out.len() >= crate::mta::MAX_RECORDS {
            break;
        }
        // An indented line that starts with the address is the remote's reply quoting it
        // ("said: 550\n    <a@b>: Recipient address rejected. (in reply to RCPT"), not the
        // next recipient.
        let quoted = |a: &str| {
            line.starts_with([' ', '\t'])
                && current
                    .as_ref()
                    .is_some_and(|(c, _, _)| c.eq_ignore_ascii_case(a))
        };
        if let Some((addr, alias, tail)) = recipient_line(line).filter(|(a, _, _)| !quoted(a)) {
            if let Some(done) = current.take() {
                out.push(record(done));
            }
            current = Some((addr, alias, tail));
            continue;
        }
        if let Some((_, _, t)) = current.as_mut() {
            // A blank line ends the record, unless a webmail copy broke it right after
            // "said:" (the reply is still to come).
            let pending = t.trim_end().ends_with("said:") || t.trim().is_empty();
            if line.trim().is_empty() {
                if !pending || t.len() > 4096 {
                    out.push(record(current.take().unwrap_or_default()));
                }
            } else {
                t.push(' ');
                t.push_str(line.trim());
            }
        }
    }
    if let Some(done) = current.take() {
        out.push(record(done));
    }
    if delayed {
        for f in out.iter_mut() {
            f.action = Some("delayed".into());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `<a@b>: text` or `<a@b> (expanded from <c@d>): text`.
fn recipient_line(line: &str) -> Option<(String, Option<String>, String)> {
    let rest = line.trim_start().strip_prefix('<')?;
    let (addr, tail) = rest.split_once('>')?;
    let addr = text::as_address(addr)
        .or_else(|| (!addr.is_empty() && !addr.contains(' ')).then(|| addr.to_string()))?;
    let tail = tail.trim_start();
    if let Some(t) = tail.strip_prefix(':') {
        return Some((addr, None, t.trim().to_string()));
    }
    let t = tail.strip_prefix("(expanded from")?;
    let (alias, t) = t.split_once("):")?;
    let alias = text::first_address(alias);
    Some((addr, alias, t.trim().to_string()))
}

fn record((addr, alias, text): (String, Option<String>, String)) -> Facts {
    // An alias expanded to a local mailbox (no dot in its domain): the address the sender
    // wrote is the alias.
    let local = addr.rsplit_once('@').is_none_or(|(_, d)| !d.contains('.'));
    let who = match alias {
        Some(a) if local => a,
        _ => addr,
    };
    let mut f = Facts::with_recipient(who);
    let (remote, said) = match text::split_once_str(&text, " said: ") {
        Some((h, s)) => (
            {
                // `trim_start_matches("host ")` (with a string it builds a searcher per call).
                let mut h = h.trim();
                while let Some(rest) = h.strip_prefix("host ") {
                    h = rest;
                }
                h
            }
            .split('[')
            .next()
            .map(|s| s.trim().to_string()),
            s,
        ),
        None => (None, text.as_str()),
    };
    let (said, command) = match text::rsplit_once_str(said, "(in reply to ") {
        Some((s, c)) => (
            s.trim(),
            c.split_whitespace().next().map(|c| c.to_ascii_uppercase()),
        ),
        None => (said.trim(), None),
    };
    f.remote_mta = remote.filter(|r| !r.is_empty());
    f.smtp_command = command.map(|c| match c.as_str() {
        "END" => "DATA".to_string(),
        "INITIAL" => "CONN".to_string(),
        _ => c,
    });
    text::fill(&mut f, said);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webmail_copy_with_broken_lines() {
        let body = "This is the mail system at host mail.example.net.\n\n                   The mail system\n\n<d@f.example>: host f-example.mail.protection.outlook.com[52.101.8.40] said:\n\n    550 5.7.606 Access denied, banned sending IP [192.0.2.1].   (in reply to RCPT TO command)\n";
        let r = parse(&Mail::from_text(body)).unwrap();
        assert_eq!(r[0].status.as_deref(), Some("5.7.606"));
        assert_eq!(r[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(
            r[0].remote_mta.as_deref(),
            Some("f-example.mail.protection.outlook.com")
        );
    }
}
