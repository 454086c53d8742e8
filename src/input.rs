//! What kind of paste is this? Cheap checks on the first lines decide which parsers run.

use std::borrow::Cow;

use crate::report::InputKind;

/// Text pasted through a rich-text editor, a ticket portal or a chat: zero-width spaces and
/// joiners (U+200B–U+200D, U+2060, U+FEFF) that a portal put inside addresses so that they
/// could wrap, removed; typographic quotes (‘ ’ “ ”) made ASCII, as the server wrote them
/// ("Remote Server returned '550 …'"). Anything else is left as it is; text without these
/// characters is not copied.
pub fn plain_paste(text: Cow<'_, str>) -> Cow<'_, str> {
    // All of them are three-byte UTF-8 sequences led by E2 or EF.
    let odd = |c: char| {
        matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{2018}'..='\u{201d}'
        )
    };
    if !text.bytes().any(|b| b == 0xE2 || b == 0xEF) || !text.contains(odd) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The text is a whole HTML page (`<!DOCTYPE html>` or `<html` first).
pub fn is_html_page(text: &str) -> bool {
    let head = text.trim_start();
    let head = &head[..floor_char_boundary(head, 16)];
    crate::mta::text::starts_with_ci(head, "<!doctype html")
        || crate::mta::text::starts_with_ci(head, "<html")
}

/// Guess the input kind from its text (already LF-normalised).
pub fn detect(text: &str) -> InputKind {
    let head: &str = &text[..floor_char_boundary(text, 8192)];
    if looks_like_headers(head) {
        return InputKind::Eml;
    }
    let lower = head.to_ascii_lowercase();
    if is_log(&lower) {
        return InputKind::Log;
    }
    if is_transcript(&lower) {
        return InputKind::Transcript;
    }
    let trimmed = text.trim();
    if !trimmed.contains('\n') && starts_with_reply_code(trimmed) {
        return InputKind::ReplyLine;
    }
    if !trimmed.is_empty() {
        return InputKind::NdrText;
    }
    InputKind::Unknown
}

/// How many messages an mbox holds (its first line a `From ` envelope line, each further
/// message's after an empty line, as mbox writers put them); 0 for any other text (LF-normalised).
/// Only the first is decoded as the input; `rebound scan` decodes each.
pub fn mbox_messages(text: &str) -> usize {
    if !text.starts_with("From ") {
        return 0;
    }
    1 + memchr::memmem::find_iter(text.as_bytes(), b"\n\nFrom ").count()
}

/// [`str::lines`] with memchr's SIMD search for the line ends: the core iterator's byte search
/// was a hot spot (every parser walks the body line by line). The same lines: split at `\n`,
/// a `\r` before it dropped, no empty last line after a final `\n`.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: Some(text) }
}

/// A line without its reply quoting ("> ", "> > "), so that a bounce quoted in a reply reads as
/// the bounce ("> >>> RCPT TO" keeps its transcript mark).
pub fn unquoted(line: &str) -> &str {
    let mut l = line;
    loop {
        // ("| ", Outlook's other quoting prefix.)
        match l.strip_prefix("> ").or_else(|| l.strip_prefix("| ")) {
            Some(rest) => l = rest,
            // (An empty slice of the line itself: callers find a line's offset by pointer.)
            None if l == ">" => return &l[1..],
            None => return l,
        }
    }
}

/// The iterator of [`lines`].
#[derive(Clone)]
pub struct Lines<'a> {
    /// The text not yet split; `None` once the last line is out.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let after = &rest[i + 1..];
                self.rest = (!after.is_empty()).then_some(after);
                let line = &rest[..i];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                self.rest = None;
                (!rest.is_empty()).then_some(rest)
            }
        }
    }
}

