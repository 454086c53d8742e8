//! Facebook (facebook.com mail). Response codes ported from Sisimai (go-sisimai
//! `rhost/for-facebook.go`, BSD-2-Clause), from https://www.facebook.com/postmaster/response_codes

use super::Provider;
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "facebook",
    hosts: &[".facebook.com"],
    reason,
    support_url: Some("https://www.facebook.com/postmaster/response_codes"),
    source: "https://www.facebook.com/postmaster/response_codes",
};

/// `XXX-YN` labels in Facebook's rejections.
#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    ("POL-P7", Reason::Authfailure), // does not comply with Facebook's Domain Authentication requirements
    ("POL-P1", Reason::Blocked),     // your mail server's IP Address is listed on the Spamhaus PBL
    ("POL-P2", Reason::Blocked), // Facebook will no longer accept mail from your mail server's IP
    ("POL-P3", Reason::Blocked), // not accepting messages from your mail server (4 to 8 hours)
    ("POL-P4", Reason::Blocked), // ... (24 to 48 hours)
    ("POL-T1", Reason::Blocked), // ... may be retried later (1 to 2 hours)
    ("POL-T2", Reason::Blocked), // ... (4 to 8 hours)
    ("POL-T3", Reason::Blocked), // ... (24 to 48 hours)
    ("MSG-P2", Reason::Contenterror), // attachment type that Facebook does not accept
    ("RCP-P2", Reason::Filtered), // the recipient's preferences prevent messages from being delivered
    ("RCP-P3", Reason::Filtered), // the recipient's privacy settings blocked the delivery
    ("MSG-P1", Reason::Mesgtoobig), // exceeds Facebook's maximum allowed size
    ("INT-P2", Reason::Mesgtoobig),
    ("MSG-P3", Reason::Notcompliantrfc), // multiple instances of a header that can only be present once
    ("DNS-P1", Reason::Rejected),        // your SMTP MAIL FROM domain does not exist
    ("DNS-P2", Reason::Rejected),        // ... does not have an MX record
    ("DNS-T1", Reason::Rejected),        // ... exists but does not currently resolve
    ("DNS-P3", Reason::Requireptr),      // your mail server does not have a reverse DNS record
    ("DNS-T2", Reason::Requireptr),      // ... does not currently resolve
    ("POL-P6", Reason::Spamdetected),    // contains a url that has been blocked by Facebook
    ("RCP-T4", Reason::Suspend),         // the recipient address is currently deactivated
    ("RCP-T1", Reason::Systemerror),     // not available due to an internal system issue
    ("CON-T1", Reason::Toomanyconn),     // too many connections open
    ("CON-T2", Reason::Toomanyconn),
    ("CON-T3", Reason::Toomanyconn),
    ("CON-T4", Reason::Toomanyconn),
    ("MSG-T1", Reason::Toomanyconn), // number of recipients exceeds Facebook's allowed maximum
    ("RCP-P1", Reason::Userunknown), // the recipient address does not exist
    ("INT-P1", Reason::Userunknown),
    ("INT-P3", Reason::Userunknown),
    ("INT-P4", Reason::Userunknown),
    ("POL-P5", Reason::Virusdetected), // the message contains a virus
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let raw = facts.diagnostic.as_deref()?;
    let i = raw.find('-')?;
    let label = raw.get(i.checked_sub(3)?..i + 3)?;
    CODES.iter().find(|(c, _)| *c == label).map(|&(_, r)| r)
}
