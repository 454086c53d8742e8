//! Amazon SES notifications delivered by e-mail (SNS): a JSON document with
//! `notificationType` `Bounce`, `Complaint` or `Delivery` and the recipients of each.

use serde_json::Value;
use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::Needles;
use crate::reason::Reason;

/// Records from an SES notification, or `None` when the text carries none.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    static START: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["{\"notificationType\""]));
    let start = START.earliest_in(&mail.body)?;
    let doc: Value = serde_json::Deserializer::from_str(&mail.body[start..])
        .into_iter::<Value>()
        .next()?
        .ok()?;
    let kind = doc.get("notificationType")?.as_str()?;
    let mut out = Vec::new();
    match kind {
        "Bounce" => {
            let b = doc.get("bounce")?;
            let mta = b
                .get("reportingMTA")
                .and_then(Value::as_str)
                .map(|s| s.trim_start_matches("dsn; ").to_string());
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
