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
        action: Some(if code < 500 { "delayed" } else { "failed" }.to_string()),
        ..Facts::default()
    };
    text::fill(&mut f, line);
    f.remote_mta = None;
    vec![f]
}

/// Python's smtplib exceptions as a traceback prints them: `SMTPRecipientsRefused: {'a@b': (550,
/// b'5.1.1 …'), …}` (a record per refused recipient), or `SMTPDataError: (550, b'5.7.1 …')`,
/// `SMTPSenderRefused: (550, b'…', 'a@b')` and the like (one record; the exception names no
/// recipient). `None` when the text has none of them.
pub fn parse_smtplib(input: &str) -> Option<Vec<Facts>> {
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
    }
    (!out.is_empty()).then_some(out)
}

fn smtplib_record(recipient: Option<String>, code: u16, reply: &str) -> Facts {
    let mut f = Facts {
        recipient,
        action: Some(if code < 500 { "delayed" } else { "failed" }.to_string()),
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

/// Delivery events as JSON: a sending service's webhook (Postal, SES, SendGrid, Mailgun …) or an
/// app's log of a failed send (Nodemailer's error object). Every JSON object or array in the
/// text that starts a line is read; an object whose reply field (`output`, `response`, `reason`,
/// `diagnosticCode` …) holds a 4xx/5xx reply is a record, for the recipient it names or a
/// nearby object names. An object whose inner objects give records (Nodemailer's
/// `rejectedErrors`) gives none of its own. `None` when no object holds a refusal.
pub fn parse_json(input: &str) -> Option<Vec<Facts>> {
    let bytes = input.as_bytes();
    if !bytes.contains(&b'{') || !bytes.contains(&b'"') {
        return None;
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'{', b'[', &bytes[at..]).map(|i| at + i) {
        // Objects and arrays that start a line (after indentation): not brackets in text.
        let line_start = input[..i].rfind('\n').map_or(0, |n| n + 1);
        if !input[line_start..i].trim().is_empty() {
            at = i + 1;
            continue;
        }
        let mut values =
            serde_json::Deserializer::from_str(&input[i..]).into_iter::<serde_json::Value>();
        match values.next() {
            Some(Ok(value)) => {
                out.extend(json_records(&value, None));
                at = i + values.byte_offset().max(1);
            }
            _ => at = i + 1,
        }
        if out.len() >= crate::mta::MAX_RECORDS {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
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

fn json_records(value: &serde_json::Value, inherited: Option<&str>) -> Vec<Facts> {
    let mut out = Vec::new();
    match value {
        serde_json::Value::Array(items) => {
            for v in items.iter().take(crate::mta::MAX_RECORDS) {
                out.extend(json_records(v, inherited));
            }
        }
        serde_json::Value::Object(map) => {
            // Its own recipient, one an inner object names (Postal's `message.to`), or one an
            // outer object named.
            let own = json_recipient(map).or_else(|| {
                map.values().find_map(|v| match v {
                    serde_json::Value::Object(inner) => json_recipient(inner),
                    _ => None,
                })
            });
            let recipient = own.as_deref().or(inherited);
            for v in map.values() {
                if matches!(
                    v,
                    serde_json::Value::Object(_) | serde_json::Value::Array(_)
                ) {
                    out.extend(json_records(v, recipient));
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
                    crate::input::starts_with_reply_code(s)
                        .then_some(s)
                        .filter(|s| smtp::find_reply_code(s).is_some_and(|c| c >= 400))
                }
                _ => None,
            });
            if let Some(reply) = reply {
                let mut f = Facts {
                    recipient: recipient.map(str::to_string),
                    ..Facts::default()
                };
                text::fill(&mut f, &reply.replace('\n', " "));
                let temporary = f.reply_code.is_some_and(|c| c < 500);
                f.action = Some(if temporary { "delayed" } else { "failed" }.to_string());
                f.remote_mta = None;
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
    fn smtplib_exceptions() {
        let t = "smtplib.SMTPRecipientsRefused: {'a@example.org': (550, b'5.1.1 <a@example.org>: User unknown'), \"b@example.net\": (451, b\"4.7.1 Try again, it\\'s busy\")}\n";
        let r = parse_smtplib(t).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[1].reply_code, Some(451));
        assert_eq!(r[1].action.as_deref(), Some("delayed"));
        let d = parse_smtplib(
            "raise SMTPDataError(code, resp)\nsmtplib.SMTPDataError: (554, b'5.7.1 Spam')",
        )
        .unwrap();
        assert_eq!(
            (d[0].recipient.as_deref(), d[0].reply_code),
            (None, Some(554))
        );
        assert!(
            parse_smtplib("smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
                .is_none()
        );
    }

    #[test]
    fn json_events() {
        // SES's bounce notification, SendGrid's event, a successful send.
        let t = r#"{"notificationType":"Bounce","bounce":{"bouncedRecipients":[{"emailAddress":"a@example.org","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]}}
[{"email":"b@example.net","event":"deferred","response":"451 4.7.1 greylisted"}]
{"to":"c@example.com","output":"250 2.0.0 Ok"}
"#;
        let r = parse_json(t).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].recipient.as_deref(), Some("a@example.org"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(r[1].recipient.as_deref(), Some("b@example.net"));
        assert_eq!(r[1].action.as_deref(), Some("delayed"));
        assert!(parse_json(r#"{"to":"c@example.com","output":"250 2.0.0 Ok"}"#).is_none());
        assert!(parse_json("not { json").is_none());
    }
}
