//! Spectrum / Charter (charter.net). `AUP#` codes ported from Sisimai (go-sisimai
//! `rhost/for-spectrum.go`, BSD-2-Clause), from
//! https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes

use super::Provider;
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "spectrum",
    hosts: &["charter.net"],
    reason,
    support_url: Some(
        "https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes",
    ),
    source: "https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes",
};

/// (first code, last code, reason): `AUP#I1000`, `AUP#O1350` … (I = incoming, O = outgoing).
#[rustfmt::skip]
const CODES: &[(u16, u16, Reason)] = &[
    (1000, 1000, Reason::Blocked), // Your IP address has been blocked due to suspicious activity.
    (1010, 1010, Reason::Rejected), // This email account has been blocked from sending emails.
    (1020, 1080, Reason::Rejected), // This email account has limited access to send emails.
    (1090, 1090, Reason::Systemerror), // The email you're trying to send can't be processed.
    (1100, 1150, Reason::Requireptr), // Spectrum requires a full circle DNS (reverse DNS).
    (1160, 1190, Reason::Policyviolation), // Goes against your domain's security policies.
    (1200, 1210, Reason::Blocked), // Flagged by Cloudmark CSI as potential spam.
    (1220, 1250, Reason::Blocked), // Your IP address has been blacklisted by Spamhaus.
    (1260, 1260, Reason::Networkerror), // Spectrum doesn't process IPV6 addresses.
    (1300, 1340, Reason::Toomanyconn), // Too many concurrent connections.
    (1350, 1490, Reason::Speeding), // Limits by messages sent, recipients, spam, invalid recipients.
    (1500, 1500, Reason::Rejected), // Sending as a different address than signed in under.
    (1520, 1520, Reason::Rejected), // Sending as an address of a domain we do not host.
    (1530, 1530, Reason::Mesgtoobig), // Larger than the maximum size of 20MB.
    (1540, 1540, Reason::Speeding), // Too many in a single session.
    (1550, 1550, Reason::Speeding), // Too many recipients in one message.
    (1560, 1560, Reason::Policyviolation), // Too many invalid recipients.
    (1580, 1580, Reason::Speeding), // Too many recipients in a short period of time.
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let raw = facts.diagnostic.as_deref()?;
    let at = raw.find("AUP#")?;
    let digits: String = raw[at + 4..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.len() != 4 {
        return None;
    }
    let code: u16 = digits.parse().ok()?;
    CODES
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
        .map(|&(_, _, r)| r)
}
