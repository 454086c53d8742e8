//! The last-resort text scanner for bounce formats no module claims: it looks in the bounce's
//! own text (before the returned message) for lines that *present* a recipient — an address on
//! a line of its own or at its start (`<a@b>:`, `* a@b`, `a@b [User unknown]`), or after a label
//! (`Recipient:`, `RCPT TO:<a@b>`, `To: a@b`) — and takes the lines after each one, up to a
//! blank line or the next recipient, as its error text.

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};
use crate::reason::Reason;

/// Labels that introduce a recipient on the same line (lower case).
const LABELS: &[&str] = &[
    "original-recipient:",
    "final-recipient:",
    "recipient address:",
    // Zoho: "[Status: Error, Address: <a@b>, ResponseCode 421, , Host not reachable.]"
    "address: <",
    "recipient:",
    "recipients:",
    // A table's row turned to text: "Empfänger / Recipient a@b"
    "/ recipient ",
    "rcpt to:",
    "addressed to",
    "indirizzato a", // Italian PEC: "ed indirizzato a \"a@b\""
    "delivery to",
    "deliver to",
    "delivered to",
    "sent to",
    "mail to",
    "message to",
    "failed recipient",
    "destinatario fallido",
    "rejected recipient",
    "undeliverable to",
    "not delivered to",
    "delivering your mail to",
    "recipient <",
    "attempts:",
    "destinataire :",
    "empfänger:",
    "following address",
    "following recipient",
    "user ",
    "mailbox ",
];

/// Words that say an address on the line is the sender, not a recipient.
const SENDER_WORDS: &[&str] = &[
    "from:",
    "from <",
    "mail from",
    "sender",
    "envelope-from",
    "return-path",
    "reply-to",
    "received from",
    "originally from",
];

/// At most this many lines of the error part are looked at.
const MAX_LINES: usize = 200_000;

/// Records from a bounce's free text, or `None` when no recipient is presented.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    parse_text(mail.error_part())
}

