//! SMTP session transcripts (swaks `->`/`<-`/`<**`, `C:`/`S:`, `>>>`/`<<<`, MDaemon's
//! `-->`/`<--` after a timestamp): the first 4xx/5xx reply the server gave, the command it
//! answered, and the recipient of the `RCPT TO`.

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mta::text::{self, Needles};
use crate::smtp;

/// What the sending side said, and what the receiving server answered. Postfix's notices to
/// the postmaster ("SMTP server: errors from …") write the remote client's lines as `In:` and
/// its own replies as `Out:`.
/// swaks marks the TLS part of a session `~>` / `<~` (`<~*` an error) and an error reply
/// outside TLS `<-*` / `<**`.
const CLIENT: &[&str] = &["--> ", "-> ", "~> ", ">>> ", "C: ", "In: "];
const SERVER: &[&str] = &[
    "<-- ", "<** ", "<~~ ", "<~* ", "<-* ", "<- ", "<~ ", "<<< ", "S: ", "Out: ",
];

/// A command sent and not yet answered (replies come in the order of the commands, also when
/// the client pipelines them).
struct Pending {
    verb: String,
    recipient: Option<String>,
}

/// One SMTP session's state. A tool's log may interleave several sessions; each line's
/// [`session_key`] says whose it is.
#[derive(Default)]
struct Session {
    /// Commands waiting for their reply, oldest first.
    pending: std::collections::VecDeque<Pending>,
    /// The recipients the server accepted in this transaction (a refused DATA fails them all).
    accepted: Vec<String>,
    /// The last recipient named: a reply that answers nothing we saw (a log that left the
    /// command out) is still about it.
    last_recipient: Option<String>,
    /// After `354`: the message's lines are not commands, and the next reply ends the DATA.
    in_data: bool,
    last_verb: Option<String>,
}

