//! A single pasted SMTP reply line (`550 5.7.1 … [192.0.2.1]`): no recipient, just the
//! remote's words, code and class.

use crate::facts::Facts;
use crate::mta::text;
use crate::smtp;

/// The first e-mail address in `text`.
pub fn first_address(text: &str) -> Option<String> {
    text::first_address(text)
}

/// Records from free text: recipients presented in it ([`crate::mta::scan`]), else one record
/// for the first reply line.
pub fn parse_text(input: &str) -> Vec<Facts> {
    crate::mta::scan::parse_text(input).unwrap_or_else(|| parse_reply_line(input))
}

/// One record for a pasted reply line (or the first reply line of a short paste).
pub fn parse_reply_line(input: &str) -> Vec<Facts> {
    let input = &input[..crate::input::floor_char_boundary(input, 64 * 1024)];
    let line = input
        .lines()
        .find(|l| smtp::find_reply_code(l).is_some())
        .unwrap_or(input)
        .trim();
    let Some(code) = smtp::find_reply_code(line).filter(|c| (400..600).contains(c)) else {
        return Vec::new();
    };
    let mut f = Facts {
        reply_code: Some(code),
        action: text::action(code < 500),
        ..Facts::default()
    };
    text::fill(&mut f, line);
    f.remote_mta = None;
    vec![f]
}

/// The recipient a reply itself names: "<a@b>: Recipient address rejected", Exchange's
/// "Recipient a@b not found by SMTP address lookup" (not an address the reply says is the
/// sender's).
pub fn recipient_in_reply(reply: &str) -> Option<String> {
    bracketed_recipient(reply).or_else(|| {
        let at = crate::find::find_ci(reply, "recipient ")? + "recipient ".len();
        reply[at..]
            .split_whitespace()
            .next()
            .and_then(text::as_address)
    })
}

/// A sending service's page copied as text (Mandrill's activity, ZeptoMail's email log …):
/// fields as `Label: value` or `Label   value`. The reply is the first 4xx/5xx reply under a
/// reply label (`Diagnostic`, `Response`, `Reason` …), the recipient the one address under
/// `To`/`Recipient`/`Email` (or the one the reply names), the sender the address under `From`.
/// One record and the sender; `None` unless there is such a reply and one recipient.
pub fn parse_labelled(input: &str) -> Option<(Facts, Option<String>)> {
    const REPLY: &[&str] = &[
        "diagnostic",
        "diagnostic code",
        "response",
        "smtp response",
        "server response",
        "remote response",
        "reason",
        "bounce reason",
        "error",
        "smtp error",
        "reply",
        "smtp reply",
        "status",
        "delivery status",
        "last error",
        "details",
    ];
    const RECIPIENT: &[&str] = &[
        "to",
        "recipient",
        "recipient address",
        "email",
        "email address",
    ];
    const REMOTE: &[&str] = &[
        "remote server",
        "remote mta",
        "remote host",
        "mx",
        "mx host",
    ];
    let mut reply: Option<&str> = None;
    let mut recipients: Vec<String> = Vec::new();
    let mut sender = None;
    let mut remote = None;
    for line in crate::input::lines(input).take(20_000) {
        let Some((label, value)) = labelled(line) else {
            continue;
        };
        let label = label.to_ascii_lowercase();
        let label = label.as_str();
        if REPLY.contains(&label) {
            reply = reply.or_else(|| reply_in(value));
        } else if RECIPIENT.contains(&label) {
            if let Some(a) = text::first_address(value) {
                if !recipients.contains(&a) {
                    recipients.push(a);
                }
            }
        } else if label == "from" {
            sender = sender.or_else(|| text::first_address(value));
        } else if REMOTE.contains(&label) && !value.contains(' ') && value.contains('.') {
            remote = remote.or(Some(value));
        }
    }
    let reply = reply?;
    let recipient = match recipients.as_slice() {
        [one] => one.clone(),
        [] => text::first_address(reply)?,
        _ => return None,
    };
    let mut f = Facts::with_recipient(recipient);
    text::fill(&mut f, reply);
    let code = smtp::find_reply_code(reply).unwrap_or(500);
    f.action = text::action(code < 500);
    f.remote_mta = remote.map(str::to_string);
    Some((f, sender))
}

/// The 4xx/5xx reply a field's value starts with, or quotes after a word or a host and port
/// (Barracuda's `Rejected (mx.example:25:550 5.7.509 …)`).
fn reply_in(value: &str) -> Option<&str> {
    let b = value.as_bytes();
    let at = std::iter::once(0)
        .chain(
            b.iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, b' ' | b':' | b'('))
                .map(|(i, _)| i + 1),
        )
        .find(|&i| text::is_refusal(&value[i..]))?;
    Some(&value[at..])
}

