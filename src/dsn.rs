//! RFC 3464 delivery-status fields: the per-message block and one block per recipient.

use std::borrow::Cow;

use crate::facts::Facts;
use crate::mail::trim;
use crate::smtp;

/// The per-message fields of a delivery-status part.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PerMessage {
    pub reporting_mta: Option<String>,
    pub original_envelope_sender: Option<String>,
    pub arrival_date: Option<String>,
}

/// Parse a `message/delivery-status` body (or DSN-like text) into the per-message fields and
/// one `Facts` per recipient block. Continuation lines are unfolded.
pub fn parse(text: &str) -> (PerMessage, Vec<Facts>) {
    let mut per_message = PerMessage::default();
    let mut records = Vec::new();
    for_each_block(text, |block| {
        let mut facts = Facts::default();
        let (mut final_recipient, mut original, mut actual) = (None, None, None);
        let mut status_comment: Option<String> = None;
        for (name, value) in block {
            let value: &str = value;
            match *name {
                "reporting-mta" => per_message.reporting_mta = Some(strip_type(value)),
                "x-postfix-sender" | "x-original-envelope-from" | "original-envelope-from" => {
                    per_message.original_envelope_sender = Some(strip_type(value))
                }
                "arrival-date" => per_message.arrival_date = Some(value.to_string()),
                "final-recipient" => final_recipient = Some(clean_address(&strip_type(value))),
                "original-recipient" => original = Some(clean_address(&strip_type(value))),
                "x-actual-recipient" => actual = Some(clean_address(&strip_type(value))),
                // (Without a comment: "delivered (to mailbox)", "relayed (to non-DSN-aware
                // mailer)".)
                "action" => {
                    let action = value.split('(').next().unwrap_or(value);
                    facts.action = Some(action.trim().to_ascii_lowercase());
                }
                "status" => {
                    facts.status = smtp::find_status(value);
                    // "5.2.1 (mailbox disabled, not accepting messages)": the MTA's own words.
                    status_comment = comment(value);
                }
                "remote-mta" => facts.remote_mta = Some(strip_type(value)),
                "diagnostic-code" => {
                    let d = strip_type(value);
                    facts.reply_code = smtp::find_reply_code(&d);
                    facts.diagnostic = Some(d);
                    facts.diagnostic_type = Some(value_type(value));
                }
                // PowerMTA's own classification of the failure.
                "x-powermta-bouncecategory" => {
                    facts.reason_hint = crate::reason::by_powermta_category(value)
                }
                _ => {}
            }
        }
        if let Some(c) = status_comment {
            facts.diagnostic = match facts.diagnostic.take() {
                None => Some(c),
                Some(d) if d.to_ascii_lowercase().contains(&c.to_ascii_lowercase()) => Some(d),
                Some(d) => Some(format!("{d} ({c})")),
            };
        }
        if final_recipient.is_none() && original.is_none() && actual.is_none() {
            return;
        }
        // A final recipient on a local, dot-less host (an alias's expansion, or a source
        // route's last hop) is not what the sender wrote; the original recipient is.
        let routable = |a: &String| a.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'));
        facts.recipient = match (final_recipient, original) {
            (Some(f), Some(o)) if !routable(&f) && routable(&o) => Some(o),
            (Some(f), o) if f.contains('@') || o.is_none() => Some(f),
            (f, Some(o)) => Some(o).filter(|o| o.contains('@')).or(f),
            (f, None) => f,
        }
        .or(actual);
        records.push(facts);
    });
    // A relay to a system without DSNs or an alias's expansion is neither a failure nor a
    // delivery: context in a report that has failures or delays.
    let passed_on = |f: &Facts| matches!(f.action.as_deref(), Some("relayed" | "expanded"));
    if records.iter().any(|f| !passed_on(f)) {
        records.retain(|f| !passed_on(f));
    }
    (per_message, records)
}

/// The fields `parse` reads (lower case); `for_each_block` keeps only their values.
const FIELDS: &[&str] = &[
    "reporting-mta",
    "x-postfix-sender",
    "x-original-envelope-from",
    "original-envelope-from",
    "arrival-date",
    "final-recipient",
    "original-recipient",
    "x-actual-recipient",
    "action",
    "status",
    "remote-mta",
    "diagnostic-code",
    "x-powermta-bouncecategory",
];