/// Records (one per refused recipient, or one for a refusal before any recipient) and the
/// sender of the `MAIL FROM`.
pub fn parse(input: &str) -> (Vec<Facts>, Option<String>) {
    let expanded;
    let input = match one_line_sessions(input) {
        Some(e) => {
            expanded = e;
            expanded.as_str()
        }
        None => input,
    };
    let mut sender: Option<String> = None;
    let mut records: Vec<Facts> = Vec::new();
    let mut sessions: Vec<(String, Session)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut named_to: Option<String> = None;
    // Whether the input has a timestamped mark at all: a line (a part of the input) can have
    // one only then, and most inputs have none, so most lines are spared the two searches.
    let stamped = [STAMPED[0].any_in(input), STAMPED[1].any_in(input)];
    let inline = INLINE_PRESENT.any_in(input)
        || (memchr::memmem::find(input.as_bytes(), b"\n> ").is_some()
            && memchr::memmem::find(input.as_bytes(), b"\n< ").is_some());
    // (Whether the tools' own lines that name the recipient occur at all: most texts have
    // neither, and their lines are spared the searches.)
    let mdaemon_to = memchr::memmem::find(input.as_bytes(), b": *  To: ").is_some();
    let hmail_to = memchr::memmem::find(input.as_bytes(), b"Delivering message from ").is_some();
    let bare = !stamped[0] && !stamped[1] && !inline && is_bare_session(input);
    let split_line = |line: &'_ str| -> Option<(bool, String)> {
        split(line, stamped)
            .map(|(c, b)| (c, b.to_string()))
            .or_else(|| inline.then(|| split_inline(line)).flatten())
            .or_else(|| {
                bare.then(|| bare_split(line))
                    .flatten()
                    .map(|(c, b)| (c, b.to_string()))
            })
    };
    let mut lines = crate::input::lines(input).take(100_000).peekable();
    while let Some(line) = lines.next() {
        let Some((is_client, body)) = split_line(line) else {
            // The message's recipient as the tool's own lines name it before the session:
            // MDaemon's header ("…: *  To: a@b"), hMailServer's "Delivering message from a@b
            // to c@d". A refusal before any RCPT is about it.
            if let Some((_, to)) = mdaemon_to.then(|| line.split_once(": *  To: ")).flatten() {
                named_to = text::first_address(to);
            } else if let Some((_, to)) = hmail_to
                .then(|| line.split_once("Delivering message from "))
                .flatten()
                .and_then(|(_, r)| r.split_once(" to "))
            {
                named_to = text::first_address(to);
            }
            continue;
        };
        let key = session_key(line);
        let at = match index.get(&key) {
            Some(&at) => at,
            None if sessions.len() < 10_000 => {
                index.insert(key.clone(), sessions.len());
                sessions.push((key, Session::default()));
                sessions.len() - 1
            }
            None => continue,
        };
        let state = &mut sessions[at].1;
        if is_client {
            let upper = body.trim().to_ascii_uppercase();
            if state.in_data {
                // The message itself, up to the lone ".".
                if upper == "." {
                    state.in_data = false;
                    state.pending.push_back(Pending {
                        verb: "DATA".into(),
                        recipient: None,
                    });
                }
                continue;
            }
            let verb = upper.split([' ', ':']).next().unwrap_or("").to_string();
            let mut recipient = None;
            if upper.starts_with("RCPT TO:") {
                recipient = text::first_address(&body);
                state.last_recipient = recipient.clone();
            }
            if upper.starts_with("MAIL FROM:") {
                sender = text::first_address(&body);
                state.accepted.clear();
                // (A new transaction: the last one's recipient is not this one's.)
                state.last_recipient = None;
            }
            if !VERBS.contains(&verb.as_str()) {
                continue;
            }
            state.last_verb = Some(verb.clone());
            state.pending.push_back(Pending { verb, recipient });
            continue;
        }
        let Some(code) = smtp::find_reply_code(&body) else {
            continue;
        };
        // A multi-line reply ("550-5.7.1 …" … "550 5.7.1 …"): the whole of it, also when the
        // tool wrote its continuation lines without a mark (PHPMailer).
        let mut reply = body.trim().to_string();
        let (plain, dash) = (code.to_string(), format!("{code}-"));
        if reply.starts_with(&dash) {
            let mut joined = 0;
            while let Some(next) = lines.peek().filter(|_| joined < 50) {
                joined += 1;
                let more = match split_line(next) {
                    Some((false, more)) if session_key(next) == sessions[at].0 => more,
                    Some(_) => break,
                    None => next.trim().to_string(),
                };
                let more = more.trim();
                if !more.starts_with(&plain) {
                    break;
                }
                reply.push(' ');
                reply.push_str(more);
                lines.next();
                if !more.starts_with(&dash) {
                    break;
                }
            }
        }
        let state = &mut sessions[at].1;
        let answered = state.pending.pop_front();
        // (No command waiting: the greeting, or a reply to what the log did not show — the
        // message's end, AUTH's exchange — which the last command sent began.)
        let command = match &answered {
            Some(p) => p.verb.clone(),
            None => state.last_verb.clone().unwrap_or_else(|| "CONN".into()),
        };
        state.in_data = code == 354;
        if state.in_data {
            continue;
        }
        if code < 400 {
            if command == "RCPT" {
                if let Some(r) = answered.and_then(|p| p.recipient) {
                    state.accepted.push(r);
                }
            }
            continue;
        }
        let refused = |recipient: Option<String>| {
            let mut f = Facts {
                recipient,
                reply_code: Some(code),
                action: text::action(code < 500),
                smtp_command: Some(command.clone()),
                ..Facts::default()
            };
            text::fill(&mut f, &reply);
            f.remote_mta = None;
            f
        };
        match command.as_str() {
            "RCPT" => {
                let r = answered
                    .and_then(|p| p.recipient)
                    .or(state.last_recipient.clone());
                records.push(refused(r));
            }
            // The message refused: every recipient the server had accepted.
            "DATA" | "BDAT" if !state.accepted.is_empty() => {
                for r in std::mem::take(&mut state.accepted) {
                    if !records
                        .iter()
                        .any(|f| f.recipient.as_deref() == Some(r.as_str()))
                    {
                        records.push(refused(Some(r)));
                    }
                }
            }
            // Refused before any recipient: the tool's own lines, or swaks's or curl's
            // command line, name it.
            _ => records.push(refused(
                state
                    .last_recipient
                    .clone()
                    .or_else(|| named_to.clone())
                    .or_else(|| swaks_to(input)),
            )),
        }
        if records.len() >= crate::mta::MAX_RECORDS {
            break;
        }
    }
    (records, sender)
}

