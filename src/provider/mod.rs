//! Rejecting providers: who refused the mail (from the remote host, the recipient domain and the
//! reporting MTA) and each provider's own table of codes and phrases. One file per provider; a
//! new documented code is one row in its table.
//!
//! Order: Microsoft first (its own engineer-owned table, with the delisting forms), then the
//! provider whose hosts match (Sisimai's "rhost" classes, see [`PROVIDERS`]), then DNSBL listings
//! quoted by anyone ([`spamhaus`]). A reason a provider table finds wins over the generic
//! classifier (`crate::reason`), except when the format already implied a final reason (an
//! auto-reply, a feedback report …), as in Sisimai.

pub mod aol;
pub mod apple;
pub mod cloudflare;
pub mod cox;
pub mod facebook;
pub mod franceptt;
pub mod godaddy;
pub mod google;
pub mod iua;
pub mod kddi;
pub mod messagelabs;
pub mod microsoft;
pub mod mimecast;
pub mod nttdocomo;
pub mod others;
pub mod spamhaus;
pub mod spectrum;
pub mod tencent;
pub mod yahoo;
pub mod zoho;

use std::cell::OnceCell;

use crate::facts::{Bounce, Facts};
use crate::reason::Reason;
use crate::remedy::RemedyKind;

/// What a provider table says about one record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    /// Provider id (`outlook.com`, `office365`, `gmail`, …).
    pub provider: Option<&'static str>,
    /// The provider's own code as printed (`S3150`, `AS16012609`).
    pub provider_code: Option<String>,
    pub reason: Option<Reason>,
    pub remedy: Option<RemedyKind>,
    /// Short headline cause ("IP blocklisted").
    pub title: Option<&'static str>,
    /// Plain-language explanation.
    pub explanation: Option<&'static str>,
    /// Documentation URLs.
    pub sources: Vec<&'static str>,
    /// The provider's own page for `provider_support`.
    pub support_url: Option<&'static str>,
    /// Whether the matched Microsoft row is about the sending IP (the headline then names it);
    /// `None` when no Microsoft row matched.
    pub about_ip: Option<bool>,
}

/// One rejecting provider: how to recognise its hosts and how to read its bounces.
pub struct Provider {
    /// Lower-case id reported in `Verdict::provider`.
    pub id: &'static str,
    /// Host name suffixes of its MX / outbound servers (Sisimai's `RhostClass`).
    pub hosts: &'static [&'static str],
    /// The provider's table: a reason for a record, or `None` when no row matches.
    pub reason: fn(&Facts) -> Option<Reason>,
    /// Where a sender asks the provider for help (blocks, reputation).
    pub support_url: Option<&'static str>,
    /// The provider's documentation of its bounce codes.
    pub source: &'static str,
}

/// Providers with their own table, in Sisimai's `rhost` order (go-sisimai `rhost/lib.go`,
/// BSD-2-Clause). Microsoft is handled by [`microsoft`].
pub const PROVIDERS: &[Provider] = &[
    aol::PROVIDER,
    apple::PROVIDER,
    cloudflare::PROVIDER,
    cox::PROVIDER,
    facebook::PROVIDER,
    franceptt::PROVIDER,
    godaddy::PROVIDER,
    google::GMAIL,
    google::WORKSPACE,
    google::GROUPS,
    iua::PROVIDER,
    kddi::PROVIDER,
    messagelabs::PROVIDER,
    mimecast::PROVIDER,
    nttdocomo::PROVIDER,
    spectrum::PROVIDER,
    tencent::PROVIDER,
    yahoo::PROVIDER,
    zoho::PROVIDER,
];

/// Ask every provider table about `facts`; the first that recognises it answers.
pub fn judge(facts: &Facts, bounce: &Bounce) -> Verdict {
    judge_reply(
        facts,
        bounce,
        &Reply::of_record(
            facts.diagnostic.as_deref().unwrap_or(""),
            facts.reply_code,
            facts.status.as_deref(),
        ),
    )
}

/// The record's diagnostic as the tables read it, made once per record (the caller may read it
/// too).
pub struct Reply {
    /// Lower case, one space between words, whatever folding or pasting did to the reply.
    pub(crate) lower: String,
    /// `lower`'s byte pairs. They also rule out phrases in the reply as written
    /// ([`crate::reason::Pairs::may_contain_squashed`]).
    pub(crate) pairs: crate::reason::Pairs,
}