/// Largest index ≤ `at` that is a char boundary.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut i = at;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An RFC 5322 header block: the first non-empty lines are `Name: value` fields, and at least
/// one of the fields every message has appears among them.
fn looks_like_headers(head: &str) -> bool {
    let mut fields = 0;
    let mut known = false;
    for line in lines(head).take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if line.starts_with("From ") && fields == 0 {
            continue; // mbox separator
        }
        let name = match memchr::memchr(b':', line.as_bytes()) {
            Some(colon) => &line[..colon],
            None => return false,
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        fields += 1;
        // (Once one is seen the rest need not be compared.)
        known = known
            || [
                "from",
                "to",
                "subject",
                "date",
                "received",
                "return-path",
                "message-id",
                "mime-version",
                "content-type",
                "delivered-to",
            ]
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k));
    }
    fields >= 2 && known
}

fn is_log(lower: &str) -> bool {
    lines(lower).take(50).any(|l| {
        (l.contains("postfix/") && (l.contains("status=") || l.contains("to=<")))
            || (is_exim_log_line(l) && (l.contains(" ** ") || l.contains(" == ")))
            || ((l.contains("sendmail[") || l.contains("sm-mta[")) && l.contains("stat="))
            // OpenSMTPD
            || (l.contains(" delivery evpid=") && l.contains(" result=\""))
            // qmail-send
            || l.contains("starting delivery ")
            || (l.contains(" delivery ") && (l.contains(": failure: ") || l.contains(": deferral: ")))
            // GreenArrow's `hvmail_report` (qmail's words, a line per delivery)
            || ((l.contains(" failure <") || l.contains(" deferral <"))
                && l.contains("remote host said: "))
            // Postfix's queue listings: `mailq` and `postqueue -j`
            // (with long queue ids: "----Queue ID-----")
            || l.trim_start_matches('-').starts_with("queue id-")
            || (l.trim_start_matches('-').starts_with("q-id-") && l.contains("-q-time-"))
            // Exim's message log (`exim -Mvl`): a deferral without the queue id and flag
            || (is_exim_log_line(l) && l.contains(" r=") && l.contains(" defer ("))
            // PowerMTA's accounting file (CSV with its header line)
            || (l.starts_with("type,timelogged,") && l.contains(",rcpt,"))
            // Exchange's `Get-MessageTrackingLog | fl`
            || (l.starts_with("recipientstatus ") && l.contains(" : {"))
            // Exchange Online's `Get-MessageTraceDetailV2 | fl`
            || (l.starts_with("detail ") && l.contains(" : reason: [{led="))
            || l.starts_with("{\"queue_name\":")
            // Courier's esmtp module
            || (l.contains("courieresmtp: id=") && l.contains(",status: "))
            // msmtp's log file and nullmailer's syslog lines
            || (l.contains(" smtpstatus=") && l.contains(" recipients="))
            || (l.contains("nullmailer[") && l.contains("smtp: failed: "))
            // Exchange's `Get-Message | fl` (a queued message's last error)
            || (l.starts_with("lasterror ") && l.contains(" : "))
            // `smtpctl show queue` (OpenSMTPD)
            || (l.contains("|pending|") && l.matches('|').count() >= 13)
            // `exinext` (Exim's retry database)
            || l.trim_start().starts_with("next try at:")
    })
}

/// Exim's main log lines start with `YYYY-MM-DD HH:MM:SS`, after the file's name when `grep`
/// or `zgrep` read several logs (`/var/log/exim4/mainlog.2.gz:2026-11-18 16:29:05 …`).
fn is_exim_log_line(l: &str) -> bool {
    let dated = |b: &[u8]| {
        b.len() > 20
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b' '
            && b[13] == b':'
    };
    dated(l.as_bytes())
        || l.split_once(':')
            .is_some_and(|(file, rest)| !file.contains(' ') && dated(rest.as_bytes()))
}