/// Which session a tool's log line belongs to, where the tool logs several at once: Haraka's
/// transaction id (`[UUID.1.2]`), hMailServer's session number, the session id of Exchange's
/// protocol log, MailEnable's message id. Empty for one-session input.
fn session_key(line: &str) -> String {
    if line.starts_with("\"SMTPC\"") || line.starts_with("\"SMTPD\"") {
        return line.split('\t').nth(1).unwrap_or("").to_string();
    }
    if line.contains("\tSMTP-OU\t") {
        return line.split('\t').nth(2).unwrap_or("").to_string();
    }
    if line.contains(",>,") || line.contains(",<,") {
        return line.split(',').nth(2).unwrap_or("").to_string();
    }
    if line.contains("] C: ") || line.contains("] S: ") {
        // The bracketed token with a UUID's hyphens and a transaction's dots.
        return line
            .split('[')
            .skip(1)
            .filter_map(|t| t.split_once(']').map(|(t, _)| t))
            .find(|t| t.len() > 20 && t.contains('-') && t.contains('.'))
            .unwrap_or("")
            .to_string();
    }
    String::new()
}

/// MailEnable's SMTP activity log writes each command and its reply on one tab-separated line
/// (`…\tSMTP-OU\tMSGID\tN\tIP\tRCPT\tRCPT TO:<a@b>\t550 …\t…`): the same as two marked
/// lines, which is how the session reader is given them. `None` when there is no such line.
fn one_line_sessions(input: &str) -> Option<String> {
    memchr::memmem::find(input.as_bytes(), b"\tSMTP-OU\t")?;
    let mut out = String::with_capacity(input.len() * 2);
    for line in crate::input::lines(input) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.get(1) != Some(&"SMTP-OU") || fields.len() < 8 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let prefix = fields[..5].join("\t");
        if !fields[6].trim().is_empty() {
            out.push_str(&format!("{prefix}\tSMTP-OU\t,>,{}\n", fields[6].trim()));
        }
        if !fields[7].trim().is_empty() {
            out.push_str(&format!("{prefix}\tSMTP-OU\t,<,{}\n", fields[7].trim()));
        }
    }
    Some(out)
}

/// Marks that some tools write inside a line, after their own columns: PHPMailer's `CLIENT ->
/// SERVER:`, hMailServer's `"SENT: …"` / `"RECEIVED: …"`, Exchange's protocol log `,>,` /
/// `,<,`, Haraka's `[outbound] C:` / `S:` (lower case; the first of each pair is the client's).
const INLINE: &[(&str, bool)] = &[
    ("client -> server: ", true),
    ("server -> client: ", false),
    ("\"sent: ", true),
    ("\"received: ", false),
    (",>,", true),
    (",<,", false),
    ("] c: ", true),
    ("] s: ", false),
    // IIS SMTP's W3C log: "… OutboundConnectionCommand SMTPSVC1 HOST - 25 RCPT - TO:<a@b> 0 …"
    ("outboundconnectioncommand ", true),
    ("outboundconnectionresponse ", false),
    ("smtp -> from server:", false),
    ("smtp -> error: ", false),
];

/// The [`INLINE`] marks as the tools write them: whether a text has any is decided once per
/// text with these (case-sensitive, and fast: most texts have none).
static INLINE_PRESENT: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "CLIENT -> SERVER: ",
        "SERVER -> CLIENT: ",
        "\"SENT: ",
        "\"RECEIVED: ",
        ",>,",
        ",<,",
        "] C: ",
        "] S: ",
        "OutboundConnectionCommand ",
        "OutboundConnectionResponse ",
        "SMTP -> FROM SERVER:",
        "SMTP -> ERROR: ",
    ])
});

/// Whether `lower` (lower case) is a session some tool logged with [`INLINE`] marks or curl's:
/// a command of the client's and a reply of the server's, each marked.
pub fn has_inline_session(lower: &str) -> bool {
    // MailEnable's one-line sessions ([`one_line_sessions`]).
    if lower.contains("\tsmtp-ou\t") && lower.contains("\trcpt to:") {
        return true;
    }
    let (mut client, mut server) = (false, false);
    for line in crate::input::lines(lower).take(500) {
        match split_inline(line) {
            Some((true, said))
                if said.starts_with("mail from:") || said.starts_with("rcpt to:") =>
            {
                client = true
            }
            Some((false, said)) if crate::input::starts_with_reply_code(&said) => server = true,
            _ => {}
        }
        if client && server {
            return true;
        }
    }
    false
}