impl Reply {
    pub fn of(diagnostic: &str) -> Reply {
        Reply::of_record(diagnostic, None, None)
    }

    /// [`Reply::of`] for a record's reply: also without the prefixes of its continuation lines
    /// ("… this message is 550-5.7.1 likely unsolicited mail"), so that phrases split over
    /// lines match.
    pub fn of_record(diagnostic: &str, reply_code: Option<u16>, status: Option<&str>) -> Reply {
        let lower = crate::reason::tidy_squashed(diagnostic, reply_code, status);
        let pairs = crate::reason::Pairs::of(&lower);
        Reply { lower, pairs }
    }
}

/// [`judge`] with the record's [`Reply`].
pub fn judge_reply(facts: &Facts, bounce: &Bounce, reply: &Reply) -> Verdict {
    // A reason the format implied and Sisimai would not decide again (vacation, feedback,
    // mailboxfull …) is final: provider tables only name the provider then.
    let settled = facts.reason_hint.is_some_and(|h| !h.should_be_retried());
    // A local delivery agent's own words (procmail, maildrop, dovecot …) come before any
    // provider's table, as in Sisimai (`lda.Find` before `rhost.Find`).
    // Both readers of the bounce's own explanation share one look-up of it.
    let explanation = OnceCell::new();
    let local = (!settled)
        .then(|| {
            format_said(facts, bounce, &explanation)
                // No local agent's mark in the reply's pairs: none in the reply either.
                .or_else(|| {
                    crate::reason::local_agent_may_match_squashed(&reply.pairs)
                        .then(|| crate::reason::by_local_agent(facts))
                        .flatten()
                })
                .or_else(|| local_agent_said(facts, bounce, &explanation))
        })
        .flatten();
    if let Some(mut v) = microsoft::judge(facts, bounce, reply) {
        if settled {
            v.reason = None;
        } else if local.is_some() {
            v.reason = local;
        }
        return v;
    }
    // The other tables read only codes written in the bounce, not ones the parsers derived.
    let underived;
    let facts = if facts.status_derived {
        underived = Facts {
            status: None,
            ..facts.clone()
        };
        &underived
    } else {
        facts
    };
    let mut verdict = Verdict::default();
    if let Some(p) = identify(facts, bounce) {
        verdict.provider = Some(p.id);
        verdict.sources.push(p.source);
        if !settled {
            verdict.reason = local.or_else(|| (p.reason)(facts));
        }
        if matches!(
            verdict.reason,
            Some(Reason::Blocked | Reason::Badreputation)
        ) {
            if let Some(url) = p.support_url {
                verdict.remedy = Some(RemedyKind::ProviderSupport);
                verdict.support_url = Some(url);
            }
        }
    } else {
        verdict.provider = others::identify(facts);
        verdict.reason = local;
    }
    if verdict.reason.is_none() && !settled && google::is_google_dsn(facts) {
        // Google's own DSN ("** Address not found **"), whoever the recipient was.
        verdict.reason = google::workspace(facts);
    }
    if let Some(listing) = spamhaus::judge(facts) {
        if verdict.reason.is_none() && !settled {
            verdict.reason = listing.reason;
        }
        verdict.remedy = Some(listing.remedy);
        verdict.support_url = Some(listing.url);
        verdict.title = Some(listing.title);
        verdict.sources.push(listing.url);
    }
    verdict
}

/// A final reason the bounce's own explanation names in its writer's words ("The user(s)
/// account is disabled." above an EZweb DSN): Sisimai's MTA modules read the whole
/// explanation, not only the remote's reply, and their reason stands. One recipient only.
fn format_said<'a>(
    facts: &Facts,
    bounce: &'a Bounce,
    explanation: &OnceCell<&'a str>,
) -> Option<Reason> {
    let mail = bounce.mail.as_ref()?;
    // au by KDDI (EZweb) marks a message its spam filter refused with `X-SPASIGN: NG`
    // (Sisimai's `lhost/via-ezweb.go`).
    if mail
        .header("x-spasign")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("ng"))
    {
        return Some(Reason::Filtered);
    }
    // Verizon's own bounces (From post_master@vtext.com or sysadmin@….vzwpix.com) name an
    // unknown recipient so (Sisimai's `lhost/via-verizon.go`); other MTAs' same words do not.
    let from = mail.from_lower();
    if from.contains("post_master@vtext.com")
        || crate::reason::aligned(&from, &["sysadmin@", ".vzwpix.com"])
    {
        let text = mail.body.to_ascii_lowercase();
        if [
            "550 - requested action not taken: no such user here",
            "no valid recipients",
        ]
        .iter()
        .any(|p| text.contains(p))
        {
            return Some(Reason::Userunknown);
        }
    }
    if bounce.records.len() != 1 || facts.reason_hint.is_some() {
        return None;
    }
    // The body's byte pairs (the parsers made them) mostly show that no row with a final
    // reason can match: the explanation is then neither squashed nor searched.
    let is_final = |r: Reason| r.is_explicit() && !r.should_be_retried();
    if !crate::reason::mta_text_may_match(mail.body_pairs(), is_final) {
        return None;
    }
    let text = explanation.get_or_init(|| crate::mta::text::error_part_keep_dsn_of(mail));
    crate::reason::mta_text(&crate::reason::squash_lower(text)).filter(|&r| is_final(r))
}

