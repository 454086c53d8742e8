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

/// Records (at most one) and the sender of the `MAIL FROM`.
pub fn parse(input: &str) -> (Vec<Facts>, Option<String>) {
    let mut recipient: Option<String> = None;
    let mut sender: Option<String> = None;
    let mut last_command: Option<String> = None;
    // Whether the input has a timestamped mark at all: a line (a part of the input) can have
    // one only then, and most inputs have none, so most lines are spared the two searches.
    let stamped = [STAMPED[0].any_in(input), STAMPED[1].any_in(input)];
    let bare = !stamped[0] && !stamped[1] && is_bare_session(input);
    let mut lines = crate::input::lines(input).take(100_000);
    while let Some(line) = lines.next() {
        let Some((is_client, body)) =
            split(line, stamped).or_else(|| bare.then(|| bare_split(line)).flatten())
        else {
            continue;
        };
        if is_client {
            let upper = body.to_ascii_uppercase();
            let verb = upper.split([' ', ':']).next().unwrap_or("").to_string();
            if upper.starts_with("RCPT TO:") {
                recipient = text::first_address(body);
            }
            if upper.starts_with("MAIL FROM:") {
                sender = text::first_address(body);
            }
            last_command = Some(match verb.as_str() {
                "EHLO" | "HELO" | "MAIL" | "RCPT" | "DATA" | "STARTTLS" | "AUTH" | "QUIT" => verb,
                _ => "DATA".to_string(),
            });
        } else if let Some(code) = smtp::find_reply_code(body).filter(|c| *c >= 400) {
            let mut f = Facts {
                // Refused before RCPT TO: swaks's command line names the recipient.
                recipient: recipient.or_else(|| swaks_to(input)),
                reply_code: Some(code),
                action: Some(if code < 500 { "delayed" } else { "failed" }.to_string()),
                smtp_command: last_command.or(Some("CONN".into())),
                ..Facts::default()
            };
            // A multi-line reply ("550-5.7.1 …" … "550 5.7.1 …"): the whole of it.
            let mut reply = body.trim().to_string();
            let (plain, dash) = (code.to_string(), format!("{code}-"));
            if reply.starts_with(&dash) {
                for next in lines.by_ref().take(50) {
                    let Some((false, more)) =
                        split(next, stamped).or_else(|| bare.then(|| bare_split(next)).flatten())
                    else {
                        break;
                    };
                    let more = more.trim();
                    if !more.starts_with(&plain) {
                        break;
                    }
                    reply.push(' ');
                    reply.push_str(more);
                    if !more.starts_with(&dash) {
                        break;
                    }
                }
            }
            text::fill(&mut f, &reply);
            f.remote_mta = None;
            return (vec![f], sender);
        }
    }
    (Vec::new(), sender)
}

/// The recipient on a pasted swaks command line (`swaks --to a@b …`, `-t a@b`).
fn swaks_to(input: &str) -> Option<String> {
    crate::input::lines(input).take(20).find_map(|line| {
        if !line.contains("swaks ") {
            return None;
        }
        let mut words = line.split_whitespace();
        while let Some(w) = words.next() {
            if let Some(v) = w.strip_prefix("--to=") {
                return text::first_address(v);
            }
            if w == "--to" || w == "-t" {
                return words.next().and_then(text::first_address);
            }
        }
        None
    })
}

/// Commands a client types at the margin of an unmarked session.
const VERBS: &[&str] = &[
    "EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "STARTTLS", "AUTH", "NOOP", "VRFY",
    "BDAT",
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
