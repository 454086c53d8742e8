//! Amazon SES notifications delivered by e-mail (SNS): a JSON document with
//! `notificationType` `Bounce`, `Complaint` or `Delivery` and the recipients of each.

use serde_json::Value;
use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::Needles;
use crate::reason::Reason;

/// The notification: the JSON document itself, or the one in the `Message` string of the SNS
/// envelope (`{"Type" : "Notification", …, "Message" : "{\"notificationType\":…}"}`) that an
/// SNS e-mail subscription sends.
fn document(body: &str) -> Option<Value> {
    static START: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["{\"notificationType\""]));
    static ENVELOPE: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["{\\\"notificationType\\\""]));
    if let Some(start) = START.earliest_in(body) {
        return first_value(&body[start..]);
    }
    let inner = ENVELOPE.earliest_in(body)?;
    // The envelope is the object that opens on the last line starting with `{` before it.
    let open = body[..inner]
        .rfind("\n{")
        .map(|i| i + 1)
        .or_else(|| body.starts_with('{').then_some(0))?;
    let envelope = first_value(&body[open..])?;
    first_value(envelope.get("Message")?.as_str()?)
}

/// The first JSON value of `text`. A mail system may have broken a long line inside a string,
/// which JSON forbids: failing that, the value is read again without line breaks.
fn first_value(text: &str) -> Option<Value> {
    let parse = |t: &str| {
        serde_json::Deserializer::from_str(t)
            .into_iter::<Value>()
            .next()?
            .ok()
    };
    parse(text).or_else(|| {
        let joined: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        parse(&joined)
    })
}

/// Records from an SES notification, or `None` when the text carries none.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    let doc = document(&mail.body)?;
    let kind = doc.get("notificationType")?.as_str()?;
    let mut out = Vec::new();
    match kind {
        "Bounce" => {
            let b = doc.get("bounce")?;
            // The server that refused: newer notifications name it (`remoteMtaIp`); older
            // ones only SES's own reporting host, which Sisimai gives as the remote host.
            let mta = b
                .get("remoteMtaIp")
                .and_then(Value::as_str)
                .and_then(crate::ip::valid)
                .or_else(|| {
                    b.get("reportingMTA")
                        .and_then(Value::as_str)
                        .map(|s| s.trim_start_matches("dsn; ").to_string())
                });
            for r in b.get("bouncedRecipients")?.as_array()?.iter().take(10_000) {
                let mut f = Facts::with_recipient(
                    r.get("emailAddress").and_then(Value::as_str)?.to_string(),
                );
                f.status = r.get("status").and_then(Value::as_str).map(str::to_string);
                f.action = r
                    .get("action")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase);
                f.remote_mta = mta.clone();
                if let Some(d) = r.get("diagnosticCode").and_then(Value::as_str) {
                    crate::mta::text::fill(&mut f, d.trim_start_matches("smtp; "));
                }
                out.push(f);
            }
        }
        "Complaint" => {
            let c = doc.get("complaint")?;
            let feedback = c
                .get("complaintFeedbackType")
                .and_then(Value::as_str)
                .unwrap_or("abuse");
            for r in c
                .get("complainedRecipients")?
                .as_array()?
                .iter()
                .take(10_000)
            {
                out.push(Facts {
                    recipient: r
                        .get("emailAddress")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    reason_hint: Some(Reason::Feedback),
                    feedback_type: Some(feedback.to_string()),
                    ..Facts::default()
                });
            }
        }
        "Delivery" => {
            let d = doc.get("delivery")?;
            let response = d.get("smtpResponse").and_then(Value::as_str).unwrap_or("");
            for r in d.get("recipients")?.as_array()?.iter().take(10_000) {
                let mut f = Facts::with_recipient(r.as_str()?.to_string());
                f.action = Some("delivered".into());
                f.reason_hint = Some(Reason::Delivered);
                f.remote_mta = d
                    .get("reportingMTA")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                f.reply_code = crate::smtp::find_reply_code(response);
                f.status = crate::smtp::find_status(response);
                f.diagnostic = Some(response.to_string());
                out.push(f);
            }
        }
        _ => return None,
    }
    (!out.is_empty()).then_some(out)
}