/// A local delivery agent's words in the bounce's own explanation ("mail.local: unknown user:
/// kijitora" above Sendmail's "554 … Service unavailable"), for a bounce about one recipient:
/// Sisimai reads them there too (its RFC 3464 module takes the whole explanation).
fn local_agent_said<'a>(
    facts: &Facts,
    bounce: &'a Bounce,
    explanation: &OnceCell<&'a str>,
) -> Option<Reason> {
    if bounce.records.len() != 1 {
        return None;
    }
    let mail = bounce.mail.as_ref()?;
    // Sendmail's own report ("Returned mail: see transcript for details" with a session
    // transcript) is read from the remote's replies and the DSN only, in Sisimai too.
    let subject = mail.subject.to_ascii_lowercase();
    if (subject.ends_with("see transcript for details") || subject.starts_with("warning: "))
        && mail
            .body
            .contains("----- Transcript of session follows -----")
    {
        return None;
    }
    // No local agent's mark in the body's byte pairs: none in the explanation either.
    if !crate::reason::local_agent_may_match(mail.body_pairs()) {
        return None;
    }
    let text = explanation.get_or_init(|| crate::mta::text::error_part_keep_dsn_of(mail));
    crate::reason::by_local_agent_in(text, facts)
}

/// The provider whose hosts match: the recipient's domain first, then the remote host, then the
/// reporting MTA (Sisimai's `rhost.Name`).
pub fn identify(facts: &Facts, bounce: &Bounce) -> Option<&'static Provider> {
    let domain = facts
        .recipient
        .as_deref()
        .and_then(|r| r.rsplit_once('@'))
        .map(|(_, d)| d.trim().trim_end_matches(['>', '.']).to_ascii_lowercase())
        .filter(|d| d.contains('.'));
    if let Some(d) = domain {
        if let Some(p) = provider_with_host(&d, |h| host_ends_with(h, &d)) {
            return Some(p);
        }
    }
    identify_by_host(facts, bounce)
}

/// [`identify`] by the remote host, then the reporting MTA, then Google's signature.
fn identify_by_host(facts: &Facts, bounce: &Bounce) -> Option<&'static Provider> {
    for host in [facts.remote_mta.as_deref(), bounce.reporting_mta.as_deref()]
        .into_iter()
        .flatten()
    {
        let host = clean_host(host);
        if host.is_empty() {
            continue;
        }
        if let Some(p) = provider_with_host(&host, |h| host_ends_with(&host, h)) {
            return Some(p);
        }
    }
    // No host named (a pasted reply, a transcript, an MX given by its IP): Google signs its
    // replies "- gsmtp", Cloudflare Email Routing links its postmaster page and Mimecast its
    // error-code pages.
    let diagnostic = facts.diagnostic.as_deref()?;
    if crate::find::contains(diagnostic, " gsmtp") {
        Some(&google::GMAIL)
    } else if crate::find::contains_ci(diagnostic, "developers.cloudflare.com/email-routing") {
        Some(&cloudflare::PROVIDER)
    } else if crate::find::contains_ci(diagnostic, "community.mimecast.com/") {
        Some(&mimecast::PROVIDER)
    } else {
        None
    }
}

