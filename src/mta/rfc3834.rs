//! Auto-replies (RFC 3834): out-of-office and vacation messages. The recipient who is away is
//! the auto-reply's own sender; the reason is `vacation`.

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text;
use crate::reason::Reason;

/// Subject openings of auto-replies (lower case), several languages.
const SUBJECTS: &[&str] = &[
    "auto:",
    "auto reply",
    "auto-reply",
    "autoreply",
    "automatic reply",
    "auto response",
    "autoresponse",
    "auto-response",
    "out of office",
    "out of the office",
    "ooo:",
    "away",
    "vacation",
    "on vacation",
    "abwesenheit",
    "automatische antwort",
    "réponse automatique",
    "respuesta automática",
    "risposta automatica",
    "automatisch antwoord",
    "自動応答",
    "不在",
];

/// A record for an auto-reply, or `None` when the message is not one.
pub fn parse(m: &Mail) -> Option<Vec<Facts>> {
    let from = m.header("from")?;
    let address = text::first_address(from)?;
    if text::is_daemon(&address) || m.from_lower().contains("mail delivery") {
        return None;
    }
    let auto_submitted = m
        .header("auto-submitted")
        .unwrap_or("")
        .to_ascii_lowercase();
    let precedence = m.header("precedence").unwrap_or("").to_ascii_lowercase();
    let subject = m.subject.trim().to_ascii_lowercase();
    let flagged = auto_submitted.starts_with("auto-replied")
        || m.header("x-autoreply").is_some()
        || m.header("x-autorespond").is_some()
        || m.header("x-autoresponder").is_some()
        || precedence == "auto_reply";
    // Exchange marks its automatic replies `auto-generated`; the mailbox whose rule answered
    // is the reply's own sender (a rule's forward keeps the original sender instead).
    let exchange_reply = auto_submitted.starts_with("auto-generated")
        && m.header("x-ms-exchange-inbox-rules-loop")
            .and_then(text::first_address)
            .is_some_and(|a| a.eq_ignore_ascii_case(&address));
    let flagged = flagged || exchange_reply;
    let by_subject = SUBJECTS.iter().any(|s| subject.starts_with(s));
    if !flagged && !by_subject {
        return None;
    }
    let diagnostic = text::squash(&m.body.chars().take(2000).collect::<String>());
    Some(vec![Facts {
        recipient: Some(address),
        diagnostic: (!diagnostic.is_empty()).then_some(diagnostic),
        reason_hint: Some(Reason::Vacation),
        ..Facts::default()
    }])
}
