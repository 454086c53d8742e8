//! DNS blocklists (Spamhaus first) quoted by any receiving server: the fix is a delisting at the
//! list, whoever refused the mail. Spamhaus's own lookup and removal page:
//! https://check.spamhaus.org/ ("Blocklist Removal Center").

use crate::facts::Facts;
use crate::reason::Reason;
use crate::remedy::RemedyKind;

/// A blocklist named in the refusal.
pub struct Listing {
    pub reason: Option<Reason>,
    pub remedy: RemedyKind,
    /// Where to look the IP or domain up and ask for removal.
    pub url: &'static str,
    pub title: &'static str,
}

/// (phrase, lookup URL, title). Phrases are what servers print when they quote the list.
#[rustfmt::skip]
const LISTS: &[(&str, &str, &str)] = &[
    // 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org;
    // https://www.spamhaus.org/query/ip/192.0.2.1
    (
        "spamhaus",
        "https://check.spamhaus.org/",
        "IP or domain listed by Spamhaus",
    ),
    // 554 ... blocked using bl.spamcop.net; https://www.spamcop.net/bl.shtml?192.0.2.1
    (
        "spamcop.net",
        "https://www.spamcop.net/bl.shtml",
        "IP listed by SpamCop",
    ),
    // 554 Service unavailable; Client host [...] blocked using b.barracudacentral.org
    (
        "barracudacentral.org",
        "https://www.barracudacentral.org/rbl/removal-request",
        "IP listed by Barracuda",
    ),
    // 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1
    (
        "proofpoint.com/dnsbl-lookup",
        "https://ipcheck.proofpoint.com/",
        "IP listed by Proofpoint",
    ),
    // ... listed at cbl.abuseat.org (the CBL is now part of Spamhaus's XBL)
    (
        "abuseat.org",
        "https://check.spamhaus.org/",
        "IP listed in the CBL (Spamhaus XBL)",
    ),
    // 550 ... blocked using dnsbl.sorbs.net
    (
        "sorbs.net",
        "https://www.sorbs.net/lookup.shtml",
        "IP listed by SORBS",
    ),
    // ... listed on Cloudmark CSI (csi.cloudmark.com)
    (
        "csi.cloudmark.com",
        "https://csi.cloudmark.com/en/reset/",
        "IP listed by Cloudmark CSI",
    ),
];

/// Phrases that quote a list about content (a URL in the message), not about the sender's IP.
const CONTENT: &[&str] = &[
    "help_spam_16",
    "sender domain listed at ",
    "dbl.spamhaus",
    "spamhaus dbl",
    "uribl",
];

pub fn judge(facts: &Facts) -> Option<Listing> {
    let text = facts.diagnostic.as_deref()?.to_ascii_lowercase();
    let &(_, url, title) = LISTS.iter().find(|(p, _, _)| text.contains(p))?;
    let about_content = CONTENT.iter().any(|c| text.contains(c));
    let remedy = if url.starts_with("https://check.spamhaus.org") {
        RemedyKind::SpamhausDelist
    } else {
        RemedyKind::ProviderSupport
    };
    Some(Listing {
        reason: (!about_content).then_some(Reason::Blocked),
        remedy,
        url,
        title,
    })
}