fn is_transcript(lower: &str) -> bool {
    let mut client = false;
    let mut server = false;
    for l in lines(lower).take(200) {
        let t = l.trim_start();
        if t.starts_with("-> ")
            || t.starts_with("~> ")
            || t.starts_with(">>> ")
            || t.starts_with("c: ")
        {
            client = true;
        }
        if t.starts_with("<- ")
            || t.starts_with("<~ ")
            || t.starts_with("<~* ")
            || t.starts_with("<-* ")
            || t.starts_with("<** ")
            || t.starts_with("<<< ")
            || t.starts_with("s: ")
        {
            server = true;
        }
        if t.starts_with("ehlo ") || t.starts_with("mail from:") || t.starts_with("rcpt to:") {
            client = true;
        }
        // MDaemon's marks after a timestamp: "Wed 2025-01-15 10:14:22.128: --> RCPT To:<a@b>"
        client |= l.contains(": --> ");
        server |= l.contains(": <-- ");
    }
    (client && server)
        || crate::mta::transcript::is_bare_session(lower)
        || crate::mta::transcript::has_inline_session(lower)
}

/// `250 …`, `550-…`: a 2xx, 4xx or 5xx reply code at the start of the line.
pub(crate) fn starts_with_reply_code(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 4
        && matches!(b[0], b'2' | b'4' | b'5')
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && matches!(b[3], b' ' | b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_stays_inside_its_line() {
        for line in ["> > a@b.example", ">", "> >", ">>> RCPT TO:<a@b>", "plain"] {
            let u = unquoted(line);
            let at = u.as_ptr() as usize - line.as_ptr() as usize;
            assert!(at + u.len() <= line.len(), "{line:?}");
        }
        assert_eq!(unquoted("> > text"), "text");
        assert_eq!(unquoted(">>> RCPT TO:<a@b>"), ">>> RCPT TO:<a@b>");
        // Outlook's other prefix.
        assert_eq!(unquoted("| > text"), "text");
    }

    #[test]
    fn pastes_lose_zero_width_characters_and_typographic_quotes() {
        let pasted = "a.b@\u{200b}example.\u{200b}org: Remote Server returned \u{2018}550 5.1.1 \u{201c}no\u{201d}\u{2019}\u{feff}";
        assert_eq!(
            plain_paste(Cow::Borrowed(pasted)),
            "a.b@example.org: Remote Server returned '550 5.1.1 \"no\"'"
        );
        // Text without them is not copied.
        assert!(matches!(
            plain_paste(Cow::Borrowed("é – x")),
            Cow::Borrowed(_)
        ));
        // And a paste reads as the bounce it holds.
        let r = crate::decode_str(
            "Delivery has failed to these recipients or groups:\n\n\u{2022}\tm.k@\u{200b}firm.\u{200b}example\n\
             Diagnostic information for administrators:\n\nm.k@\u{200b}firm.\u{200b}example\n\
             Remote Server returned \u{2018}550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\u{2019}\n",
        );
        assert_eq!(r.recipients.len(), 1);
        assert_eq!(
            r.recipients[0].recipient.as_deref(),
            Some("m.k@firm.example")
        );
        assert_eq!(r.recipients[0].status.as_deref(), Some("5.1.1"));
    }

    #[test]
    fn log_kinds() {
        for log in [
            "Jun  3 14:22:09 mx2 postfix/smtp[21512]: 7C1F: to=<s@x.example>, status=bounced (…)",
            "2026-02-05 11:20:45 1wJk3a-00B7cQ-2F ** m@l.example R=dnslookup: 550 no",
            "Nov 27 10:15:02 mail sendmail[42]: q1: to=<a@b.example>, dsn=5.1.1, stat=User unknown",
            "Nov 27 10:15:02 mail smtpd[4242]: 3a4b mta delivery evpid=02 to=<c@d.example> result=\"PermFail\" stat=\"550 no\"",
            "@4000 starting delivery 5: msg 77 to remote u@d.example",
            "@4000 delivery 9: failure: Remote_host_said:_550_5.7.1_blocked/",
        ] {
            assert_eq!(detect(log), InputKind::Log, "{log}");
        }
        assert_eq!(detect("550 5.7.1 blocked"), InputKind::ReplyLine);
        assert_eq!(
            detect("Delivery has failed to these recipients:\n\na@b.example"),
            InputKind::NdrText
        );
    }

    #[test]
    fn lines_like_str_lines() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\r",
            "\r\n",
            "a\r",
            "a\r\r\nb\rc\n\r",
            "é\n€\r\n\n x ",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