/// (is the client speaking, what was said) for a line with one of the [`INLINE`] marks, and
/// curl's `> ` / `< ` at the margin: what follows the mark, without the tool's quoting, its
/// trailing field separator or its `\r\n` and `[nl]` escapes.
fn split_inline(line: &str) -> Option<(bool, String)> {
    let t = line.trim_start();
    // curl -v: "> RCPT TO:<a@b>", "< 550 …" (a quoted mail's "> " is not followed by a verb).
    if let Some(rest) = t.strip_prefix("> ") {
        let verb = rest.split([' ', ':']).next().unwrap_or("");
        if VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb)) {
            return Some((true, rest.trim().to_string()));
        }
    }
    if let Some(rest) = t.strip_prefix("< ") {
        if crate::input::starts_with_reply_code(rest) {
            return Some((false, rest.trim().to_string()));
        }
    }
    let lower = line.to_ascii_lowercase();
    let (at, mark, client) = INLINE
        .iter()
        .filter_map(|(m, c)| lower.find(m).map(|at| (at, *m, *c)))
        .min_by_key(|(at, _, _)| *at)?;
    let mut rest = line[at + mark.len()..].trim();
    if mark.starts_with("outboundconnection") {
        // Site, computer, server IP, port, method, URI stem, URI query (`+` for spaces).
        let words: Vec<&str> = rest.split(' ').collect();
        let (method, query) = (*words.get(4)?, *words.get(6)?);
        let query = query.replace('+', " ");
        let query = if query == "-" { String::new() } else { query };
        return Some(if client {
            (true, format!("{method} {query}").trim().to_string())
        } else {
            (false, query)
        });
    }
    // PHPMailer 5: "SMTP -> ERROR: RCPT not accepted from server: 550 …".
    if mark == "smtp -> error: " {
        rest = rest.split_once(": ").map_or(rest, |(_, r)| r.trim());
    }
    let rest = rest.trim_end_matches(',').trim_matches('"');
    let rest = rest.trim_end_matches("<br />").trim_end_matches("\\r\\n");
    Some((client, rest.replace("[nl]", " ")))
}

/// The recipient on a pasted swaks or curl command line (`swaks --to a@b …`, `-t a@b`,
/// `curl --mail-rcpt a@b …`).
fn swaks_to(input: &str) -> Option<String> {
    // A command line continued with "\" is one line.
    let mut joined: Vec<String> = Vec::new();
    let mut continued = false;
    for line in crate::input::lines(input).take(20) {
        match joined.last_mut().filter(|_| continued) {
            Some(last) => last.push_str(line),
            None => joined.push(line.to_string()),
        }
        continued = line.trim_end().ends_with('\\');
    }
    joined.iter().find_map(|line| {
        let (long, short) = if line.contains("swaks ") {
            ("--to", "-t")
        } else if line.contains("curl ") {
            ("--mail-rcpt", "--mail-rcpt")
        } else {
            return None;
        };
        let mut words = line.split_whitespace();
        while let Some(w) = words.next() {
            if let Some(v) = w.strip_prefix(long).and_then(|v| v.strip_prefix('=')) {
                return text::first_address(v);
            }
            if w == long || w == short {
                return words.next().and_then(text::first_address);
            }
        }
        None
    })
}

/// Commands a client types at the margin of an unmarked session.
const VERBS: &[&str] = &[
    "EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "STARTTLS", "AUTH", "NOOP", "VRFY",
    "BDAT", "XFORWARD", "XCLIENT", "LHLO",
];

/// A session typed or captured without marks (`telnet`, `openssl s_client`, `nc`): the
/// client's commands and the server's replies at the margin. Read that way only when no line
/// has a mark and the text greets (`EHLO`/`HELO`), gives a sender (`MAIL FROM:`) and has a
/// `250` reply, each at the start of a line — a bounce's prose does not.
pub fn is_bare_session(input: &str) -> bool {
    let (mut greets, mut sender, mut ok) = (false, false, false);
    for line in crate::input::lines(input).take(500) {
        let t = line.trim_start();
        if may_start_mark(t.as_bytes().first())
            && CLIENT.iter().chain(SERVER).any(|m| t.starts_with(m))
        {
            return false;
        }
        let head = t.get(..10).unwrap_or(t);
        greets |= head
            .get(..5)
            .is_some_and(|h| h.eq_ignore_ascii_case("EHLO ") || h.eq_ignore_ascii_case("HELO "));
        sender |= head.eq_ignore_ascii_case("MAIL FROM:");
        ok |= t.starts_with("250 ") || t.starts_with("250-");
    }
    greets && sender && ok
}

