//! Feedback reports (RFC 5965 ARF, `multipart/report; report-type=feedback-report`), Hotmail's
//! JMRP complaints ("complaint about message from …") and Apple Mail's one-click unsubscribe
//! mails: one `feedback` record per complained-about recipient, with the Feedback-Type.

use crate::dsn;
use crate::facts::Facts;
use crate::mail::{self, Mail};
use crate::mta::text;
use crate::reason::Reason;

/// The recipient of a feedback report that names none (Sisimai's `Address.Undisclosed`).
pub const UNDISCLOSED: &str = "undisclosed-recipient-in-headers@libsisimai.org.invalid";

/// Records from a feedback report and the reported message's sender (the report's
/// `Original-Mail-From`, not a sending service's bounce address, else the returned headers'
/// `From`), or `None` when the message is not one.
pub fn parse(m: &Mail) -> Option<(Vec<Facts>, Option<String>)> {
    let is_arf = m.feedback_report.is_some() || m.report_type.as_deref() == Some("feedback-report");
    let subject = m.subject.to_ascii_lowercase();
    let jmrp = m.original_header("x-hmxmroriginalrecipient").is_some()
        || subject
            .trim_start()
            .starts_with("complaint about message from");
    let apple_unsubscribe = m
        .header("x-apple-unsubscribe")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !is_arf && !jmrp && !apple_unsubscribe {
        return None;
    }
    let report = m
        .feedback_report
        .clone()
        .unwrap_or_else(|| fields_in_body(&m.body));
    let fields = mail::parse_header_block(report.as_bytes());
    let get = |name: &str| mail::header_in(&fields, name).map(str::to_string);
    let feedback_type = get("feedback-type")
        .map(|t| t.trim().to_ascii_lowercase())
        .or_else(|| apple_unsubscribe.then(|| "opt-out".to_string()))
        .or_else(|| Some("abuse".to_string()));
    let mut recipients: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "original-rcpt-to" || n == "removal-recipient")
        .filter_map(|(_, v)| text::first_address(v))
        .collect();
    if recipients.is_empty() {
        let from_original = ["to", "x-hmxmroriginalrecipient", "delivered-to"]
            .iter()
            .find_map(|h| m.original_header(h).and_then(text::first_address));
        let candidate = if apple_unsubscribe {
            m.header("from").and_then(text::first_address)
        } else {
            from_original
        };
        recipients.extend(candidate);
    }
    if recipients.is_empty() {
        if !is_arf {
            return None;
        }
        // A report that hides the complained-about address ("To: undisclosed") is still a
        // complaint: Sisimai's reserved placeholder (`.invalid`, RFC 2606) stands for it.
        recipients.push(UNDISCLOSED.to_string());
    }
    let part = m.error_part();
    let diagnostic =
        text::squash(&part[..crate::input::floor_char_boundary(part, text::MAX_DIAGNOSTIC)]);
    let remote = get("source-ip").or_else(|| get("reporting-mta").map(|v| dsn::strip_type(&v)));
    let sender = get("original-mail-from")
        .as_deref()
        .and_then(text::first_address)
        .filter(|a| !crate::mta::is_esp_bounce_address(a))
        .or_else(|| m.original_header("from").and_then(text::first_address));
    let records = recipients
        .into_iter()
        .map(|r| Facts {
            recipient: Some(r),
            diagnostic: (!diagnostic.is_empty()).then(|| diagnostic.clone()),
            remote_mta: remote.clone(),
            reason_hint: Some(Reason::Feedback),
            feedback_type: feedback_type.clone(),
            ..Facts::default()
        })
        .collect();
    Some((records, sender))
}

/// Some senders put the report fields in the text part instead of their own part.
fn fields_in_body(body: &str) -> String {
    let mut out = String::new();
    for line in crate::input::lines(body) {
        let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "feedback-type"
                | "user-agent"
                | "version"
                | "original-rcpt-to"
                | "removal-recipient"
                | "source-ip"
                | "original-mail-from"
                | "arrival-date"
                | "reported-domain"
        ) {
            out.push_str(line.trim());
            out.push('\n');
        }
    }
    out
}