/// The first provider (in [`PROVIDERS`] order) with a host `h` for which `fits(h)`, where
/// `fits` holds only for hosts ending with the same byte as `name` (non-empty): as
/// `PROVIDERS.iter().find(|p| p.hosts.iter().any(|h| fits(h)))`, but the hosts are picked out
/// of [`HOST_ENDS`] by their last byte without reading the others.
fn provider_with_host(name: &str, fits: impl Fn(&str) -> bool) -> Option<&'static Provider> {
    let last = *name.as_bytes().last()?;
    HOST_ENDS
        .iter()
        .filter(|&&(b, _, _)| b == last)
        .map(|&(_, p, h)| (&PROVIDERS[usize::from(p)], usize::from(h)))
        .find(|&(p, h)| fits(p.hosts[h]))
        .map(|(p, _)| p)
}

/// Every host of [`PROVIDERS`], in order: its last byte, its provider's index and its index
/// among the provider's hosts. Compiled data (330 bytes), scanned by last byte: a look-up
/// reads no provider row nor host name that cannot match.
static HOST_ENDS: [(u8, u8, u8); host_count()] = {
    let mut out = [(0, 0, 0); host_count()];
    let mut k = 0;
    let mut p = 0;
    while p < PROVIDERS.len() {
        let hosts = PROVIDERS[p].hosts;
        let mut h = 0;
        while h < hosts.len() {
            let Some(&last) = hosts[h].as_bytes().last() else {
                panic!("an empty provider host");
            };
            assert!(p < 256 && h < 256);
            out[k] = (last, p as u8, h as u8);
            k += 1;
            h += 1;
        }
        p += 1;
    }
    out
};

const fn host_count() -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < PROVIDERS.len() {
        n += PROVIDERS[p].hosts.len();
        p += 1;
    }
    n
}

/// `host` is `suffix` or ends with it at a label boundary (or `suffix` starts with a dot).
/// Both are lower case (the provider tables are, see the `hosts_are_lower_case` test).
fn host_ends_with(host: &str, suffix: &str) -> bool {
    // Most rows end with another letter: a quick reject before comparing the strings.
    if let (Some(h), Some(s)) = (host.as_bytes().last(), suffix.as_bytes().last()) {
        if h != s {
            return false;
        }
    }
    host == suffix.trim_start_matches('.')
        || (host.ends_with(suffix)
            && (suffix.starts_with('.') || host[..host.len() - suffix.len()].ends_with('.')))
}