/// `Label: value` or `Label   value` (a label of a few words, then a colon or a run of spaces).
fn labelled(line: &str) -> Option<(&str, &str)> {
    let t = line.trim();
    let colon = t.find(':');
    let spaces = t.find("  ");
    let (label, value) = match (colon, spaces) {
        (Some(c), Some(s)) if s < c => (&t[..s], &t[s..]),
        (Some(c), _) => (&t[..c], &t[c + 1..]),
        (None, Some(s)) => (&t[..s], &t[s..]),
        (None, None) => return None,
    };
    let label = label.trim();
    let value = value.trim();
    (!label.is_empty()
        && label.len() <= 24
        && !value.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-'))
    .then_some((label, value))
}

/// Python's smtplib exceptions as a traceback prints them: `SMTPRecipientsRefused: {'a@b': (550,
/// b'5.1.1 …'), …}` (a record per refused recipient), or `SMTPDataError: (550, b'5.7.1 …')`,
/// `SMTPSenderRefused: (550, b'…', 'a@b')` and the like (one record; the exception names no
/// recipient). `None` when the text has none of them.
pub fn parse_smtplib(input: &str) -> Option<(Vec<Facts>, Option<String>)> {
    let at = crate::find::find_ci(input, "smtplib.smtp")?;
    let rest = &input[at..];
    let (name, rest) = rest.split_once(": ")?;
    let mut out = Vec::new();
    if name.ends_with("SMTPRecipientsRefused") {
        let mut s = rest.trim_start().strip_prefix('{')?;
        while out.len() < crate::mta::MAX_RECORDS {
            s = s.trim_start_matches([' ', ',']);
            let Some((recipient, after)) = python_str(s) else {
                break;
            };
            let Some((code, reply, after)) = after
                .trim_start()
                .strip_prefix(':')
                .and_then(|a| code_and_reply(a.trim_start()))
            else {
                break;
            };
            out.push(smtplib_record(Some(recipient), code, &reply));
            s = after;
        }
    } else if let Some((code, reply, _)) = code_and_reply(rest.trim_start()) {
        out.push(smtplib_record(None, code, &reply));
        // `SMTPSenderRefused(code, resp, from_addr)`: the sender is the third element.
        if name.ends_with("SMTPSenderRefused") {
            let sender = rest
                .lines()
                .next()
                .and_then(|l| l.trim_end().strip_suffix(')'))
                .and_then(|l| l.rsplit_once(','))
                .and_then(|(_, last)| python_str(last.trim_start()))
                .and_then(|(s, _)| text::as_address(&s));
            return Some((out, sender));
        }
    }
    (!out.is_empty()).then_some((out, None))
}

fn smtplib_record(recipient: Option<String>, code: u16, reply: &str) -> Facts {
    let mut f = Facts {
        recipient,
        action: text::action(code < 500),
        ..Facts::default()
    };
    text::fill(&mut f, &format!("{code} {reply}"));
    f.reply_code = Some(code);
    f.remote_mta = None;
    f
}

/// `(550, b'text'…)`: the code, the text, and what follows the text.
fn code_and_reply(s: &str) -> Option<(u16, String, &str)> {
    let s = s.strip_prefix('(')?;
    let (code, rest) = s.split_once(',')?;
    let code: u16 = code.trim().parse().ok()?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('b').unwrap_or(rest);
    let (reply, after) = python_str(rest)?;
    // (Past the tuple's other members, `SMTPSenderRefused`'s sender.)
    let after = after.split_once(')').map_or("", |(_, a)| a);
    Some((code, reply, after))
}

/// A Python string literal at the start of `s` ('…' or "…", backslash escapes): its text and
/// what follows it.
fn python_str(s: &str) -> Option<(String, &str)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut out = String::new();
    let mut chars = s[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push(' '),
                Some((_, e)) => out.push(e),
                None => return None,
            },
            c if c == quote => return Some((out, &s[1 + i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// .NET's `SmtpException` as PowerShell's `Send-MailMessage` (or an app's log) prints it:
/// "Mailbox unavailable. The server response was: 5.7.750 Service unavailable …". The
/// recipient is the command's `-To` (else the exception's own address), the sender its
/// `-From`. .NET names the reply code in words, so none is set. `None` without that phrase.
pub fn parse_dotnet(input: &str) -> Option<(Vec<Facts>, Option<String>)> {
    const SAID: &str = "The server response was: ";
    let at = memchr::memmem::find(input.as_bytes(), SAID.as_bytes())?;
    let line_start = input[..at].rfind('\n').map_or(0, |n| n + 1);
    let reply = input[at + SAID.len()..].lines().next()?.trim();
    if smtp::find_status(reply).is_none() && smtp::find_reply_code(reply).is_none() {
        return None;
    }
    let argument = |name: &str| {
        // (The first few only: a line of a million "-To " is no command.)
        input
            .match_indices(name)
            .take(16)
            .find_map(|(i, _)| text::first_address(input[i + name.len()..].lines().next()?))
    };
    let recipient = argument(" -To ").or_else(|| text::first_address(&input[line_start..at]));
    let mut f = Facts {
        recipient,
        ..Facts::default()
    };
    text::fill(&mut f, reply);
    f.remote_mta = None;
    let temporary = f.status.as_deref().is_some_and(|s| s.starts_with('4'));
    f.action = text::action(temporary);
    Some((vec![f], argument(" -From ")))
}

/// An application's log of a failed send, where the SMTP library's exception or error line
/// quotes the server's reply: "SMTPAddressFailedException: 550 5.1.1 <a@b>: …" (JavaMail),
/// "Net::SMTPFatalError (550-5.7.1 …" (Ruby), "… but got code "554", with message "554 …""
/// (Symfony Mailer), "permanent error (550): 5.7.26 …" (lettre), `"err":"550 5.7.1 …"` (a JSON
/// log). A line holds a reply where a 4xx/5xx code is followed by an enhanced status code, or,
/// right after a quote, a parenthesis or ": ", by words. The recipient is the address the reply
/// names in `<…>` (unless it is the sender's), else one the line gives under a recipient key
/// (`to=`, `"rcpt":`, `recipient`, `email` …), else none. A recipient's later line replaces
/// its earlier one; a line repeating a reply already read adds nothing (a stack trace's
/// "Caused by:"). `None` without a line that quotes a refusal, or when the text never mentions
/// mail or SMTP.
pub fn parse_app_log(input: &str) -> Option<(Vec<Facts>, Option<String>)> {
    if !crate::find::contains_ci(input, "smtp") && !crate::find::contains_ci(input, "mail") {
        return None;
    }
    // A JSON document is read as events ([`parse_json`]) or not at all (a report of our own).
    let whole = input.trim();
    if (whole.starts_with('{') || whole.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(whole).is_ok()
    {
        return None;
    }
    // A log, not a text about replies (notes, a forum answer): a line stamped with a time, a
    // JSON record, or a stack trace.
    let logged = crate::input::lines(input).take(500).any(|l| {
        let t = l.trim_start();
        t.starts_with('{')
            || t.starts_with("Caused by:")
            || t.starts_with("Traceback (")
            || (t.starts_with("at ") && t.ends_with(')'))
            || (t.starts_with("#0 ") && t.contains('('))
            || has_clock_time(l)
    });
    if !logged {
        return None;
    }
    let mut out: Vec<Facts> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in crate::input::lines(input).take(200_000) {
        if line.len() > 20_000 || out.len() >= crate::mta::MAX_RECORDS {
            continue;
        }
        // (A Markdown list's or table's line is a text's.)
        let t = line.trim_start();
        if ["- ", "* ", "|", "#"].iter().any(|m| t.starts_with(m)) && !t.starts_with("#0 ") {
            continue;
        }
        let Some(reply) = app_reply(line) else {
            continue;
        };
        let recipient = bracketed_recipient(&reply).or_else(|| keyed_recipient(line));
        let mut f = Facts {
            recipient,
            ..Facts::default()
        };
        text::fill(&mut f, &reply);
        let temporary = f.reply_code.is_some_and(|c| c < 500);
        f.action = text::action(temporary);
        f.remote_mta = None;
        let key = match &f.recipient {
            Some(r) => r.to_ascii_lowercase(),
            None => format!("#{}", f.diagnostic.as_deref().unwrap_or("")),
        };
        match seen.get(&key) {
            Some(&i) => out[i] = f,
            None => {
                // (The same reply without the recipient a line before named.)
                let repeated =
                    f.recipient.is_none() && out.iter().any(|o| o.diagnostic == f.diagnostic);
                if !repeated {
                    seen.insert(key, out.len());
                    out.push(f);
                }
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    // The sender the log names (`from=a@b`, `"sender": "a@b"`).
    let sender = crate::input::lines(input)
        .take(5_000)
        .filter(|l| l.len() <= 20_000)
        .find_map(|l| keyed_address(l, &["from", "sender", "mail_from", "envelope_from"]));
    Some((out, sender))
}

/// The SMTP reply a line of an application's log quotes ([`parse_app_log`]), without the
/// quoting around it, or `None`.
fn app_reply(line: &str) -> Option<String> {
    // Rust's `mail-send` (Stalwart's log): "Unexpected response for RCPT TO:<a@b>: Code: 550,
    // Enhanced code: 5.7.25, Message: Access denied …".
    if let Some((_, rest)) = line.split_once("Code: ") {
        let parts = rest
            .split_once(", Enhanced code: ")
            .and_then(|(code, rest)| Some((code, rest.split_once(", Message: ")?)));
        if let Some((code, (status, message))) = parts {
            let message = message.split('"').next().unwrap_or(message).trim();
            if smtp::is_refusal_code(code) && smtp::is_status(status) {
                return Some(format!("{code} {status} {message}"));
            }
        }
    }
    let b = line.as_bytes();
    let last = b.len().checked_sub(4)?;
    let start = memchr::memchr2_iter(b'4', b'5', &b[..last]).find(|&p| {
        let code = &b[p..p + 3];
        // lettre's "permanent error (550): 5.7.26 …": the code in parentheses.
        // (Bytes: `p + 3` is not a character boundary unless the code is digits.)
        let bracketed = p > 0 && b[p - 1] == b'(' && b[p + 3..].starts_with(b"): ");
        if !code[1..].iter().all(u8::is_ascii_digit)
            || (p > 0 && (b[p - 1].is_ascii_alphanumeric() || matches!(b[p - 1], b'.' | b'#')))
            || !(matches!(b[p + 3], b' ' | b'-') || bracketed)
        {
            return false;
        }
        let rest = &line[p + if bracketed { 6 } else { 4 }..];
        let enhanced = crate::smtp::find_status(rest.get(..rest.len().min(12)).unwrap_or(""))
            .is_some_and(|s| rest.starts_with(&s));
        let led = p > 0 && matches!(b[p - 1], b'"' | b'\'' | b'(') || line[..p].ends_with(": ");
        let words = rest
            .split_whitespace()
            .take(2)
            .filter(|w| w.chars().all(|c| c.is_alphabetic() || ",.:;'".contains(c)))
            .count()
            == 2;
        // What the log says of it: an error, an exception, a server's answer.
        const LEADS: &[&str] = &[
            "exception",
            "error",
            "fatal",
            "fail",
            "err=",
            "\"err\"",
            "reject",
            "refused",
            "bounce",
            "said",
            "response",
            "reply",
            "smtp",
        ];
        let before = &line[crate::input::floor_char_boundary(line, p.saturating_sub(300))..p];
        (enhanced || (led && words)) && LEADS.iter().any(|l| crate::find::contains_ci(before, l))
    })?;
    let quote = start.checked_sub(1).map(|q| b[q]).filter(|q| *q == b'"');
    let bracketed = line[start + 3..].starts_with("): ");
    let mut reply = &line[start..];
    let joined;
    if bracketed {
        joined = format!("{} {}", &reply[..3], &reply[6..]);
        reply = &joined;
    }
    if quote.is_some() {
        // Up to the closing quote (a JSON string's `\"` is not one).
        let mut end = reply.len();
        let rb = reply.as_bytes();
        for i in memchr::memchr_iter(b'"', rb) {
            if i == 0 || rb[i - 1] != b'\\' {
                end = i;
                break;
            }
        }
        reply = &reply[..end];
    }
    let reply = reply
        .replace("\\r\\n", " ")
        .replace("\\n", " ")
        .replace("\\\"", "\"");
    let reply = reply.trim_end_matches(|c: char| c.is_whitespace() || "\"'),;".contains(c));
    (reply.len() > 4).then(|| reply.to_string())
}

/// `line` has a clock time (`hh:mm:ss`).
fn has_clock_time(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| {
        i >= 2
            && b.len() > i + 5
            && b[i - 2..i].iter().all(u8::is_ascii_digit)
            && b[i + 1..i + 3].iter().all(u8::is_ascii_digit)
            && b[i + 3] == b':'
            && b[i + 4..i + 6].iter().all(u8::is_ascii_digit)
    })
}

/// The address a reply names in `<…>`, unless the reply is about the sender's.
fn bracketed_recipient(reply: &str) -> Option<String> {
    let open = reply.find('<')?;
    let close = open + reply[open..].find('>')?;
    let address = text::as_address(&reply[open + 1..close])?;
    let after = reply[close..].to_ascii_lowercase();
    (!after.contains("sender")).then_some(address)
}

/// The address a log line gives under a recipient key: `to=a@b`, `"rcpt":"a@b"`,
/// `recipient: <a@b>`, `email=a@b` …
fn keyed_recipient(line: &str) -> Option<String> {
    keyed_address(line, &["rcpt", "recipient", "to", "email"])
}

/// The address a log line gives under one of `keys` (lower case): `key=a@b`, `"key":"a@b"`,
/// `key: <a@b>` …
fn keyed_address(line: &str, keys: &[&str]) -> Option<String> {
    // A key's single address over the first of a list it holds elsewhere in the line
    // (Stalwart: `to = ["a@b", "c@d"], … to = "c@d"`).
    keyed_address_in(line, keys, false).or_else(|| keyed_address_in(line, keys, true))
}

fn keyed_address_in(line: &str, keys: &[&str], lists: bool) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    keys.iter().find_map(|key| {
        lower.match_indices(key).take(32).find_map(|(i, _)| {
            // A whole key: not the end of a longer word ("auto", "mailto").
            if i > 0 && lower.as_bytes()[i - 1].is_ascii_alphanumeric() {
                return None;
            }
            let rest = line[i + key.len()..]
                .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            let rest = rest.strip_prefix('"').unwrap_or(rest);
            // (`to=a@b`, `to = "a@b"`, `"to":"a@b"`)
            let rest = rest
                .strip_prefix(" =")
                .or_else(|| rest.strip_prefix('='))
                .or_else(|| rest.strip_prefix(':'))?
                .trim_start_matches([' ', '"', '\'', '<']);
            let rest = match rest.strip_prefix('[') {
                Some(list) if lists => list.trim_start_matches([' ', '"', '\'', '<']),
                Some(_) => return None,
                None => rest,
            };
            let token = rest
                .split(|c: char| c.is_whitespace() || "\"'>,;]".contains(c))
                .next()?;
            text::as_address(token)
        })
    })
}

/// A sending service's bounce list exported as CSV: a header line naming a recipient column
/// (`email`, `recipient`, `address` …) and a reply column (`reason`, `diagnostic`, `response`,
/// `error` …), then a row per bounce. Rows whose reply is a 4xx/5xx reply are records (each
/// its own delivery, as a log's lines). `None` without such a header and rows.
pub fn parse_csv(input: &str) -> Option<Vec<Facts>> {
    let mut lines = crate::input::lines(input)
        .take(200_000)
        .filter(|l| !l.trim().is_empty());
    let header = lines.next()?;
    if !header.contains(',') || header.len() > 2_000 {
        return None;
    }
    let columns: Vec<String> = crate::mta::maillog::csv_fields(header.trim())
        .iter()
        .map(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| columns.iter().position(|c| c == n))
    };
    let recipient = find(&[
        "email",
        "emailaddress",
        "recipient",
        "recipientaddress",
        "address",
        "rcpt",
        "to",
    ])?;
    let reply = find(&[
        "reason",
        "diagnostic",
        "diagnosticcode",
        "response",
        "smtpresponse",
        "bouncereason",
        "error",
        "message",
        "description",
        // Exchange's message tracking / Exchange Online's extended message trace:
        // "{LED=550 5.7.515 …};{MSG=};{FQDN=…};{IP=…}"
        "recipientstatus",
    ])?;
    let status = find(&["status", "dsnstatus", "enhancedstatus"]);
    // A reply code in a column of its own ("code,status,description").
    let code = find(&["code", "smtpcode", "replycode", "responsecode"]);
    let mut out = Vec::new();
    for line in lines {
        if line.len() > 20_000 || out.len() >= crate::mta::MAX_RECORDS {
            continue;
        }
        let fields = crate::mta::maillog::csv_fields(line.trim());
        let Some(address) = fields
            .get(recipient)
            .and_then(|a| text::as_address(a.trim()))
        else {
            continue;
        };
        let Some(said) = fields.get(reply).map(|r| r.trim()) else {
            continue;
        };
        // (Exchange's `{LED=<the last error>};{MSG=};…`: the error.)
        let said = said.strip_prefix("{LED=").map_or(said, |led| {
            led.split("};").next().unwrap_or(led).trim_end_matches('}')
        });
        let apart = code
            .and_then(|i| fields.get(i))
            .map(|c| c.trim())
            .filter(|c| smtp::is_refusal_code(c));
        let joined;
        let text = match apart {
            Some(c) if !text::is_refusal(said) && !said.is_empty() => {
                joined = format!("{c} {said}");
                joined.as_str()
            }
            _ => said,
        };
        if !text::is_refusal(text) {
            continue;
        }
        let mut f = Facts::with_recipient(address);
        text::fill(&mut f, text);
        if let Some(s) = status.and_then(|i| fields.get(i)).map(|s| s.trim()) {
            if f.status.is_none() && smtp::is_status(s) {
                f.status = Some(s.to_string());
            }
        }
        let temporary = f.reply_code.is_some_and(|c| c < 500);
        f.action = text::action(temporary);
        f.remote_mta = None;
        out.push(f);
    }
    (!out.is_empty()).then_some(out)
}

/// Delivery events as JSON: a sending service's webhook (Postal, SES, SendGrid, Mailgun …) or an
/// app's log of a failed send (Nodemailer's error object). Every JSON object or array in the
/// text that starts a line is read; an object whose reply field (`output`, `response`, `reason`,
/// `diagnosticCode` …) holds a 4xx/5xx reply is a record, for the recipient it names or a
/// nearby object names. An object whose inner objects give records (Nodemailer's
/// `rejectedErrors`) gives none of its own. `None` when no object holds a refusal.
pub fn parse_json(input: &str) -> Option<(Vec<Facts>, Option<String>)> {
    let bytes = input.as_bytes();
    if !bytes.contains(&b'{') || !bytes.contains(&b'"') {
        return None;
    }
    use std::collections::hash_map::Entry;
    // A slot per record; a recipient's later event replaces its slot (a deferral, then the
    // bounce), and a later delivery empties it.
    let mut out: Vec<Option<Facts>> = Vec::new();
    let mut slot: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut sender = None;
    // The current line's start and end.
    let mut line = (0, 0);
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'{', b'[', &bytes[at..]).map(|i| at + i) {
        // Objects and arrays that start a line (after indentation), or an object that ends a
        // line a log's prefix starts (`… POST /hooks 200 3ms {"event":…}`): not brackets in
        // text.
        // (The line's bounds are found once per line; a prefixed line is tried at its first
        // brace only, so a long line of braces is not read again for each.)
        if i >= line.1 {
            let from = line.1.min(i);
            line.0 = memchr::memrchr(b'\n', &bytes[from..i]).map_or(from, |n| from + n + 1);
            line.1 = memchr::memchr(b'\n', &bytes[i..]).map_or(input.len(), |n| i + n);
        }
        let (line_start, line_end) = line;
        let prefixed = !input[line_start..i].trim().is_empty();
        if prefixed && bytes[i] != b'{' {
            at = i + 1;
            continue;
        }
        if prefixed && !input[i..line_end].trim_end().ends_with('}') {
            at = line_end;
            continue;
        }
        let mut values =
            serde_json::Deserializer::from_str(&input[i..]).into_iter::<serde_json::Value>();
        match values.next() {
            Some(Ok(value))
                if !prefixed
                    || input
                        .get(i + values.byte_offset()..line_end)
                        .is_some_and(|rest| rest.trim().is_empty()) =>
            {
                at = i + values.byte_offset().max(1);
                sender = sender.or_else(|| json_sender(&value));
                // (An array of events, as a webhook's batch: each in turn.)
                let events: Vec<&serde_json::Value> = match &value {
                    serde_json::Value::Array(items) => {
                        items.iter().take(crate::mta::MAX_RECORDS).collect()
                    }
                    one => vec![one],
                };
                for event in events {
                    if let Some(k) = delivered_to(event).and_then(|r| slot.get(&r)) {
                        out[*k] = None;
                    }
                    for f in json_records(event, None, None) {
                        match f.recipient.clone().map(|r| slot.entry(r)) {
                            Some(Entry::Occupied(k)) => out[*k.get()] = Some(f),
                            Some(Entry::Vacant(v)) => {
                                v.insert(out.len());
                                out.push(Some(f));
                            }
                            None => out.push(Some(f)),
                        }
                    }
                }
            }
            _ if prefixed => at = line_end,
            _ => at = i + 1,
        }
        if out.len() >= crate::mta::MAX_RECORDS {
            break;
        }
    }
    let out: Vec<Facts> = out.into_iter().flatten().collect();
    (!out.is_empty()).then_some((out, sender))
}

/// The sender an event names (`sender_email`, SES's `mail.source`, Mailgun's
/// `envelope.sender`, Postal's `payload.message.from`, `from`): in it, or in what it holds,
/// nearest first, at most four levels down.
fn json_sender(value: &serde_json::Value) -> Option<String> {
    const SENDER: &[&str] = &[
        "sender",
        "senderemail",
        "from",
        // SparkPost's header From (its `msg_from` is its own bounce address)
        "friendlyfrom",
        "source",
        "mailfrom",
        "envelopefrom",
    ];
    let mut level: Vec<&serde_json::Value> = vec![value];
    for _ in 0..5 {
        let mut next = Vec::new();
        for v in level {
            match v {
                serde_json::Value::Object(map) => {
                    let own = map
                        .iter()
                        .filter(|(k, _)| json_key_is(k, SENDER))
                        .find_map(|(_, v)| v.as_str().and_then(|s| text::first_address(s.trim())));
                    if own.is_some() {
                        return own;
                    }
                    next.extend(map.values().filter(|v| v.is_object() || v.is_array()));
                }
                serde_json::Value::Array(items) => {
                    next.extend(items.iter().take(16).filter(|v| v.is_object()));
                }
                _ => {}
            }
        }
        if next.is_empty() || next.len() > 4096 {
            return None;
        }
        level = next;
    }
    None
}

/// The recipient a delivery event names (`"event":"delivered"`, SES's `"Delivery"`).
fn delivered_to(value: &serde_json::Value) -> Option<String> {
    let map = value.as_object()?;
    map.iter()
        .any(|(k, v)| {
            json_key_is(k, &["event", "type", "eventtype", "notificationtype"])
                && v.as_str().is_some_and(|e| {
                    e.eq_ignore_ascii_case("delivered") || e.eq_ignore_ascii_case("delivery")
                })
        })
        .then(|| json_recipient(map))
        .flatten()
}

/// Keys (lower case, without `_` and `-`) that name a recipient, and that hold a reply.
const JSON_RECIPIENT: &[&str] = &["recipient", "emailaddress", "email", "rcptto", "rcpt", "to"];
const JSON_REPLY: &[&str] = &[
    "output",
    "response",
    "smtpresponse",
    "diagnosticcode",
    "diagnostic",
    "reason",
    "description",
    "message",
    "error",
    // an app's JSON log (`"err": "550 …"`); Postmark's `Details`, Mailjet's `comment` and
    // `smtp_reply`
    "err",
    "details",
    "comment",
    "smtpreply",
];

fn json_key_is(key: &str, names: &[&str]) -> bool {
    let k: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    names.contains(&k.as_str())
}

/// The address an object names under a recipient key (`"to": ["a@b"]` too).
fn json_recipient(map: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    JSON_RECIPIENT.iter().find_map(|name| {
        map.iter()
            .filter(|(k, _)| json_key_is(k, &[name]))
            .find_map(|(_, v)| match v {
                serde_json::Value::String(s) => text::as_address(s.trim()),
                _ => None,
            })
    })
}

/// The receiving server an object names (`"mx": "…"`, KumoMTA's `"peer_address": {"name":
/// "…"}`), if it is a host name.
fn json_remote(map: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    const REMOTE: &[&str] = &["remotemta", "mx", "mxhost", "peeraddress", "remotehost"];
    map.iter()
        .filter(|(k, _)| json_key_is(k, REMOTE))
        .find_map(|(_, v)| {
            let name = v.as_str().or_else(|| v.get("name")?.as_str())?;
            let name = name.trim().trim_end_matches('.');
            (text::is_host_name(name) && name.parse::<std::net::IpAddr>().is_err())
                .then(|| name.to_string())
        })
}

/// The records an event holds: its own, or its inner objects' (with the recipient and the
/// receiving server an outer object named).
fn json_records(
    value: &serde_json::Value,
    inherited: Option<&str>,
    remote: Option<&str>,
) -> Vec<Facts> {
    let mut out = Vec::new();
    match value {
        serde_json::Value::Array(items) => {
            for v in items.iter().take(crate::mta::MAX_RECORDS) {
                out.extend(json_records(v, inherited, remote));
            }
        }
        serde_json::Value::Object(map) => {
            // KumoMTA's `Rejection` record: our own listener refused a client (an inbound
            // refusal, not a delivery of ours).
            if map.iter().any(|(k, v)| {
                json_key_is(k, &["type"]) && v.as_str().is_some_and(|t| t == "Rejection")
            }) {
                return out;
            }
            // Its own recipient, one an inner object names (Postal's `message.to`), or one an
            // outer object named.
            let own = json_recipient(map).or_else(|| {
                map.values().find_map(|v| match v {
                    serde_json::Value::Object(inner) => json_recipient(inner),
                    _ => None,
                })
            });
            let recipient = own.as_deref().or(inherited);
            let own_remote = json_remote(map);
            let remote = own_remote.as_deref().or(remote);
            for v in map.values() {
                if matches!(
                    v,
                    serde_json::Value::Object(_) | serde_json::Value::Array(_)
                ) {
                    out.extend(json_records(v, recipient, remote));
                }
            }
            if !out.is_empty() {
                return out;
            }
            let reply = map.iter().find_map(|(k, v)| match v {
                serde_json::Value::String(s) if json_key_is(k, JSON_REPLY) => {
                    let s = s.trim();
                    let s = s
                        .split_once(';')
                        .filter(|(t, _)| t.trim().eq_ignore_ascii_case("smtp"))
                        .map_or(s, |(_, r)| r.trim());
                    text::is_refusal(s).then(|| s.to_string())
                }
                // A logged exception whose message is the server's reply after its enhanced
                // code (Serilog's `@x`: "MailKit.Net.Smtp.SmtpCommandException: 5.7.649 …").
                serde_json::Value::String(s) if k == "@x" || json_key_is(k, &["exception"]) => {
                    let (_, said) = s.split_once("Exception: ")?;
                    let said = said.lines().next()?.trim();
                    let status = smtp::find_status(said.get(..12.min(said.len()))?)?;
                    (said.starts_with(&status) && matches!(said.as_bytes()[0], b'4' | b'5'))
                        .then(|| said.to_string())
                }
                _ => None,
            });
            // Mailgun's `delivery-status`: the code apart from the text ("code": 550,
            // "message": "5.7.1 Service unavailable …"); KumoMTA's `response`, with the
            // enhanced code apart too ("enhanced_code": {"class": 5, "subject": 7, "detail": 1},
            // "content": "…").
            let reply = reply.or_else(|| {
                let code = map
                    .iter()
                    .find(|(k, _)| json_key_is(k, &["code", "smtpcode"]))
                    .and_then(|(_, v)| v.as_u64())
                    .filter(|c| (400..600).contains(c))?;
                let enhanced = map
                    .iter()
                    .find(|(k, _)| json_key_is(k, &["enhancedcode"]))
                    .and_then(|(_, v)| {
                        let part = |name| v.get(name)?.as_u64();
                        Some(format!(
                            "{}.{}.{} ",
                            part("class").filter(|c| (4..=5).contains(c))?,
                            part("subject").filter(|c| *c < 1000)?,
                            part("detail").filter(|c| *c < 1000)?
                        ))
                    })
                    .or_else(|| {
                        // MailerQ's `status`, maddy's `smtp_enchcode`: "5.7.1".
                        map.iter()
                            .filter(|(k, _)| {
                                json_key_is(
                                    k,
                                    &["status", "smtpenchcode", "enhancedstatus", "dsnstatus"],
                                )
                            })
                            .find_map(|(_, v)| {
                                let s = v.as_str()?.trim();
                                (smtp::is_status(s) && matches!(s.as_bytes()[0], b'4' | b'5'))
                                    .then(|| format!("{s} "))
                            })
                    })
                    .unwrap_or_default();
                map.iter().find_map(|(k, v)| match v {
                    serde_json::Value::String(s)
                        if (json_key_is(k, JSON_REPLY) || json_key_is(k, &["content"]))
                            && !s.trim().is_empty() =>
                    {
                        let s = s.trim();
                        // (unless the text starts with it)
                        let enhanced = if s.starts_with(enhanced.trim()) {
                            ""
                        } else {
                            &enhanced
                        };
                        Some(format!("{code} {enhanced}{s}"))
                    }
                    _ => None,
                })
            });
            if let Some(reply) = reply.as_deref() {
                let mut f = Facts {
                    recipient: recipient.map(str::to_string),
                    ..Facts::default()
                };
                text::fill(&mut f, &reply.replace('\n', " "));
                // A service's bounce event is its verdict, whatever the reply's class (Brevo's
                // `soft_bounce` after its retries).
                let bounced = map.iter().any(|(k, v)| {
                    json_key_is(k, &["event", "type", "eventtype"])
                        && v.as_str()
                            .is_some_and(|e| crate::find::find_ci(e, "bounce").is_some())
                });
                let temporary = f.reply_code.map_or_else(
                    || f.status.as_deref().is_some_and(|s| s.starts_with('4')),
                    |c| c < 500,
                ) && !bounced;
                f.action = text::action(temporary);
                f.remote_mta = remote.map(str::to_string);
                out.push(f);
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_line() {
        let r = parse_reply_line("550 5.7.612 Access denied, banned sending IP [192.0.2.1]");
        assert_eq!(r[0].status.as_deref(), Some("5.7.612"));
        assert_eq!(r[0].reply_code, Some(550));
        assert_eq!(r[0].recipient, None);
        assert!(parse_reply_line("hello").is_empty());
    }

    #[test]
    fn app_log_replies() {
        let (r, sender) = parse_app_log(
            "2026-10-14 08:12:01 INFO mail from=shop@example.com\n\
             2026-10-14 08:12:03 ERROR SMTPAddressFailedException: 550 5.1.1 <a@example.org>: User unknown\n\
             Caused by: SMTPAddressFailedException: 550 5.1.1 <a@example.org>: User unknown\n\
             2026-10-14 08:12:04 ERROR send failed to=b@example.net error=permanent error (550): 5.7.26 Unauthenticated\n",
        )
        .unwrap();
        assert_eq!(r.len(), 2, "the trace's repeat adds nothing: {r:?}");
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(
            (r[1].reply_code, r[1].status.as_deref()),
            (Some(550), Some("5.7.26"))
        );
        assert_eq!(sender.as_deref(), Some("shop@example.com"));
        // Notes about replies are not a log; a code before a multi-byte character is no reply
        // (the fuzzer's find: slicing inside the character).
        assert!(parse_app_log("- 03: SMTP 550 5.1.1 \"User unknown\" at RCPT").is_none());
        assert!(app_reply("12:00:00 smtp error (5\u{20ac}\u{20ac} x").is_none());
    }

    #[test]
    fn smtplib_exceptions() {
        let t = "smtplib.SMTPRecipientsRefused: {'a@example.org': (550, b'5.1.1 <a@example.org>: User unknown'), \"b@example.net\": (451, b\"4.7.1 Try again, it\\'s busy\")}\n";
        let (r, _) = parse_smtplib(t).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[1].reply_code, Some(451));
        assert_eq!(r[1].action.as_deref(), Some("delayed"));
        let (d, _) = parse_smtplib(
            "raise SMTPDataError(code, resp)\nsmtplib.SMTPDataError: (554, b'5.7.1 Spam')",
        )
        .unwrap();
        assert_eq!(
            (d[0].recipient.as_deref(), d[0].reply_code),
            (None, Some(554))
        );
        // SMTPSenderRefused names the refused sender third.
        let (s, sender) = parse_smtplib(
            "smtplib.SMTPSenderRefused: (530, b'5.7.57 Client not authenticated', 'app@shop.example')",
        )
        .unwrap();
        assert_eq!(s[0].reply_code, Some(530));
        assert_eq!(sender.as_deref(), Some("app@shop.example"));
        assert!(
            parse_smtplib("smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
                .is_none()
        );
    }

    #[test]
    fn labelled_pages() {
        let page = "Message\nTo: a@example.org\nFrom: Shop <news@shop.example>\nStatus      Bounced\nReason: Invalid recipient\nResponse    550 5.1.1 <a@example.org> unknown\nRemote server: mx.example.org\n";
        let (f, sender) = parse_labelled(page).unwrap();
        assert_eq!(f.recipient.as_deref(), Some("a@example.org"));
        assert_eq!(f.status.as_deref(), Some("5.1.1"));
        assert_eq!(f.remote_mta.as_deref(), Some("mx.example.org"));
        assert_eq!(sender.as_deref(), Some("news@shop.example"));
        // A gateway's message log quotes the reply after the host and port.
        let (f, _) = parse_labelled("To:  a@example.org\nDelivery Status:  Rejected (mx.example.org:25:550 5.7.509 Access denied (at DATA))\n").unwrap();
        assert_eq!(
            (f.reply_code, f.status.as_deref()),
            (Some(550), Some("5.7.509"))
        );
        // Two recipients, or no refusal: not one failed delivery.
        assert!(parse_labelled("To: a@example.org\nTo: b@example.org\nError: 550 no\n").is_none());
        assert!(parse_labelled("To: a@example.org\nResponse: 250 2.0.0 Ok\n").is_none());
    }

    #[test]
    fn dotnet_exceptions() {
        let t = "PS> Send-MailMessage -From \"A <a@example.org>\" -To \"b@example.net\" -Subject x\nSend-MailMessage : Mailbox unavailable. The server response was: 5.7.750 Service unavailable. Client blocked\n";
        let (r, sender) = parse_dotnet(t).unwrap();
        assert_eq!(r[0].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[0].status.as_deref(), Some("5.7.750"));
        assert_eq!(sender.as_deref(), Some("a@example.org"));
        assert!(parse_dotnet("The server response was: hello").is_none());
    }

    #[test]
    fn csv_exports() {
        let csv = "email,created,reason,status\na@example.org,2025-05-06,\"550 5.7.515 Access denied, sending domain [X.EXAMPLE] does not meet …\",5.7.515\nb@example.org,2025-05-07,\"250 2.0.0 Ok\",2.0.0\n";
        let r = parse_csv(csv).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.7.515"));
        assert!(parse_csv("name,age\nbob,4\n").is_none());
        assert!(parse_csv("just words, and a comma\n").is_none());
    }

    #[test]
    fn json_events() {
        // SES's bounce notification, SendGrid's event, a successful send.
        let t = r#"{"notificationType":"Bounce","bounce":{"bouncedRecipients":[{"emailAddress":"a@example.org","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]}}
[{"email":"b@example.net","event":"deferred","response":"451 4.7.1 greylisted"}]
{"to":"c@example.com","output":"250 2.0.0 Ok"}
"#;
        let (r, _) = parse_json(t).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[1].action.as_deref(), Some("delayed"));
        assert!(parse_json(r#"{"to":"c@example.com","output":"250 2.0.0 Ok"}"#).is_none());
        // Events logged behind a prefix, a recipient's last event its outcome: a deferral then a
        // bounce event (failed, whatever the class), a deferral then a delivery (no record).
        let log = r#"10:01 POST /hook 200 {"event":"deferred","email":"a@example.org","reason":"452 4.2.2 Mailbox full"}
10:02 POST /hook 200 {"event":"deferred","email":"b@example.org","reason":"451 4.7.1 Try later"}
10:03 POST /hook 200 {"event":"delivered","email":"b@example.org"}
10:09 POST /hook 200 {"event":"soft_bounce","email":"a@example.org","reason":"452 4.2.2 Mailbox full"}
a note {"email":"c@example.org","reason":"550 5.1.1 unknown"} and more
"#;
        let (r, sender) = parse_json(log).unwrap();
        assert_eq!(sender, None);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].action.as_deref(), Some("failed"));
        assert!(parse_json("not { json").is_none());
    }
}