/// [`parse`] over text.
pub fn parse_text(region: &str) -> Option<Vec<Facts>> {
    // (A bounce quoted in a reply, "> " before each line: read without the marks, so that the
    // remote's words wrapped over lines join up.)
    let lines: Vec<&str> = crate::input::lines(region)
        .take(MAX_LINES)
        .map(crate::input::unquoted)
        .collect();
    if let Some(found) = sent_received(&lines) {
        return Some(found);
    }
    let mut anchors: Vec<(usize, String, String)> = Vec::new(); // (line, address, rest of line)
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((addr, rest)) = anchor(line) {
            if seen.insert(addr.to_ascii_lowercase()) {
                anchors.push((i, addr, rest));
                if anchors.len() >= crate::mta::MAX_RECORDS {
                    break;
                }
            }
        }
    }
    if anchors.is_empty() {
        return None;
    }
    let paragraph = error_paragraph(&lines);
    let mut out = Vec::new();
    for (k, (i, addr, rest)) in anchors.iter().enumerate() {
        let stop = anchors.get(k + 1).map_or(lines.len(), |a| a.0).min(i + 25);
        // The lines below the address, up to the blank line that ends an explanation (a
        // heading such as "Technical details:" or a rule of `=` is no explanation yet).
        let mut below = String::new();
        // The lines right under it, before a blank.
        let mut continued: Option<String> = None;
        // After an explanation in words only, the next paragraph, kept when it has the code
        // ("The problem appears to be: … / Additional information follows: -- 5.4.1 …").
        let mut next: Option<String> = None;
        for line in &lines[i + 1..stop] {
            let t = line.trim();
            let t = &t[..crate::input::floor_char_boundary(t, text::MAX_DIAGNOSTIC)];
            if continued.is_none() && t.is_empty() {
                continued = Some(below.clone());
            }
            if !t.chars().any(char::is_alphanumeric) {
                if t.is_empty() {
                    match &next {
                        Some(p) if !p.is_empty() => break,
                        Some(_) => {}
                        None if has_code(&below) => break,
                        None if has_error_words(&below) => next = Some(String::new()),
                        None => {}
                    }
                }
                continue;
            }
            let to = next.as_mut().unwrap_or(&mut below);
            to.push(' ');
            to.push_str(t);
        }
        // (Also when the words under the address announce it: "… with the following message:".)
        let announces = below.trim_end().ends_with(':');
        if let Some(p) = next.filter(|p| has_code(p) || announces) {
            below.push_str(&p);
        }
        // Nothing right under the address (a blank line follows it) and nothing after it.
        let alone =
            rest.trim().is_empty() && continued.as_deref().is_some_and(|c| c.trim().is_empty());
        let diag = if has_code(rest) || below.trim().is_empty() {
            format!("{rest} {}", continued.unwrap_or(below))
        } else {
            format!("{rest} {below}")
        };
        let mut f = Facts::with_recipient(addr.clone());
        // The text under an address is its error when it carries a code; otherwise the
        // bounce's coded error paragraph (if any) says more than prose around the address.
        // (Not a paragraph about another of the listed recipients.)
        let about_another = |p: &str| {
            anchors
                .iter()
                .any(|(_, other, _)| other != addr && p.contains(other.as_str()))
        };
        if has_code(&diag) {
            text::fill(&mut f, &diag);
        } else if let Some(p) = paragraph
            .as_ref()
            .filter(|p| has_code(p) && !about_another(p))
        {
            text::fill(&mut f, p);
        } else if let Some(a) = alone
            .then(|| above(&lines, *i))
            .flatten()
            .filter(|a| has_error_words(a))
        {
            // "reject reason: Mailbox full" / "target mail address: a@b" and a blank line: the
            // address closes its block, and the error is the block's, not the next section's.
            text::fill(&mut f, &a);
        } else if !diag.trim().is_empty() {
            text::fill(&mut f, &diag);
        } else if let Some(a) = above(&lines, *i) {
            // Notes/Domino put the reason on the lines above the address.
            text::fill(&mut f, &a);
        }
        f.reason_hint = f.reason_hint.or_else(|| heading_verdict(lines[*i]));
        out.push(f);
    }
    // Addresses listed one per line with nothing between them (BIGLOBE's "The following
    // addresses had delivery problems" / a@b / c@d / "Non-delivered information" …): the
    // error text under the last one is the whole list's.
    for k in (0..out.len().saturating_sub(1)).rev() {
        let (line, _, rest) = &anchors[k];
        let listed = anchors[k + 1].0 == line + 1
            && rest.trim().is_empty()
            && anchors[k + 1].2.trim().is_empty();
        if listed && out[k].diagnostic.is_none() {
            if let Some(d) = out[k + 1].diagnostic.clone() {
                text::fill(&mut out[k], &d);
                out[k].reason_hint = out[k].reason_hint.or(out[k + 1].reason_hint);
            }
        }
    }
    // A log or a tool's output that lists accepted recipients beside refused ones ("RCPT
    // TO:<a@b> 250 2.1.5 Ok"): only the refused are bounces.
    if out.iter().any(|f| f.reply_code.is_some_and(|c| c >= 400)) {
        out.retain(|f| f.reply_code.is_none_or(|c| c >= 400));
    }
    // Recipients listed without their own error text share the bounce's error paragraph.
    if out.iter().any(|f| f.diagnostic.is_none()) {
        if let Some(p) = paragraph.as_ref().filter(|p| {
            anchors.len() < 2 || !anchors.iter().any(|(_, a, _)| p.contains(a.as_str()))
        }) {
            for f in out.iter_mut().filter(|f| f.diagnostic.is_none()) {
                text::fill(f, p);
            }
        }
    }
    Some(out)
}