/// A host name from a Remote-MTA / Reporting-MTA value: `dns; mx.example.com [192.0.2.1]` →
/// `mx.example.com`.
fn clean_host(value: &str) -> String {
    let v = value.rsplit_once(';').map(|(_, h)| h).unwrap_or(value);
    let v = v.rsplit_once('@').map(|(_, h)| h).unwrap_or(v);
    v.split([' ', '[', '(', ']', ')'])
        .find(|w| !w.is_empty() && w.chars().any(|c| c.is_ascii_alphabetic()))
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// One row of a phrase table: the provider's words (lower case) and what they mean.
pub struct Row {
    pub reason: Reason,
    pub phrase: &'static str,
}

/// The first row whose phrase occurs in the lower-cased text.
pub fn first_row(rows: &[Row], text: &str) -> Option<Reason> {
    rows.iter()
        .find(|r| text.contains(r.phrase))
        .map(|r| r.reason)
}

/// The reason for the provider code that follows `marker` in `raw` (up to the next white space),
/// looked up in a provider's `(code, reason)` table.
pub fn code_after(raw: &str, marker: &str, codes: &[(&str, Reason)]) -> Option<Reason> {
    let at = raw.find(marker)? + marker.len();
    let code = raw[at..].split(char::is_whitespace).next()?;
    codes.iter().find(|(c, _)| *c == code).map(|&(_, r)| r)
}

/// The record's text, lower case (empty when there is none).
pub fn text_of(facts: &Facts) -> String {
    crate::reason::tidy(
        facts.diagnostic.as_deref().unwrap_or(""),
        facts.reply_code,
        facts.status.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_lower_case() {
        for p in PROVIDERS {
            for h in p.hosts {
                assert_eq!(*h, h.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn host_ends_pick_the_first_provider_as_the_plain_scan() {
        let mut names: Vec<String> = vec!["example.org".into(), "x".into(), "com".into()];
        for p in PROVIDERS {
            for h in p.hosts {
                let bare = h.trim_start_matches('.');
                names.extend([
                    h.to_string(),
                    bare.to_string(),
                    format!("mx1.{bare}"),
                    format!("not{bare}"),
                    bare[bare.len() / 2..].to_string(),
                ]);
            }
        }
        for n in &names {
            let by_domain = PROVIDERS
                .iter()
                .find(|p| p.hosts.iter().any(|h| host_ends_with(h, n)));
            let got = provider_with_host(n, |h| host_ends_with(h, n));
            assert_eq!(got.map(|p| p.id), by_domain.map(|p| p.id), "{n}");
            let by_host = PROVIDERS
                .iter()
                .find(|p| p.hosts.iter().any(|h| host_ends_with(n, h)));
            let got = provider_with_host(n, |h| host_ends_with(n, h));
            assert_eq!(got.map(|p| p.id), by_host.map(|p| p.id), "{n}");
        }
    }

    #[test]
    fn hosts() {
        assert!(host_ends_with(
            "gmail-smtp-in.l.google.com",
            "gmail-smtp-in.l.google.com"
        ));
        assert!(host_ends_with("mx1.mail.icloud.com", ".mail.icloud.com"));
        assert!(!host_ends_with("notcox.net", "cox.net"));
        assert!(host_ends_with("mx.cox.net", "cox.net"));
        assert_eq!(
            clean_host("dns; mx.example.com [192.0.2.1]"),
            "mx.example.com"
        );
    }

    fn facts(rcpt: &str, rhost: &str, status: &str, reply: u16, text: &str) -> Facts {
        Facts {
            recipient: Some(rcpt.into()),
            remote_mta: (!rhost.is_empty()).then(|| rhost.to_string()),
            status: (!status.is_empty()).then(|| status.to_string()),
            reply_code: (reply > 0).then_some(reply),
            diagnostic: Some(text.into()),
            ..Facts::default()
        }
    }

    fn reason_of(f: &Facts) -> Option<Reason> {
        judge(f, &Bounce::default()).reason
    }

    #[test]
    fn provider_tables() {
        let gmail = facts(
            "a@example.org",
            "gmail-smtp-in.l.google.com",
            "5.7.26",
            550,
            "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 \
             Gmail requires all senders to authenticate with either SPF or DKIM.",
        );
        assert_eq!(reason_of(&gmail), Some(Reason::Authfailure));
        let cox = facts(
            "a@cox.net",
            "",
            "5.7.1",
            554,
            "554 5.7.1 Rejected AUP#CXBL 192.0.2.1",
        );
        let v = judge(&cox, &Bounce::default());
        assert_eq!((v.provider, v.reason), (Some("cox"), Some(Reason::Blocked)));
        assert_eq!(v.remedy, Some(RemedyKind::ProviderSupport));
        let fb = facts(
            "a@facebook.com",
            "",
            "5.0.0",
            550,
            "550 5.1.1 RCP-P1 Domain facebook.com no longer available",
        );
        assert_eq!(reason_of(&fb), Some(Reason::Userunknown));
        let spectrum = facts(
            "a@charter.net",
            "",
            "5.0.0",
            554,
            "554 Refused. AUP#I-1260 IPv6",
        );
        assert_eq!(reason_of(&spectrum), Some(Reason::Networkerror));
        let orange = facts(
            "a@orange.fr",
            "",
            "5.0.0",
            550,
            "550 mwinf5c04 ME Adresse IP source bloquee. OFR006_102 Ref",
        );
        assert_eq!(reason_of(&orange), Some(Reason::Blocked));
        let godaddy = facts(
            "a@example.net",
            "smtp.secureserver.net",
            "5.0.0",
            554,
            "554 RBL Reject. IB104",
        );
        assert_eq!(reason_of(&godaddy), Some(Reason::Blocked));
        let groups = facts("list@googlegroups.com", "", "5.0.0", 0, "");
        assert_eq!(reason_of(&groups), Some(Reason::Rejected));
    }

    #[test]
    fn dnsbl_remedy() {
        let f = facts(
            "a@example.org",
            "mx.example.org",
            "5.7.1",
            554,
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
        );
        let v = judge(&f, &Bounce::default());
        assert_eq!(v.reason, Some(Reason::Blocked));
        assert_eq!(v.remedy, Some(RemedyKind::SpamhausDelist));
        assert_eq!(v.support_url, Some("https://check.spamhaus.org/"));
    }

    #[test]
    fn settled_hint_keeps_reason() {
        let f = Facts {
            recipient: Some("a@icloud.com".into()),
            diagnostic: Some("I am away; user is over quota".into()),
            reason_hint: Some(Reason::Vacation),
            ..Facts::default()
        };
        let v = judge(&f, &Bounce::default());
        assert_eq!(v.provider, Some("apple"));
        assert_eq!(v.reason, None);
    }
}
