//! Sendmail's bounce ("----- The following addresses had permanent fatal errors -----",
//! "----- Transcript of session follows -----"), V5/V8 and the many Sendmail-derived MTAs.
//! The transcript gives each recipient's remote reply: `>>> RCPT To:<a@b>` then `<<< 550 …`
//! then Sendmail's own `550 5.1.1 <a@b>... User unknown`.

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};

const MARKERS: &[&str] = &[
    "----- transcript of session follows -----",
    "the following addresses had permanent fatal errors",
    "the following addresses had transient non-fatal errors",
    "the following addresses had delivery errors",
];

/// Records from Sendmail's text, or `None` when the text is not Sendmail's.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    let lower = &mail.body_lower;
    static MARKER_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(MARKERS));
    static DELAYED: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "transient non-fatal errors",
            "warning: could not send message",
        ])
    });
    static EXPIRED: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["could not be delivered for", "message timed out"]));
    if !MARKER_SET.any_in_body(mail, lower) {
        return None;
    }
    let delayed = DELAYED.any_in_body(mail, lower);
    let region = unsent_cut(&mail.body, lower);
    let mut listed: Vec<(String, String)> = Vec::new();
    let mut transcript: Vec<Facts> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut loose: Option<String> = None;
    let mut section = 0; // 1: address list, 2: transcript
    let mut command: Option<String> = None;
    let mut replies: Vec<String> = Vec::new();
    // Every remote reply of the session and the first command sent (Sisimai's `esmtpreply`,
    // `thecommand`), for recipients the transcript does not name.
    let mut session: Vec<String> = Vec::new();
    // The last `<<<` line was a reply's inner line (`550-…`): the next one continues it.
    let mut reply_open = false;
    let mut first_command: Option<String> = None;
    let mut host: Option<String> = None;
    // The region is a prefix of the body, so of `body_lower` too (same byte offsets).
    let region_lower = &lower[..region.len()];
    for line in crate::input::lines(region).map(crate::input::unquoted) {
        let t = line.trim();
        // `t` in lower case: the same bytes of `region_lower` (ASCII lower-casing keeps every
        // offset), found by `t`'s offset in the region rather than copied per line.
        let at = t.as_ptr() as usize - region.as_ptr() as usize;
        let l = &region_lower[at..at + t.len()];
        if l.starts_with("-----") && l.contains("following addresses") {
            section = 1;
            continue;
        }
        if l.starts_with("-----") && l.contains("transcript of session") {
            section = 2;
            continue;
        }
        if l.starts_with("-----") {
            section = 0;
            continue;
        }
        match section {
            1 => {
                if let Some(a) = text::as_address(t).or_else(|| bare_local(t)) {
                    listed.push((a, String::new()));
                } else if t.starts_with('"') || t.starts_with('|') {
                    // A pipe or file recipient; "(expanded from: <a@b>)" names the address.
                    listed.push((t.trim_matches('"').to_string(), String::new()));
                } else if let Some((who, why)) = listed.last_mut() {
                    let inner = t.trim_start_matches('(').trim_end_matches(')');
                    if let Some(r) = inner.strip_prefix("reason:") {
                        why.push_str(r.trim());
                    }
                    if let Some(r) = inner.strip_prefix("expanded from:") {
                        if let Some(a) = text::first_address(r) {
                            if !who.contains('@') || who.contains(' ') {
                                *who = a;
                            }
                        }
                    }
                }
            }
            2 => {
                if let Some(h) = l
                    .strip_prefix("while talking to ")
                    .or_else(|| l.strip_prefix("... while talking to "))
                {
                    host = Some(h.trim_end_matches(':').trim_end_matches('.').to_string());
                    replies.clear();
                    reply_open = false;
                    continue;
                }
                if let Some(c) = t.strip_prefix(">>> ") {
                    let verb = c
                        .split([' ', ':'])
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    command = Some(match verb.as_str() {
                        "RCPT" | "MAIL" | "DATA" | "EHLO" | "HELO" | "STARTTLS" | "QUIT" => verb,
                        _ => "DATA".into(),
                    });
                    if first_command.is_none() {
                        first_command = command.clone().filter(|c| c != "QUIT");
                    }
                    replies.clear();
                    reply_open = false;
                    continue;
                }
                if let Some(r) = t.strip_prefix("<<< ") {
                    // A multi-line reply (`550-…`) continues until its last line (`550 …`).
                    push_reply(&mut replies, r, reply_open);
                    push_reply(&mut session, r, reply_open);
                    reply_open = r.as_bytes().get(3) == Some(&b'-');
                    continue;
                }
                // A mailer's own status line ("554 5.3.0 unknown mailer error 255").
                if !t.contains("...")
                    && crate::smtp::find_reply_code(t).is_some_and(|c| c >= 400)
                    && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
                {
                    // (Not Sendmail's generic "554 5.0.0 Service unavailable" after its own
                    // specific line: "552 5.3.4 Message is too large; … bytes max".)
                    if loose.is_none() || crate::smtp::find_status(t).is_none_or(|s| s != "5.0.0") {
                        loose = Some(t.to_string());
                    }
                }
                // "550 5.1.1 <a@b>... User unknown" / "a@b... Deferred: …"
                if let Some((who, _)) = t.split_once("...") {
                    // "[550 [5.1.1]] <a@b>" and nothing else before the dots.
                    let words: Vec<&str> = who.split_whitespace().collect();
                    let codes = words
                        .iter()
                        .take_while(|w| w.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
                        .count();
                    if words.len() != codes + 1 {
                        continue;
                    }
                    let addr = words[codes];
                    let Some(a) = text::as_address(addr).or_else(|| bare_local(addr)) else {
                        continue;
                    };
                    let mut f = Facts::with_recipient(a);
                    f.remote_mta = host.clone();
                    f.smtp_command = command.clone().filter(|c| c != "QUIT");
                    // The remote reply about this address (pipelined sessions answer several
                    // commands at once), else the first reply, else Sendmail's own line.
                    let key = f.recipient.clone().unwrap_or_default().to_ascii_lowercase();
                    let named = replies
                        .iter()
                        .find(|r| r.to_ascii_lowercase().contains(&key));
                    // A later recipient's own remote reply ("554 <a@b>... 550 Host unknown")
                    // over the refusal of an earlier transaction kept for the whole session.
                    let said = t.split_once("...").map_or("", |(_, r)| r.trim());
                    let own_reply = (named.is_none()
                        && crate::input::starts_with_reply_code(said)
                        && !replies.is_empty())
                    .then(|| said.to_string());
                    // "a@b... Deferred: Connection refused by mx.other.example.": Sendmail's own
                    // account of this recipient's host, not the session's reply.
                    let own_deferral = said
                        .strip_prefix("Deferred: ")
                        .filter(|d| named.is_none() && !crate::input::starts_with_reply_code(d))
                        .map(|_| said.to_string());
                    let own = named
                        .cloned()
                        .or(own_reply)
                        .or(own_deferral)
                        .or_else(|| replies.first().cloned())
                        .unwrap_or_else(|| t.to_string());
                    text::fill(&mut f, &own);
                    let key = f.recipient.as_deref().map(str::to_ascii_lowercase);
                    if let Some(&i) = seen.get(&key) {
                        transcript[i] = f;
                    } else if transcript.len() < 10_000 {
                        seen.insert(key, transcript.len());
                        transcript.push(f);
                    }
                    // A refusal of the whole transaction (at MAIL FROM, the greeting, DATA) is
                    // every listed recipient's error; a RCPT reply is its recipient's alone.
                    if !matches!(
                        command.as_deref(),
                        Some("MAIL" | "EHLO" | "HELO" | "STARTTLS" | "DATA")
                    ) {
                        replies.clear();
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<Facts> = Vec::new();
    let mut used = std::collections::HashSet::new();
    let single = listed.len() == 1;
    for (a, why) in listed.into_iter().take(10_000) {
        let key = Some(a.to_ascii_lowercase());
        if let Some(&i) = seen.get(&key) {
            if used.insert(key) {
                out.push(transcript[i].clone());
            }
        } else if used.insert(key) {
            let mut f = Facts::with_recipient(a);
            // The only recipient, and the remote's replies in the transcript: they are its
            // error in full (the DSN and "(reason: …)" keep only a reply's first line).
            let whole = (single && !session.is_empty()).then(|| session.join(" "));
            // …and, for one of several, the reply whose first line its "(reason: …)" is.
            let why_line = why.trim();
            let full = (!why_line.is_empty())
                .then(|| {
                    session
                        .iter()
                        .find(|r| r.len() > why_line.len() && r.starts_with(why_line))
                })
                .flatten();
            text::fill(
                &mut f,
                whole
                    .as_deref()
                    .or(full.map(String::as_str))
                    .or(loose.as_deref())
                    .unwrap_or(&why),
            );
            if f.smtp_command.is_none() {
                // Replies but no command sent: the remote refused the greeting (Sisimai's
                // Sendmail: `command ||= 'EHLO' if esmtpreply`).
                f.smtp_command = first_command
                    .clone()
                    .or_else(|| (!session.is_empty()).then(|| "EHLO".to_string()));
            }
            out.push(f);
        }
    }
    for t in transcript {
        if used.insert(t.recipient.as_deref().map(str::to_ascii_lowercase)) {
            out.push(t);
        }
    }
    let expired = EXPIRED.any_in_body(mail, lower);
    for f in out.iter_mut() {
        if delayed {
            f.action = Some("delayed".into());
        }
        if expired {
            f.reason_hint = Some(crate::reason::Reason::Expired);
        }
    }
    // Pure "Deferred" lines without a recipient address say nothing about a recipient.
    out.retain(|f| f.recipient.is_some());
    (!out.is_empty()).then_some(out)
}

/// The text before "----- Unsent message follows -----" / "Original message follows"
/// (`lower`: `body` in ASCII lower case).
fn unsent_cut<'a>(body: &'a str, lower: &str) -> &'a str {
    static ENDS: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "----- unsent message follows",
            "----- original message follows",
            "------ original message",
            "----- message header follows",
        ])
    });
    let end = ENDS.earliest_in(lower).unwrap_or(body.len());
    &body[..end]
}

