//! Gmail's and Google Workspace's bounces ("Delivery to the following recipient failed
//! permanently", "** Message not delivered **", "The response was:") and Google Groups'
//! "the group you tried to contact … may not exist". Recipients are listed indented or in
//! `X-Failed-Recipients`.

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};

const MARKERS: &[&str] = &[
    "delivery to the following recipient",
    "** message not delivered **",
    "** address not found **",
    "** delivery incomplete **",
    "** message blocked **",
    "google tried to deliver your message",
    "the group you tried to contact",
    "message will be retried for",
    // The same notices as Gmail's web view shows them, copied: the "** … **" title reads
    // "Address not found" there, so the first sentence is the marker.
    "your message wasn't delivered to",
    "your message wasn’t delivered to",
    "there was a temporary problem delivering your message to",
];

/// Where the remote's words start (lower case), most specific first.
const DETAILS: &[&str] = &[
    "the response from the remote server was:",
    "the response was:",
    "technical details of permanent failure:",
    "technical details of temporary failure:",
    "the error that the other server returned was:",
];

/// Records from a Google bounce, or `None` when the text is not one.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    static MARKER_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(MARKERS));
    // Cheap rejection first: no marker in the whole body, none in its error part.
    if !MARKER_SET.any_in_body(mail, &mail.body_lower) {
        return None;
    }
    let region = mail.error_part();
    // The region is a prefix of the body, so of `body_lower` too (same byte offsets).
    let lower = &mail.body_lower[..region.len()];
    static DELAYED: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "has been delayed",
            "delivery incomplete",
            "temporary failure",
            "warning message only",
        ])
    });
    static DETAIL_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(DETAILS));
    if !MARKER_SET.any_in_body(mail, lower) {
        return None;
    }
    let delayed = DELAYED.any_in_body(mail, lower);
    let mut recipients: Vec<String> = Vec::new();
    let mut listing = false;
    for line in crate::input::lines(region) {
        if crate::find::contains_ci(line, "following recipient") {
            listing = true;
            continue;
        }
        if listing {
            if let Some(a) = text::as_address(line) {
                recipients.push(a);
                continue;
            }
            if !line.trim().is_empty() {
                listing = false;
            }
        }
    }
    if recipients.is_empty() {
        recipients = mail
            .header("x-failed-recipients")
            .map(text::addresses)
            .unwrap_or_default();
    }
    if recipients.is_empty() {
        // "Your message wasn't delivered to a@b because …"
        for line in crate::input::lines(region) {
            // ("delivered to" covers "wasn't …" and "couldn't be delivered to"; "delivering
            // your message to", a delay's "There was a temporary problem …".)
            if crate::find::contains_ci(line, "delivered to")
                || crate::find::contains_ci(line, "delivering your message to")
            {
                if let Some(a) = text::first_address(line) {
                    recipients.push(a);
                    break;
                }
            }
        }
    }
    if recipients.is_empty() {
        return None;
    }
    let details = DETAIL_SET
        .first_in(lower)
        .map(|(i, at)| region[at + DETAILS[i].len()..].to_string())
        .unwrap_or_else(|| {
            // Google Groups and delay notices: the explanation paragraph itself.
            region
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(12)
                .collect::<Vec<_>>()
                .join(" ")
        });
    let details = details.split("\n\n\n").next().unwrap_or("").to_string();
    // Gmail's "Send mail as" notice ("You're sending this from a different address or alias
    // using the 'Send mail as' feature. The settings for your 'Send mail as' account are
    // misconfigured or out of date."): the alias's own server refused Gmail, whatever its reply
    // says (Sisimai's Rejected list has the sentence).
    let alias = crate::find::contains(lower, "sending this from a different address or alias");
    Some(
        recipients
            .into_iter()
            .map(|r| {
                let mut f = Facts::with_recipient(r);
                text::fill(&mut f, &details);
                if alias {
                    f.reason_hint = Some(crate::reason::Reason::Rejected);
                }
                if delayed {
                    f.action = Some("delayed".into());
                }
                f
            })
            .collect(),
    )
}