/// Each block of (lower-case name, unfolded value), separated by blank lines, in order. A
/// field `parse` does not read is kept as `("", "")` (it still counts as a field of its
/// block), so that no name or value is copied for it; a value is copied only when a
/// continuation line unfolds into it. (Handed over one by one in one reused vector: collecting
/// the blocks cost an allocation per block and per value.)
fn for_each_block<'a>(text: &'a str, mut each: impl FnMut(&[(&'static str, Cow<'a, str>)])) {
    let mut current: Vec<(&'static str, Cow<'a, str>)> = Vec::new();
    let mut out = |current: &mut Vec<(&'static str, Cow<'a, str>)>| {
        each(current);
        current.clear();
    };
    // Some MTAs run recipient blocks together without the blank line; a second recipient
    // field starts the next block.
    let (mut has_final, mut has_result) = (false, false);
    let mut lines = crate::input::lines(text).peekable();
    while let Some(raw) = lines.next() {
        let line = raw.trim_end_matches('\r');
        if trim(line).is_empty() {
            if !current.is_empty() {
                out(&mut current);
            }
            (has_final, has_result) = (false, false);
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = current.last_mut().filter(|(n, _)| !n.is_empty()) {
                // Domino folds its `X-Notes;` diagnostics at a fixed width, inside words
                // ("Ma\n ximum hop count exceeded"): the fold's one space is not the text's.
                let notes = last.0 == "diagnostic-code"
                    && last
                        .1
                        .get(..8)
                        .is_some_and(|t| t.eq_ignore_ascii_case("x-notes;"));
                let value = last.1.to_mut();
                if notes {
                    value.push_str(line[1..].trim_end());
                } else {
                    value.push(' ');
                    value.push_str(trim(line));
                }
            }
            continue;
        }
        // (Byte searches: the `char` searches were a hot spot here, once per line.)
        if let Some(colon) = memchr::memchr(b':', line.as_bytes()) {
            let (name, value) = (trim(&line[..colon]), &line[colon + 1..]);
            if !name.is_empty() && !name.as_bytes().contains(&b' ') {
                let known = FIELDS.iter().find(|f| f.eq_ignore_ascii_case(name));
                let name: &'static str = known.copied().unwrap_or("");
                // (The same final recipient written twice, before any result, is one: a
                // relay that added its own spelling of the field.)
                let repeated = |value: &str| {
                    current.iter().rev().any(|(n, v)| {
                        *n == "final-recipient"
                            && clean_address(&strip_type(v))
                                .eq_ignore_ascii_case(&clean_address(&strip_type(value)))
                    })
                };
                // An original recipient after a result opens the next block when that block's
                // final recipient follows it; Courier writes it after the action, in the same
                // block, whatever address it names (an alias's).
                let mut opens_next = || {
                    lines.peek().is_some_and(|next| {
                        next.as_bytes()
                            .get(..16)
                            .is_some_and(|b| b.eq_ignore_ascii_case(b"final-recipient:"))
                    })
                };
                let next_recipient = (name == "final-recipient"
                    && has_final
                    && (has_result || !repeated(value)))
                    || (name == "original-recipient" && has_final && has_result && opens_next());
                if next_recipient && !current.is_empty() {
                    out(&mut current);
                    (has_final, has_result) = (false, false);
                }
                // Only results after the final recipient belong to it.
                has_result |= has_final && matches!(name, "action" | "status" | "diagnostic-code");
                has_final |= name == "final-recipient";
                let value = if known.is_some() {
                    Cow::Borrowed(trim(value))
                } else {
                    Cow::Borrowed("")
                };
                current.push((name, value));
            }
        }
    }
    if !current.is_empty() {
        out(&mut current);
    }
}

/// `rfc822; user@example.com` → `user@example.com`; `dns; mx.example.com` → `mx.example.com`.
pub fn strip_type(value: &str) -> String {
    let v = value.trim();
    match memchr::memchr(b';', v.as_bytes()).map(|at| (&v[..at], &v[at + 1..])) {
        // (`rfc822 ; a@b`: white space around the `;` is legal.)
        Some((t, rest))
            if !t.trim().is_empty() && !t.trim().as_bytes().contains(&b' ') && t.len() < 16 =>
        {
            rest.trim().to_string()
        }
        _ => v.to_string(),
    }
}