/// A reply line: the next line of the reply before it when that one is still `open`, else a
/// reply of its own.
fn push_reply(replies: &mut Vec<String>, line: &str, open: bool) {
    match replies.last_mut() {
        Some(last) if open => {
            last.push(' ');
            last.push_str(line);
        }
        _ => replies.push(line.to_string()),
    }
}

/// A bare local part (`kijitora`), which Sendmail prints for local recipients.
fn bare_local(t: &str) -> Option<String> {
    let t = t.trim().trim_matches(['<', '>']);
    (!t.is_empty()
        && t.len() < 65
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b)))
    .then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_transaction_is_its_session_recipients_error_only() {
        let body = "   ----- Transcript of session follows -----\n\
            While talking to mx.one.example:\n\
            >>> DATA\n\
            <<< 550 5.7.1 Message refused by policy\n\
            554 <a@one.example>... Remote protocol error\n\
            554 <b@two.example>... 550 Host unknown (Authoritative answer from name server)\n\
            \n   ----- Unsent message follows -----\n";
        let mail = Mail::from_text(&format!(
            "From: MAILER-DAEMON@mx.example\nSubject: Returned mail: see transcript for details\n\n{body}"
        ));
        let r = parse(&mail).expect("a Sendmail bounce");
        let of = |who: &str| {
            r.iter()
                .find(|f| f.recipient.as_deref() == Some(who))
                .unwrap()
        };
        // The DATA refusal is the error of the recipient of that session…
        assert!(of("a@one.example")
            .diagnostic
            .as_deref()
            .unwrap()
            .contains("refused by policy"));
        // …not of a later recipient whose own line has its own reply.
        assert!(of("b@two.example")
            .diagnostic
            .as_deref()
            .unwrap()
            .contains("Host unknown"));
    }
}
