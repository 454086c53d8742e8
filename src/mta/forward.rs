//! A user's forward of a bounce: `Fwd:` with the bounce inline after a "Forwarded message"
//! line (quoted or not), or the bounce attached whole as `message/rfc822`. The forwarder's own
//! headers are not the bounce's; `unwrap` returns the bounce inside.

use crate::mail::Mail;
use crate::mta::looks_like_bounce;
use crate::mta::text;

/// Lines (lower case, trimmed of dashes and spaces) that open a forwarded message.
const MARKERS: &[&str] = &[
    "forwarded message",
    "begin forwarded message:",
    "original message",
    "weitergeleitete nachricht",
    "original-nachricht",
    "message transféré",
    "message d'origine",
    "mensaje reenviado",
    "messaggio inoltrato",
    "doorgestuurd bericht",
    // ezmlm's warning to a subscriber whose address bounces: the first bounce, inline
    "enclosed is a copy of the bounce message i received",
];

/// The bounce inside a forward, or `None` when `mail` is not a forward of one.
pub fn unwrap(mail: &Mail) -> Option<Mail> {
    let subject = mail.subject.trim_start().to_ascii_lowercase();
    let fwd_subject = [
        "fwd:", "fw:", "tr:", "wg:", "rv:", "enc:", "i:", "doorst:", "vs:",
    ]
    .iter()
    .any(|p| subject.starts_with(p));
    let from = mail.from_lower();
    // A mailing list passing on what it received as a bounce to its owner (Mailman's
    // "Uncaught bounce notification"): the attached message is the bounce, or the auto-reply,
    // whoever sent the notice.
    if subject.starts_with("uncaught bounce notification")
        || crate::find::contains_ci(&mail.body, "the attached message was received as a bounce")
    {
        if let Some(inner) = mail.attached.iter().find_map(|raw| Mail::parse(raw)) {
            return Some(inner);
        }
    }
    let outer_is_daemon = from.contains("mailer-daemon") || from.contains("postmaster");
    if outer_is_daemon {
        return None;
    }
    // Attached whole.
    if fwd_subject || mail.delivery_status.is_empty() {
        for raw in &mail.attached {
            if let Some(inner) = Mail::parse(raw) {
                let inner_from = inner.from_lower();
                if looks_like_bounce(&inner)
                    && (inner_from.contains("mailer-daemon")
                        || inner_from.contains("postmaster")
                        || inner_from.contains("mail delivery")
                        || !inner.delivery_status.is_empty())
                {
                    return Some(inner);
                }
            }
        }
    }
    // Inline, after a marker line.
    let at = marker_offset(&mail.body, fwd_subject)?;
    let rest = unquote(&mail.body[at..]);
    let trimmed = rest.trim_start_matches(['\n', ' ', '\t']);
    let mut inner = if starts_with_header(trimmed) {
        Mail::parse(tidy_headers(trimmed).as_bytes())?
    } else {
        Mail::from_text(trimmed)
    };
    if !looks_like_bounce(&inner) && inner.has_headers {
        return None;
    }
    if inner.delivery_status.is_empty() {
        inner.delivery_status = mail.delivery_status.clone();
    }
    if inner.original_headers.is_empty() {
        inner.original_headers = mail.original_headers.clone();
    }
    Some(inner)
}

/// Byte offset just after the forward marker line.
fn marker_offset(body: &str, fwd_subject: bool) -> Option<usize> {
    let mut offset = 0;
    let mut lines = body.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        offset += line.len();
        let bare = line.trim().trim_start_matches(['>', ' ']);
        let t = bare.trim_matches(['-', ' ', '_', '=']);
        if t.len() > 60 {
            continue;
        }
        // The marker is the line's words: "-----Original Message-----", "Begin forwarded
        // message:" — not a line that goes on in words ("Original Message Details", the
        // heading of an Outlook.com NDR's last block).
        let hit = MARKERS.iter().any(|m| {
            text::starts_with_ci(t, m)
                && !t[m.len()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphanumeric())
        });
        // "Original Message" also opens a bounce's returned message; only a Fwd: subject makes
        // it a forward.
        if hit && (fwd_subject || !text::starts_with_ci(t, "original message")) {
            return Some(offset);
        }
        // Outlook's forward: a rule of underscores, then the forwarded message's header block
        // in the client's language ("From:" / "Van:" / "De :" …).
        if fwd_subject && t.is_empty() && bare.len() >= 16 && bare.bytes().all(|b| b == b'_') {
            let next = lines
                .peek()
                .map_or("", |l| l.trim_start_matches(['>', ' ']));
            if text::starts_with_from_label(next) {
                return Some(offset);
            }
        }
    }
    None
}

/// Remove one level of `> ` quoting when every non-empty line has it.
fn unquote(text: &str) -> String {
    let quoted = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .all(|l| l.starts_with('>'));
    if !quoted {
        return text.to_string();
    }
    text.lines()
        .map(|l| {
            l.strip_prefix("> ")
                .or_else(|| l.strip_prefix('>'))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn starts_with_header(text: &str) -> bool {
    let first = crate::input::lines(text)
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [
        "from:", "subject:", "date:", "to:", "sent:", "de :", "von:", "envoyé",
    ]
    .iter()
    .any(|h| first.starts_with(h))
}

/// Mail clients print forwarded headers with tabs and blank lines; keep the header block
/// together and make it end at the first blank line after it.
fn tidy_headers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut in_headers = true;
    for line in crate::input::lines(text) {
        if in_headers {
            let is_field = line
                .split_once(':')
                .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' ') && n.len() < 40);
            if is_field {
                out.push_str(line.replace('\t', " ").trim_end());
                out.push('\n');
                continue;
            }
            in_headers = false;
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A bounce pasted whole into another bounce's text (a bounce of a bounce): the embedded
/// message from its `From MAILER-DAEMON` / `Return-Path: <>` line on.
pub fn embedded(mail: &Mail) -> Option<Mail> {
    let mut offset = 0;
    for line in mail.body.split_inclusive('\n') {
        let l = line.trim_end();
        if offset > 0
            && (l.starts_with("From MAILER-DAEMON") || l.eq_ignore_ascii_case("Return-Path: <>"))
        {
            let inner = Mail::parse(&mail.body.as_bytes()[offset..])?;
            return looks_like_bounce(&inner).then_some(inner);
        }
        offset += line.len();
    }
    None
}