/// [`split`] for a bare session's line: a reply code at the margin is the server, a command
/// verb the client.
fn bare_split(line: &str) -> Option<(bool, &str)> {
    let t = line.trim();
    if crate::input::starts_with_reply_code(t) {
        return Some((false, t));
    }
    let verb = t.split([' ', ':']).next()?;
    VERBS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(verb))
        .then_some((true, t))
}

/// The first bytes of the [`CLIENT`] and [`SERVER`] marks: a line starting with none of them
/// (after its indentation) starts with no mark.
fn may_start_mark(b: Option<&u8>) -> bool {
    matches!(
        b,
        Some(b'-' | b'~' | b'>' | b'<' | b'C' | b'I' | b'S' | b'O')
    )
}

/// "Tue 2024-05-14 09:12:33.741: <-- 550 …": the client's and the server's mark after a
/// timestamp (searchers compiled once: this runs per line).
static STAMPED: LazyLock<[Needles; 2]> =
    LazyLock::new(|| [Needles::new(&[": --> "]), Needles::new(&[": <-- "])]);

/// (is the client speaking, what was said) for a transcript line, wherever its arrow is.
/// `stamped` tells which of the [`STAMPED`] marks the whole input has.
fn split(line: &str, stamped: [bool; 2]) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if may_start_mark(t.as_bytes().first()) {
        for (client, marks) in [(true, CLIENT), (false, SERVER)] {
            for m in marks {
                if let Some(rest) = t.strip_prefix(m) {
                    return Some((client, rest.trim_start()));
                }
            }
        }
    }
    for (client, mark, present) in [
        (true, &STAMPED[0], stamped[0]),
        (false, &STAMPED[1], stamped[1]),
    ] {
        if !present {
            continue;
        }
        if let Some(at) = mark.earliest_in(line) {
            return Some((client, line[at + ": --> ".len()..].trim_start()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_start_with_the_listed_bytes() {
        for m in CLIENT.iter().chain(SERVER) {
            assert!(may_start_mark(m.as_bytes().first()), "{m:?}");
        }
    }

    #[test]
    fn split_like_searching_every_line() {
        // What `split` did before: both timestamped marks searched for in every line.
        fn old(line: &str) -> Option<(bool, &str)> {
            let t = line.trim_start();
            for (client, marks) in [(true, CLIENT), (false, SERVER)] {
                for m in marks {
                    if let Some(rest) = t.strip_prefix(m) {
                        return Some((client, rest.trim_start()));
                    }
                }
            }
            for (client, mark) in [(true, ": --> "), (false, ": <-- ")] {
                if let Some(at) = line.find(mark) {
                    return Some((client, line[at + mark.len()..].trim_start()));
                }
            }
            None
        }
        let input =
            "  -> RCPT TO:<a@b.example>\n<** 451 busy\nC: DATA\nS: 550 no\nIn: x\nOut: 554 y\n\
            Tue 2024-05-14 09:12:33.741: <-- 550 unknown\n09:12:33: --> RCPT TO:<c@d.example>\n\
            x: --> y: <-- z\nx: <-- y: --> z\n>>> DATA\n<<< 550 5.7.1 no\n<-- 421\n\u{3000}<- 550\n\
            plain text\n-- not a mark\nSubject: hello\n";
        for line in input.lines() {
            let stamped = [input.contains(": --> "), input.contains(": <-- ")];
            assert_eq!(split(line, stamped), old(line), "{line:?}");
            // A line alone as the input.
            let alone = [line.contains(": --> "), line.contains(": <-- ")];
            assert_eq!(split(line, alone), old(line), "{line:?}");
        }
    }

    #[test]
    fn swaks() {
        let t = " -> MAIL FROM:<info@tours.example.net>\n<-  250 2.1.0 Sender OK\n -> RCPT TO:<j@m.example>\n<** 451 4.7.500 Server busy. (AS843)\n -> QUIT\n";
        let (r, sender) = parse(t);
        assert_eq!(r[0].recipient.as_deref(), Some("j@m.example"));
        assert_eq!(r[0].status.as_deref(), Some("4.7.500"));
        assert_eq!(r[0].action.as_deref(), Some("delayed"));
        assert_eq!(r[0].smtp_command.as_deref(), Some("RCPT"));
        assert_eq!(sender.as_deref(), Some("info@tours.example.net"));
    }
}