/// InterScan MSS's blocks: the command it sent and the reply it received, then the recipient
/// they were about ("Sent <<< MAIL FROM:<…>" / "Received >>> 550 …" / "Unable to deliver
/// message to <a@b>."): each recipient takes its own block's reply, which may name no
/// recipient (a refusal at MAIL FROM). `None` without such a block.
fn sent_received(lines: &[&str]) -> Option<Vec<Facts>> {
    let mut out: Vec<Facts> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut sent: Option<&str> = None;
    let mut received: Option<&str> = None;
    for line in lines {
        let t = line.trim();
        if let Some(c) = t.strip_prefix("Sent <<< ") {
            sent = Some(c);
        } else if let Some(r) = t.strip_prefix("Received >>> ") {
            received = Some(r);
        } else if let Some(rest) = t
            .strip_prefix("Unable to deliver message to ")
            .or_else(|| t.strip_prefix("Reason:  Unable to deliver message to "))
        {
            let (Some(reply), Some(addr)) = (received.take(), text::first_address(rest)) else {
                continue;
            };
            if !seen.insert(addr.clone()) {
                continue;
            }
            let mut f = Facts::with_recipient(addr);
            text::fill(&mut f, reply);
            if let Some(cmd) = sent
                .take()
                .and_then(|c| c.split([':', ' ']).next())
                .map(str::to_ascii_uppercase)
                .filter(|c| matches!(c.as_str(), "MAIL" | "RCPT" | "DATA"))
            {
                f.smtp_command = Some(cmd);
            }
            out.push(f);
            if out.len() >= crate::mta::MAX_RECORDS {
                break;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The verdict a line like "Unknown user: a@b" (IMail) gives on the address alone: its heading
/// names what is wrong with that address, whatever SMTP command came before (Sisimai's
/// IMailServer table).
fn heading_verdict(line: &str) -> Option<Reason> {
    const VERDICTS: &[(&str, Reason)] = &[
        ("unknown user", Reason::Userunknown),
        ("user unknown", Reason::Userunknown),
        ("no such user", Reason::Userunknown),
        ("invalid final delivery userid", Reason::Userunknown),
        ("unknown host", Reason::Hostunknown),
        ("host unknown", Reason::Hostunknown),
    ];
    let (heading, _) = headed_address(line.trim())?;
    let heading = heading.trim().to_ascii_lowercase();
    VERDICTS
        .iter()
        .find(|(p, _)| {
            heading
                .strip_suffix(p)
                .is_some_and(|h| h.is_empty() || h.ends_with(' '))
        })
        .map(|(_, r)| *r)
}

/// "Heading: address" with nothing after the address: the heading and the address.
fn headed_address(t: &str) -> Option<(&str, String)> {
    let (heading, after) = t.rsplit_once(':')?;
    let after = after.trim().trim_start_matches('<').trim_end_matches('>');
    Some((heading, text::as_address(after)?))
}

/// Whether a line presents a recipient; returns the address and the rest of the line. Spacing
/// inside a label does not matter ("undeliverable  to a@b", SMTP32).
fn anchor(line: &str) -> Option<(String, String)> {
    if !line.contains('@') {
        return None;
    }
    anchor_in(line).or_else(|| {
        let t = line.trim();
        t.contains("  ")
            .then(|| anchor_in(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .flatten()
    })
}

/// [`anchor`] on a line as it is.
fn anchor_in(line: &str) -> Option<(String, String)> {
    let t = line
        .trim()
        .trim_start_matches(['*', '-', '•', '>', '#'])
        .trim();
    if t.is_empty() {
        return None;
    }
    // "a@b: 550 5.7.1 …" (OpenSMTPD writes the whole reply on the address's line): the
    // recipient, whatever the reply says ("501 5.1.0 Invalid Sender" is about the sender, but
    // the address is the recipient). A long line presents a recipient only so.
    let replied = t.split_once(' ').and_then(|(first, rest)| {
        let a = text::as_address(first.strip_suffix(':')?)?;
        (crate::input::starts_with_reply_code(rest) && !text::is_daemon(&a))
            .then(|| (a, rest.to_string()))
    });
    if replied.is_some() || t.len() > 400 {
        return replied;
    }
    static SENDER: LazyLock<Needles> = LazyLock::new(|| Needles::new(SENDER_WORDS));
    static INSTRUCTIONS: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["please", "contact", "assistance", "questions"]));
    static LABEL_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(LABELS));
    let lower = t.to_ascii_lowercase();
    if SENDER.any_in(&lower) {
        return None;
    }
    // Instructions ("please send mail to postmaster@…") name no recipient; an instruction
    // after the address ("… to <a@b>. Please check if address is correct.") is about it.
    if let Some(at) = INSTRUCTIONS.earliest_in(&lower) {
        if !lower[..at].contains('@') {
            return None;
        }
    }
    // An address at the very start of the line.
    let first = t.split_whitespace().next().unwrap_or("");
    let first = first.split("...").next().unwrap_or(first);
    if let Some(a) = text::as_address(first) {
        if !text::is_daemon(&a) {
            let rest = t[t.find(first).unwrap_or(0) + first.len()..]
                .trim_start_matches(['.', ':', '>', ','])
                .trim()
                .to_string();
            // "a@b to c@d, sent on …" (a message's sender, then its recipient).
            if let Some(to) = rest
                .strip_prefix("to ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|w| text::as_address(w.trim_end_matches([',', '.', ';', ':'])))
            {
                let after = rest[3..].trim_start();
                let after = after[after.find(' ').unwrap_or(after.len())..].trim();
                return Some((to, after.to_string()));
            }
            return Some((a, rest));
        }
    }
    // "kijitora:000000:<a@b> : …" (SendGrid): an address in angle brackets inside the first
    // token.
    if let Some(a) = first
        .find(":<")
        .and_then(|i| first[i + 2..].split_once('>'))
        .and_then(|(inner, _)| text::as_address(inner))
    {
        let rest = t[t.find(first).unwrap_or(0) + first.len()..].trim_start_matches([' ', ':']);
        return Some((a, rest.trim().to_string()));
    }
    // After a label.
    for (i, at) in LABEL_SET.each_in(&lower) {
        let label = LABELS[i];
        let after = &t[at + label.len()..];
        // A label word with no address after it ("user not found") is no label here.
        let Some(addr) = text::first_address(after) else {
            continue;
        };
        if text::is_daemon(&addr) {
            return None;
        }
        let pos = after.find(&addr).unwrap_or(0);
        // The address must come right after the label, not somewhere later in prose, or after
        // a few words that end in a colon ("following recipients returned permanent errors:").
        let between = after[..pos].trim_matches(|c: char| c.is_whitespace() || "<\"'(".contains(c));
        let introduced = between.ends_with(':') && between.split_whitespace().count() <= 5;
        if between.trim_end_matches([':', ';']).len() > 24 && !introduced {
            continue;
        }
        // The whole line speaks about the address ("User's mailbox is full: <a@b>").
        let rest = after[pos + addr.len()..].trim_start_matches(['>', ':', '"', ')', ',', '.']);
        let before = t[..at].trim();
        let said = if before.split_whitespace().count() > 1 {
            t
        } else {
            rest
        };
        return Some((addr, said.trim().to_string()));
    }
    // "What went wrong: address" (IMail's "Unknown user: a@b"): a short error phrase, a colon,
    // and nothing after the address.
    let (before, a) = headed_address(t)?;
    (!text::is_daemon(&a) && before.split_whitespace().count() <= 6 && has_error_words(before))
        .then(|| (a, t.to_string()))
}

/// The lines of an address's own paragraph above it (no rules, no other addresses), if they
/// read as an error.
fn above(lines: &[&str], at: usize) -> Option<String> {
    let mut picked: Vec<&str> = Vec::new();
    for line in lines[..at].iter().rev().take(5) {
        let t = line.trim();
        if t.is_empty() || t.starts_with("---") || t.contains('@') {
            break;
        }
        picked.push(t);
    }
    picked.reverse();
    let text = picked.join(" ");
    (!text.is_empty() && text.chars().any(char::is_alphabetic)).then_some(text)
}

/// Whether a text carries an SMTP error reply code or an enhanced status code.
fn has_code(text: &str) -> bool {
    crate::smtp::find_reply_code(text).is_some_and(|c| c >= 400)
        || crate::smtp::find_status(text).is_some_and(|s| !s.starts_with('2'))
}

/// Words that make a text an error explanation.
pub fn has_error_words(text: &str) -> bool {
    static WORDS: LazyLock<Needles> = LazyLock::new(|| Needles::new(ERROR_WORDS));
    crate::smtp::find_reply_code(text).is_some_and(|c| c >= 400)
        || crate::smtp::find_status(text).is_some_and(|s| !s.starts_with('2'))
        || WORDS.any_in(&text.to_ascii_lowercase())
}

/// Words that make a text an error explanation (lower case).
const ERROR_WORDS: &[&str] = &[
    "unknown",
    "not ",
    "no such",
    "invalid",
    "fail",
    "error",
    "reject",
    "denied",
    "full",
    "quota",
    "refused",
    "unable",
    "expired",
    "timeout",
    "timed out",
    "blocked",
    "disabled",
    "exceed",
    "unavailable",
    "deferred",
    "problem",
    "cannot",
    "can't",
    "couldn't",
    "doesn't",
    "unrouteable",
    "unroutable",
    "undeliverable",
    "too ",
    "spam",
    "policy",
    "suspend",
    "over",
];

/// A record for each of `addresses` (a header named them, the text does not), each with the
/// bounce's error paragraph as its error.
pub fn with_error_paragraph(addresses: Vec<String>, body: &str) -> Vec<Facts> {
    let error = error_text(body);
    addresses
        .into_iter()
        .map(|a| {
            let mut f = Facts::with_recipient(a);
            if let Some(e) = &error {
                text::fill(&mut f, e);
            }
            f
        })
        .collect()
}

/// The error paragraph of a bounce's text (before the returned message).
pub fn error_text(body: &str) -> Option<String> {
    let lines: Vec<&str> = crate::input::lines(text::error_part(body))
        .take(MAX_LINES)
        .collect();
    error_paragraph(&lines)
}

/// The first paragraph of the error part that carries a reply code, else error words.
fn error_paragraph(lines: &[&str]) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        // An explanation is a few lines; the rest of a huge paragraph is not read.
        if current.len() < text::MAX_DIAGNOSTIC {
            let t = line.trim();
            current.push_str(&t[..crate::input::floor_char_boundary(t, text::MAX_DIAGNOSTIC)]);
            current.push(' ');
        }
        if paragraphs.len() >= 1000 {
            break;
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .iter()
        .find(|p| crate::smtp::find_reply_code(p).is_some_and(|c| c >= 400))
        // (Seznam: "5.1.1 szn; User hasn't got the service mapped", a status and no reply.)
        .or_else(|| {
            paragraphs
                .iter()
                .find(|p| crate::smtp::find_status(p).is_some_and(|s| !s.starts_with('2')))
        })
        .or_else(|| paragraphs.iter().find(|p| has_error_words(p)))
        .map(|p| p.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_listed_recipients() {
        let t = "---The following addresses had delivery errors---\nkijitora@example.co.jp [User unknown]\n";
        let r = parse_text(t).unwrap();
        assert_eq!(r[0].recipient.as_deref(), Some("kijitora@example.co.jp"));
        assert_eq!(r[0].diagnostic.as_deref(), Some("[User unknown]"));
    }
}