/// The type of a typed value (`X-Unix; 255` → `X-UNIX`); `SMTP` when it names none.
fn value_type(value: &str) -> String {
    match value.trim().split_once(';') {
        Some((t, _)) if !t.trim().is_empty() && !t.trim().contains(' ') && t.len() < 16 => {
            t.trim().to_ascii_uppercase()
        }
        _ => "SMTP".to_string(),
    }
}

/// The text of a field's trailing comment: `5.0.0 (undefined status)` → `undefined status`.
fn comment(value: &str) -> Option<String> {
    let open = value.find(" (")?;
    let inner = value[open + 2..].trim_end().strip_suffix(')')?.trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

/// `<User@Example.com>` → `User@Example.com`.
pub fn clean_address(value: &str) -> String {
    let a = value
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    // The whole address in quotes (`'user@example.com'`, `"user@example.com"`), not a quoted
    // local part (`"john doe"@example.com`).
    let a = [b'"', b'\'']
        .iter()
        .find_map(|&q| {
            let inner = a.strip_prefix(q as char)?.strip_suffix(q as char)?;
            (!inner.contains(q as char) && inner.contains('@')).then_some(inner.trim())
        })
        .unwrap_or(a);
    // A source route (`@relay:user@host`, RFC 5321 4.1.2) ends with the mailbox.
    let a = match a.strip_prefix('@').and_then(|r| r.split_once(':')) {
        Some((_, mailbox)) => mailbox,
        None => a,
    };
    a.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_type_like_split_once() {
        // What the byte search replaced.
        fn reference(value: &str) -> String {
            let v = value.trim();
            match v.split_once(';') {
                Some((t, rest))
                    if !t.trim().is_empty() && !t.trim().contains(' ') && t.len() < 16 =>
                {
                    rest.trim().to_string()
                }
                _ => v.to_string(),
            }
        }
        for v in [
            "",
            ";",
            "rfc822; a@b.example",
            " rfc822 ;a@b.example ",
            "x y; z",
            "averyveryverylongtype; z",
            "smtp; 550 a; b",
            "é;ü",
            "no type",
            "\u{3000}dns;\u{a0}mx.example",
        ] {
            assert_eq!(strip_type(v), reference(v), "{v:?}");
        }
        // White space before the `;` is legal (RFC 3464 allows CFWS there).
        assert_eq!(strip_type("rfc822 ; a@b.example"), "a@b.example");
    }

    #[test]
    fn a_line_after_an_original_recipient_may_be_any_text() {
        // (Fuzzing found the look at the next line's first 16 bytes cutting a character.)
        let t = "Final-Recipient: rfc822; a@example.org\nAction: failed\nOriginal-Recipient: rfc822; b@example.org\n\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\n";
        let (_, r) = parse(t);
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn courier_original_recipient_after_the_action_stays_in_its_block() {
        // Courier writes Original-Recipient after Action; an alias's address there is not the
        // next recipient.
        let t = "Reporting-MTA: dns; mail.example.org\n\nFinal-Recipient: rfc822; a@example.org\nAction: delivered\nOriginal-Recipient: rfc822; Alias@Example.org\nStatus: 2.0.0\n\nFinal-Recipient: rfc822; b@example.net\nAction: failed\nOriginal-Recipient: rfc822; Alias@Example.org\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.2.1 disabled\n";
        let (_, r) = parse(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("2.0.0"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[1].action.as_deref(), Some("failed"));
    }

    #[test]
    fn recipient_blocks_without_blank_lines() {
        let t = "Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\nOriginal-Recipient: rfc822; c@d.example\nFinal-Recipient: rfc822; c@d.example\nAction: failed\nStatus: 5.2.2\n";
        let (_, r) = parse(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].recipient.as_deref(), Some("c@d.example"));
        assert_eq!(r[1].status.as_deref(), Some("5.2.2"));
    }

    #[test]
    fn parses_folded_diagnostic() {
        let t = "Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.7.509\nDiagnostic-Code: smtp; 550 5.7.509 Access denied,\n    sending domain [example.com] does not pass DMARC\n";
        let (m, r) = parse(t);
        assert_eq!(m.reporting_mta.as_deref(), Some("mx.example.com"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].recipient.as_deref(), Some("a@b.example"));
        assert_eq!(r[0].reply_code, Some(550));
        assert_eq!(
            r[0].diagnostic.as_deref(),
            Some("550 5.7.509 Access denied, sending domain [example.com] does not pass DMARC")
        );
    }
}
