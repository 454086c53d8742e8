//! From extracted records to the `Report`: classify each recipient, decide provider, outbound
//! IP ([`crate::ip`]), warnings ([`crate::warnings`]), the diagnosis and the remedies
//! ([`crate::remedy`]).
//!
//! The headline speaks to a stressed admin: who refuses, which IP, why, which code —
//! "Outlook.com refuses mail from 203.0.113.45 — IP blocklisted (S3150)".

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

use crate::facts::{Bounce, Facts};
use crate::ip;
use crate::provider::{self, microsoft};
use crate::reason::{self, Reason};
use crate::remedy::{self, RemedyKind};
use crate::report::{Diagnosis, InputKind, Recipient, Report, Warning, SCHEMA_VERSION};
use crate::smtp;
use crate::warnings;

/// Build the report for what the parsers found. The bounce is taken by value: each record's
/// facts move into its recipient.
pub fn report(kind: InputKind, mut bounce: Bounce) -> Report {
    let bounce = &mut bounce;
    let sender = bounce
        .sender
        .clone()
        .or_else(|| sender_fallback(kind, bounce));
    // The domain a refusal names as the sender's ("550 5.7.515 Access denied, sending domain
    // [EXAMPLE.COM] does not meet …") is the one the receiver judged: it wins.
    let sending_domain = bounce
        .records
        .iter()
        .find_map(|r| named_sending_domain(r.diagnostic.as_deref()?))
        .or_else(|| sender.as_deref().and_then(domain_of));
    let mut warnings: Vec<Warning> = Vec::new();
    let mut recipients: Vec<Recipient> = Vec::new();
    let mut verdicts = Vec::new();
    let mut about_ip = Vec::new();
    let mut quotes: Vec<Option<String>> = Vec::new();
    for i in 0..bounce.records.len() {
        let chain = normalise(&mut bounce.records[i]);
        let facts = &bounce.records[i];
        if let Some((left, right)) = chain {
            if !warnings.iter().any(|w| w.code == warnings::CHAINED) {
                warnings.push(warnings::chained(&left, &right));
            }
        }
        // The reply as the tables read it, made once: its byte pairs serve here too.
        let reply = provider::Reply::of_record(
            facts.diagnostic.as_deref().unwrap_or(""),
            facts.reply_code,
            facts.status.as_deref(),
        );
        let mut verdict = provider::judge_reply(facts, bounce, &reply);
        let reason = verdict.reason.unwrap_or_else(|| reason::classify(facts));
        if matches!(reason, Reason::Delivered | Reason::Vacation) {
            // Nobody refused anything: a delivery report, an auto-reply.
            verdict.provider = None;
            verdict.provider_code = None;
        }
        // Whether the headline should name the sending IP: Microsoft's rows say; otherwise the
        // reasons that are about the sending side's IP or host.
        about_ip.push(verdict.about_ip.unwrap_or(matches!(
            reason,
            Reason::Blocked | Reason::Badreputation | Reason::Requireptr | Reason::Toomanyconn
        )));
        // The IP the reply quotes, looked up once: the recipient's own and the warning's.
        let quoted = facts
            .diagnostic
            .as_deref()
            .filter(|_| ip::may_quote(&reply.pairs))
            // (Also as one line, when a phrase was split by a continuation line's "550-".)
            .and_then(|d| ip::quoted(d).or_else(|| ip::quoted(&reply.lower)));
        // (A 2xx reply is a delivery, not a temporary failure.)
        let temporary = facts.reply_code.is_some_and(|c| (400..500).contains(&c))
            || facts.status.as_deref().is_some_and(|s| s.starts_with('4'));
        let remedy = verdict
            .remedy
            .unwrap_or_else(|| remedy::for_reason(reason, temporary));
        // A blocklist that lists Microsoft's own sending server (an Outlook.com or Microsoft 365
        // sender refused by somebody else's server): only Microsoft could get it delisted; the
        // recipient's admin can let the mail in.
        let quotes_microsoft = quoted.as_deref().is_some_and(ip::is_microsoft_ip);
        // …and Microsoft refusing its own server's IP (Exchange Online's relay pool, which
        // forwarded mail that passed neither SPF nor DKIM): not the sender's IP to delist
        // either; the forwarding mailbox's admin can fix the forward.
        let delisting = if matches!(verdict.provider, Some("outlook.com" | "office365")) {
            matches!(
                remedy,
                RemedyKind::OutlookDelistForm
                    | RemedyKind::Office365DelistPortal
                    | RemedyKind::DelistEmail
            )
        } else {
            // (A blocklist Rebound has no delisting step for is still about that IP.)
            matches!(
                remedy,
                RemedyKind::SpamhausDelist | RemedyKind::ProviderSupport | RemedyKind::DelistEmail
            ) || (remedy == RemedyKind::Investigate && reason == Reason::Blocked)
        };
        let remedy = if delisting && quotes_microsoft {
            verdict.remedy = Some(RemedyKind::ContactRecipient);
            RemedyKind::ContactRecipient
        } else if remedy == RemedyKind::WaitAndRetry
            && verdict.provider == Some("outlook.com")
            && reason == Reason::Badreputation
            && facts.action.as_deref() == Some("failed")
        {
            // Outlook.com's reputation throttling (S775, 4.7.650) that outlasted the sender's
            // retries: no longer a passing throttle; the sender form asks for mitigation.
            verdict.remedy = Some(RemedyKind::OutlookDelistForm);
            RemedyKind::OutlookDelistForm
        } else {
            remedy
        };
        let hard_bounce = reason.is_hard_bounce(facts.reply_code, facts.status.as_deref());
        // The record's facts move into the recipient: nothing reads a record again (the
        // provider tables read only how many there are, which stays).
        let facts = std::mem::take(&mut bounce.records[i]);
        recipients.push(Recipient {
            recipient: facts.recipient,
            status: facts.status,
            reply_code: facts.reply_code,
            reason,
            hard_bounce,
            // (An auto-reply or a spam complaint is about mail that was delivered: neither
            // failed nor delayed.)
            action: facts.action.or_else(|| {
                Some(
                    match reason {
                        Reason::Vacation | Reason::Feedback => return None,
                        Reason::Delivered => "delivered",
                        _ if temporary => "delayed",
                        _ => "failed",
                    }
                    .into(),
                )
            }),
            remote_mta: facts.remote_mta,
            diagnostic: facts.diagnostic,
            provider: verdict.provider.map(str::to_string),
            provider_code: verdict.provider_code.clone(),
            // Microsoft quoting its own IP (a tenant's outbound pool) is not the sender's to delist.
            outbound_ip: quoted.clone().filter(|i| !ip::is_microsoft_ip(i)),
            sending_domain: sending_domain.clone(),
            remedy,
            smtp_command: facts.smtp_command,
            feedback_type: facts.feedback_type,
            status_derived: facts.status_derived,
        });
        verdicts.push(verdict);
        quotes.push(quoted);
    }
    let is_bounce = !recipients.is_empty();

    // Outbound IPs, most authoritative first.
    let evidence = Evidence::gather(kind, bounce);
    let mut outbound_ips: Vec<String> = Vec::new();
    let quoted = recipients
        .iter()
        .filter_map(|r| r.outbound_ip.as_deref())
        .chain(evidence.quoted.as_deref());
    // A refusal of Microsoft's own server's IP (a blocklisted relay pool): the sender's host in
    // the headers is not what the refusing side saw. (Other refusals may quote Microsoft's IP
    // in passing — an SPF failure's details — and still be about the sender's mail.)
    let blocks_microsoft =
        |i: usize| about_ip[i] && quotes[i].as_deref().is_some_and(ip::is_microsoft_ip);
    let only_microsoft_quoted = (0..quotes.len()).any(blocks_microsoft)
        && quotes.iter().flatten().all(|q| ip::is_microsoft_ip(q));
    let fallbacks = [evidence.cip.as_deref(), evidence.received.as_deref()];
    let fallbacks = fallbacks
        .into_iter()
        .flatten()
        .filter(|_| !only_microsoft_quoted);
    for candidate in quoted.chain(fallbacks) {
        if !outbound_ips.iter().any(|i| i == candidate) && !ip::is_microsoft_ip(candidate) {
            outbound_ips.push(candidate.to_string());
        }
    }
    // (A log's lines are separate deliveries, perhaps from different IPs: one remote's quote
    // is not what another saw. A remote that quoted Microsoft's own server saw that server,
    // not the sender's.)
    if is_bounce && kind != InputKind::Log {
        for (i, r) in recipients.iter_mut().enumerate() {
            if r.outbound_ip.is_none() && !blocks_microsoft(i) {
                r.outbound_ip = outbound_ips.first().cloned();
            }
        }
    }

    // Warnings.
    let microsoft = recipients
        .iter()
        .any(|r| matches!(r.provider.as_deref(), Some("outlook.com" | "office365")));
    if !is_bounce {
        warnings.push(warnings::not_a_bounce());
    } else {
        if microsoft {
            warnings.extend(warnings::dkim_simple(bounce));
        }
        let first_quoted = quotes.iter().find_map(Option::as_deref);
        if let Some(q) = first_quoted
            .or(evidence.quoted.as_deref())
            .filter(|q| !ip::is_microsoft_ip(q))
        {
            let all_received = ip::all_in_received(evidence.received_headers.iter().map(|r| &**r));
            warnings.extend(warnings::ip_differs(q, &all_received));
        }
        if warnings::is_localized(bounce) {
            warnings.push(warnings::localized());
        }
        if warnings::is_forwarded(bounce) {
            warnings.push(warnings::forwarded());
        }
        if let Some(v6) = recipients
            .first()
            .and_then(|r| r.outbound_ip.as_deref())
            .filter(|i| ip::is_v6(i))
        {
            warnings.push(warnings::ipv6(v6));
        }
    }

    let no_verdict = provider::Verdict::default();
    // The headline is about the first recipient whose problem matters most: a block of the
    // sending side before one bad address, anything before a delivery a report also lists.
    let head_at = recipients
        .iter()
        .enumerate()
        .min_by_key(|(i, r)| (r.remedy.headline_rank(), *i))
        .map_or(0, |(i, _)| i);
    let first = verdicts.get(head_at).unwrap_or(&no_verdict);
    let head = recipients.get(head_at);
    let remedy_kind = head.map(|r| r.remedy).unwrap_or(RemedyKind::None);
    let diagnosis = Diagnosis {
        provider: first.provider.map(str::to_string),
        provider_code: first.provider_code.clone(),
        title: headline(head, first, about_ip.get(head_at).copied().unwrap_or(false)),
        explanation: explanation(head, first),
        remedy: remedy_kind,
        sources: first.sources.iter().map(|s| s.to_string()).collect(),
    };

    // Remedies: one group per distinct remedy, in recipient order (the headline's first); each
    // group's steps are about the recipients that share it.
    let mut remedies: Vec<crate::report::Remedy> = Vec::new();
    // The address the bounce was sent to, the remedies' sender when the parsers found none
    // (looked up only then: the address scan is not free).
    let bounce_to = if sender.is_none() && is_bounce {
        bounce
            .mail
            .as_ref()
            .and_then(|mail| mail.header("to"))
            .and_then(crate::mta::generic::first_address)
    } else {
        None
    };
    let mut kinds: Vec<RemedyKind> = Vec::new();
    let order = std::iter::once(head_at)
        .chain((0..recipients.len()).filter(|&i| i != head_at))
        .filter(|&i| i < recipients.len());
    for i in order {
        let h = &recipients[i];
        if kinds.contains(&h.remedy) || kinds.len() >= 4 {
            continue;
        }
        kinds.push(h.remedy);
        let same: Vec<&Recipient> = recipients.iter().filter(|r| r.remedy == h.remedy).collect();
        let mut diagnostics: Vec<String> = Vec::new();
        for d in same.iter().filter_map(|r| r.diagnostic.as_deref()) {
            if diagnostics.len() < 20 && !diagnostics.iter().any(|x| x == d) {
                diagnostics.push(d.to_string());
            }
        }
        let mut ips: Vec<String> = Vec::new();
        for ip in same.iter().filter_map(|r| r.outbound_ip.as_deref()) {
            if ips.len() < 50 && !ips.iter().any(|x| x == ip) {
                ips.push(ip.to_string());
            }
        }
        let ctx = remedy::Context {
            provider: h.provider.as_deref(),
            provider_code: h.provider_code.as_deref(),
            status: h.status.as_deref(),
            reply_code: h.reply_code,
            reason: h.reason,
            recipients: same.iter().filter_map(|r| r.recipient.clone()).collect(),
            diagnostics,
            ips,
            sender: sender.as_deref().or(bounce_to.as_deref()),
            sending_domain: sending_domain.as_deref(),
            date: evidence
                .date
                .as_deref()
                .map(Cow::Borrowed)
                .or_else(|| h.diagnostic.as_deref().and_then(timestamp).map(Cow::Owned)),
            // The MTA that wrote a bounce is usually the sending server itself.
            helo: evidence.helo.as_deref().or_else(|| {
                bounce
                    .reporting_mta
                    .as_deref()
                    .filter(|h| h.contains('.') && !microsoft::is_microsoft_host(h))
            }),
            ptr: evidence.ptr.as_deref(),
            delist_address: same
                .iter()
                .find_map(|r| r.diagnostic.as_deref().and_then(delist_address)),
            support_url: verdicts[i].support_url,
            given_up: h.action.as_deref() == Some("failed"),
        };
        for step in remedy::remedies(h.remedy, &ctx) {
            if !remedies.iter().any(|r| r.kind == step.kind) {
                remedies.push(step);
            }
        }
    }

    Report {
        schema_version: SCHEMA_VERSION,
        input_kind: if bounce.forwarded {
            InputKind::Forwarded
        } else {
            kind
        },
        is_bounce,
        reporting_mta: bounce.reporting_mta.clone(),
        // (Nothing bounced: no sender's mail to speak of.)
        sender: sender.filter(|_| is_bounce),
        sending_domain: sending_domain.filter(|_| is_bounce),
        outbound_ips: if is_bounce { outbound_ips } else { Vec::new() },
        recipients,
        diagnosis,
        remedies,
        warnings,
    }
}

/// IP and sender facts found outside the recipients' error lines.
#[derive(Debug, Default)]
struct Evidence<'a> {
    /// An IP the rejecting server quoted elsewhere (a transcript's `Hello [IP]`).
    quoted: Option<String>,
    cip: Option<String>,
    /// The sender host in the first Received header written by Microsoft.
    received: Option<String>,
    /// The returned message's Received headers (their public, non-Microsoft IPs are looked up
    /// only for the warning that needs them): the message's own, or lines found in the text.
    received_headers: Vec<Cow<'a, str>>,
    helo: Option<String>,
    ptr: Option<String>,
    date: Option<String>,
}

impl<'a> Evidence<'a> {
    fn gather(kind: InputKind, bounce: &'a Bounce) -> Evidence<'a> {
        let mut e = Evidence::default();
        let received: Vec<Cow<'a, str>> = match &bounce.mail {
            Some(mail) if !mail.original_headers.is_empty() => {
                e.cip = ip::cip(&mail.original_headers);
                e.ptr = forefront_field(&mail.original_headers, "PTR");
                e.helo = forefront_field(&mail.original_headers, "H");
                mail.original_headers
                    .values("received")
                    .map(Cow::Borrowed)
                    .collect()
            }
            Some(mail) => received_in_text(&mail.body),
            None => received_in_text(&bounce.text),
        };
        e.received = ip::from_received(received.iter().map(|r| &**r));
        if kind == InputKind::Feedback {
            // A complaint report names the IP the reported mail came from (RFC 5965
            // `Source-IP`).
            e.quoted = bounce
                .mail
                .as_ref()
                .and_then(|m| m.feedback_report.as_deref())
                .and_then(|r| {
                    r.lines().find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        // ("Source-IP: 192.0.2.1 (host.example)": the comment is not part
                        // of it.)
                        let value = value.split_whitespace().next()?;
                        name.trim()
                            .eq_ignore_ascii_case("source-ip")
                            .then(|| ip::valid(value))
                            .flatten()
                            .filter(|i| !ip::is_private(i))
                    })
                });
        }
        if e.helo.is_none() {
            e.helo = received.iter().find_map(|r| microsoft_helo(r));
        }
        e.received_headers = received;
        if kind == InputKind::Transcript {
            e.quoted = bounce.text.lines().find_map(|l| {
                if l.contains("Hello") {
                    ip::quoted(l)
                } else if let Some((_, after)) = l.split_once(" at your service, [") {
                    // Gmail's greeting: "250-mx.google.com at your service, [IP]".
                    ip::valid(after.split(']').next()?)
                } else {
                    None
                }
            });
            e.helo = e.helo.or_else(|| {
                bounce.text.lines().find_map(|l| {
                    let t = l
                        .trim_start()
                        .trim_start_matches(['-', '>', ' '])
                        .trim_start_matches("C: ");
                    let up = t.to_ascii_uppercase();
                    (up.starts_with("EHLO ") || up.starts_with("HELO "))
                        .then(|| t[5..].trim().to_string())
                })
            });
        } else {
            // A session transcript inside a bounce (MDaemon, Kerio …): the remote's greeting
            // reply, "250-host Hello [IP]", names the IP it saw.
            let text = bounce
                .mail
                .as_ref()
                .map_or(bounce.text.as_str(), |m| m.error_part());
            if crate::find::contains(text, "Hello [") {
                // ("250-host (version) Hello [IP]": not only right after the host name.)
                e.quoted = crate::input::lines(text)
                    .filter(|l| l.contains("250"))
                    .find_map(|l| {
                        let (_, after) = l.split_once("Hello [")?;
                        ip::valid(after.split(']').next()?)
                    })
                    .filter(|i| !ip::is_private(i));
            }
        }
        if let Some(mail) = &bounce.mail {
            e.date = mail.header("date").map(str::to_string);
        }
        e
    }
}

/// [`ip::received_in_text`]: it finds a header only on a line that starts with `Received:`,
/// so a text without one is not walked line by line.
fn received_in_text<'a>(text: &str) -> Vec<Cow<'a, str>> {
    if !crate::find::contains(text, "Received:") {
        return Vec::new();
    }
    ip::received_in_text(text)
        .into_iter()
        .map(Cow::Owned)
        .collect()
}

/// The sending host of a Received header written by Microsoft: `from HOST … by MS-HOST`, where
/// MS-HOST follows the first `by` and HOST is not Microsoft's.
fn microsoft_helo(received: &str) -> Option<String> {
    let mut words = received.split_whitespace();
    if words.next() != Some("from") {
        return None;
    }
    let host = words.next()?;
    // The first `by` may be HOST itself.
    if host != "by" {
        words.find(|w| *w == "by")?;
    }
    let by_host = words.next()?;
    (microsoft::is_microsoft_host(by_host) && !microsoft::is_microsoft_host(host))
        .then(|| host.to_string())
}

/// The domain in a reply's "sending domain [EXAMPLE.COM]" (Microsoft's 5.7.509/5.7.515),
/// lower case.
fn named_sending_domain(diagnostic: &str) -> Option<String> {
    let at = crate::find::find_ci(diagnostic, "sending domain [")?;
    let rest = &diagnostic[at + "sending domain [".len()..];
    let domain = rest.split(']').next()?.trim();
    (domain.contains('.')
        && domain.len() <= 253
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
    .then(|| domain.to_ascii_lowercase())
}

/// The original sender when the format parsers found none: a log's `from=<…>`, a transcript's
/// `MAIL FROM:<…>`, an NDR's "Sender Address:", or the address a daemon's bounce was sent to
/// (a bounce goes to the original envelope sender).
fn sender_fallback(kind: InputKind, bounce: &Bounce) -> Option<String> {
    let address = crate::mta::generic::first_address;
    let line_with = |needle: &str| {
        bounce.text.lines().find_map(|l| {
            let at = l.find(needle)?;
            address(&l[at + needle.len()..])
        })
    };
    match kind {
        InputKind::Log => bounce
            .text
            .lines()
            .find_map(|l| {
                let rest = l.split_once(" from=<")?.1;
                let addr = rest.split('>').next()?;
                addr.contains('@').then(|| addr.to_string())
            })
            // Exchange Online's message trace, asked for one sender's mail.
            .or_else(|| line_with("-SenderAddress ")),
        InputKind::Transcript => line_with("MAIL FROM:"),
        // Pasted text: the NDR's "Sender Address:", the session's `MAIL FROM:<…>` an Exim
        // bounce quotes, else the returned message's `From:` (not the bounce's own daemon).
        InputKind::NdrText => line_with("Sender Address:")
            .or_else(|| line_with("MAIL FROM:<"))
            .or_else(|| {
                bounce.text.lines().find_map(|l| {
                    let t = l.trim_start_matches(['>', ' ', '\t']);
                    let rest = t
                        .strip_prefix("From:")
                        .or_else(|| t.strip_prefix("from:"))?;
                    address(rest).filter(|a| !crate::mta::text::is_system_address(a))
                })
            }),
        _ => {
            let mail = bounce.mail.as_ref()?;
            let from = mail.header("from").unwrap_or("").to_ascii_lowercase();
            let daemon = [
                "mailer-daemon",
                "postmaster",
                "mail delivery",
                "microsoftexchange",
                "mail-daemon",
            ]
            .iter()
            .any(|d| from.contains(d));
            if daemon {
                mail.header("to").and_then(address)
            } else {
                None
            }
        }
    }
}

/// A field of `X-Forefront-Antispam-Report` (`PTR`, `H`, `CIP` …).
fn forefront_field(headers: &crate::mail::Headers, name: &str) -> Option<String> {
    headers.values("x-forefront-antispam-report").find_map(|v| {
        v.split(';')
            .find_map(|f| {
                // `NAME:` then the value.
                let value = f.trim().strip_prefix(name)?.strip_prefix(':')?;
                Some(value.trim().to_string())
            })
            .filter(|x| !x.is_empty())
    })
}

/// Replace a generic DSN status (Exim's 5.0.0) with the code in the remote's own text, fill the
/// reply code from the text, and for an Exchange chain `A -> B` take B's codes. Returns the
/// chain's parts when there was one.
fn normalise(f: &mut Facts) -> Option<(String, String)> {
    let mut chain = None;
    // (An auto-reply's or a complaint's text is a person's words: "+1 555 0100" is a phone
    // number, not a reply code.)
    let prose = matches!(f.reason_hint, Some(Reason::Feedback | Reason::Vacation));
    if let Some(d) = f.diagnostic.as_deref().filter(|_| !prose) {
        if let Some((left, right)) = split_chain(d) {
            if let Some(s) = smtp::find_status(&right) {
                f.status = Some(s);
            }
            if let Some(c) = smtp::find_reply_code(&right) {
                f.reply_code = Some(c);
            }
            chain = Some((left, right));
        } else {
            let own = smtp::find_status(d);
            match (&f.status, own) {
                (None, Some(s)) => f.status = Some(s),
                (Some(s), Some(o)) if smtp::is_generic_status(s) => f.status = Some(o),
                _ => {}
            }
            if f.reply_code.is_none() {
                f.reply_code = smtp::find_reply_code(d);
            }
        }
    }
    chain
}

/// `550 5.7.23 … -> 550 5.7.1 …`: both sides start with a reply code.
fn split_chain(text: &str) -> Option<(String, String)> {
    // Most replies hold no arrow: one search with a searcher built once tells, where
    // `rsplit_once` would build its own for every reply.
    static ARROW: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(" -> "));
    ARROW.find(text.as_bytes())?;
    let (left, right) = text.rsplit_once(" -> ")?;
    let starts_with_code = |s: &str| {
        let b = s.trim_start().as_bytes();
        b.len() > 3
            && matches!(b[0], b'4' | b'5')
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == b' '
    };
    let left_last = left.rsplit(" -> ").next().unwrap_or(left);
    let left_code = smtp::find_reply_code(left_last).is_some();
    (left_code && starts_with_code(right))
        .then(|| (left.trim().to_string(), right.trim().to_string()))
}

fn headline(head: Option<&Recipient>, verdict: &provider::Verdict, about_ip: bool) -> String {
    let Some(r) = head else {
        return "Not a bounce I recognise".to_string();
    };
    let who = verdict
        .provider
        .map(provider_name)
        .unwrap_or("The receiving server");
    // Not refusals: an auto-reply and a spam complaint are about mail that was delivered.
    let rcpt = r.recipient.as_deref();
    match r.reason {
        Reason::Vacation => {
            return [
                rcpt.unwrap_or("The recipient"),
                " replied automatically (out of office) — your mail was delivered",
            ]
            .concat()
        }
        Reason::Feedback => {
            let who = verdict
                .provider
                .map_or("The recipient's provider", provider_name);
            return match rcpt {
                Some(rcpt) => [
                    who,
                    " forwarded a spam complaint from ",
                    rcpt,
                    " (feedback report)",
                ]
                .concat(),
                None => [who, " forwarded a spam complaint (feedback report)"].concat(),
            };
        }
        _ => {}
    }
    let why = verdict.title.unwrap_or_else(|| describe(r));
    let code = verdict.provider_code.as_deref().or(r.status.as_deref());
    let delayed = r.action.as_deref() == Some("delayed");
    let (verb, whom) = match (&r.outbound_ip, &r.recipient) {
        (Some(ip), _) if about_ip => {
            let verb = if delayed {
                "is delaying mail from"
            } else {
                "refuses mail from"
            };
            (verb, Some(ip))
        }
        (_, Some(rcpt)) => {
            let verb = if r.reason == Reason::Delivered {
                "accepted mail to"
            } else if r.reason == Reason::Expired && !delayed {
                // Nobody refused it: it could not be delivered in time.
                "never accepted mail to"
            } else if delayed {
                "delayed mail to"
            } else {
                "refused mail to"
            };
            (verb, Some(rcpt))
        }
        _ => ("refused the mail", None),
    };
    // "{who} {verb} {whom} — {why} ({code})", put together without the formatting machinery.
    let mut title = String::with_capacity(128);
    for part in [who, " ", verb] {
        title.push_str(part);
    }
    if let Some(whom) = whom {
        title.push(' ');
        title.push_str(whom);
    }
    title.push_str(" — ");
    title.push_str(why);
    if let Some(code) = code {
        title.push_str(" (");
        title.push_str(code);
        title.push(')');
    }
    title
}

/// The reason in plain words, as this recipient's state has it: a message still being retried
/// has not run out of time (Sisimai files both under `expired`).
fn describe(r: &Recipient) -> &'static str {
    match r.reason {
        Reason::Expired if r.action.as_deref() == Some("delayed") => {
            "not delivered yet; your server is still retrying"
        }
        Reason::Vacation => {
            "an automatic reply (out of office, RFC 3834): your message was delivered, and \
             there is nothing to fix"
        }
        Reason::Feedback => {
            "a recipient marked your message as spam, and their provider sent you this \
             feedback report (ARF, RFC 5965). Stop mailing this address (treat the complaint \
             as an unsubscribe) and make sure everyone on your list asked for your mail: \
             complaints hurt your sending reputation"
        }
        _ => r.reason.describe(),
    }
}

fn explanation(head: Option<&Recipient>, verdict: &provider::Verdict) -> String {
    let Some(r) = head else {
        return "No failed recipient with an SMTP error was found in this input.".to_string();
    };
    let mut text = verdict
        .explanation
        .map(str::to_string)
        .unwrap_or_else(|| capitalise(describe(r)) + ".");
    if let Some(code) = verdict
        .provider_code
        .as_deref()
        .filter(|c| c.starts_with("AS"))
    {
        text.push(' ');
        text.push_str(code);
        text.push_str(
            " is Microsoft's internal anti-spam code (quote it when you ask for help); despite the \
             \"AS\" it is not an autonomous-system number.",
        );
    }
    text
}

/// Display name of a provider id.
pub fn provider_name(id: &str) -> &str {
    match id {
        "outlook.com" => "Outlook.com",
        "office365" => "Microsoft 365",
        "gmail" => "Gmail",
        "google_workspace" => "Google Workspace",
        "google_groups" => "Google Groups",
        "yahoo" => "Yahoo",
        "yahoo.co.jp" => "Yahoo! JAPAN",
        "aol" => "AOL",
        "apple" => "Apple iCloud",
        "cloudflare" => "Cloudflare",
        "cox" => "Cox",
        "facebook" => "Facebook",
        "orange" => "Orange",
        "godaddy" => "GoDaddy",
        "i.ua" => "I.UA",
        "kddi" => "KDDI (au)",
        "messagelabs" => "Symantec MessageLabs",
        "mimecast" => "Mimecast",
        "docomo" => "NTT docomo",
        "spectrum" => "Spectrum",
        "qq" => "Tencent QQ Mail",
        "zoho" => "Zoho Mail",
        "yandex" => "Yandex",
        "mail.ru" => "Mail.ru",
        "gmx" => "GMX",
        "web.de" => "WEB.DE",
        "ionos" => "IONOS",
        "amazon_ses" => "Amazon SES",
        "amazon_workmail" => "Amazon WorkMail",
        "sendgrid" => "SendGrid",
        "netease" => "NetEase (163/126)",
        "naver" => "Naver",
        "comcast" => "Comcast",
        "verizon" => "Verizon",
        "att" => "AT&T",
        "t-online" => "T-Online",
        "free" => "Free",
        "biglobe" => "BIGLOBE",
        "proton" => "Proton Mail",
        "fastmail" => "Fastmail",
        other => other,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Microsoft's time stamp in a reply (`2026-01-24T07:00:10.851Z`): the first match of
/// `\b20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9:.]+Z` (ASCII `\b`), scanned by hand because the
/// regex was slow on long replies. `[0-9:.]+` cannot hold the `Z`, so at a given start the only
/// possible match ends at the `Z` right after the longest run.
fn timestamp(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&b[from..], b"20") {
        let i = from + at;
        from = i + 1;
        if i > 0 && word(b[i - 1]) {
            continue;
        }
        let d = &b[i..];
        // `20YY-MM-DDT`, then at least one of `[0-9:.]` and the `Z`.
        if d.len() < 13 {
            return None;
        }
        let date = d[2].is_ascii_digit()
            && d[3].is_ascii_digit()
            && d[4] == b'-'
            && matches!(d[5], b'0' | b'1')
            && d[6].is_ascii_digit()
            && d[7] == b'-'
            && matches!(d[8], b'0'..=b'3')
            && d[9].is_ascii_digit()
            && d[10] == b'T';
        if !date {
            continue;
        }
        let run = d[11..]
            .iter()
            .take_while(|&&c| c.is_ascii_digit() || c == b':' || c == b'.')
            .count();
        if run > 0 && d.get(11 + run) == Some(&b'Z') {
            return Some(text[i..i + 12 + run].to_string());
        }
    }
    None
}

/// The delist address printed in a reply (`delist@microsoft.com`, `delist@messaging.microsoft.com`),
/// lower case: the leftmost `delist@` at a word start followed by `(label.)*microsoft.com` and a
/// word end, the longest such domain (what `(?i)\bdelist@(?:[a-z0-9-]+\.)*microsoft\.com\b`
/// matched, ASCII word characters; a test compares the two).
fn delist_address(text: &str) -> Option<String> {
    const AT: &str = "delist@";
    const DOMAIN: &[u8] = b"microsoft.com";
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    // Each `delist@` (any case) in order, found by its `@` (one per occurrence, so the `@`s in
    // order give the occurrences in order): most replies have none or few.
    const NAME: &[u8] = b"delist";
    let starts = memchr::memchr_iter(b'@', b)
        .filter_map(|at| at.checked_sub(NAME.len()))
        .filter(|&i| b[i..i + NAME.len()].eq_ignore_ascii_case(NAME));
    for i in starts {
        if i > 0 && word(b[i - 1]) {
            continue;
        }
        // Where `microsoft.com` may begin: right after the `@` or after a dot, while every label
        // before it is non-empty and made of letters, digits and hyphens. The last fit wins.
        let mut best = None;
        let mut p = i + AT.len();
        loop {
            let end = p + DOMAIN.len();
            if b.len() >= end
                && b[p..end].eq_ignore_ascii_case(DOMAIN)
                && b.get(end).is_none_or(|&c| !word(c))
            {
                best = Some(end);
            }
            let label = b[p..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
            if label == 0 || b.get(p + label) != Some(&b'.') {
                break;
            }
            p += label + 1;
        }
        if let Some(end) = best {
            return Some(text[i..end].to_ascii_lowercase());
        }
    }
    None
}

/// Lower-case domain of an address.
pub fn domain_of(address: &str) -> Option<String> {
    let a = address.trim().trim_matches(['<', '>']);
    let (_, d) = a.rsplit_once('@')?;
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty() {
        None
    } else {
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains() {
        let (l, r) =
            split_chain("550 5.7.23 SPF violation -> 550 5.7.1 <a@b.example>: rejected").unwrap();
        assert_eq!(l, "550 5.7.23 SPF violation");
        assert_eq!(r, "550 5.7.1 <a@b.example>: rejected");
        assert!(split_chain("550 5.7.1 see a -> b for details").is_none());
    }

    #[test]
    fn timestamp_scanner_equals_regex() {
        let re = regex_lite::Regex::new(r"\b20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9:.]+Z").unwrap();
        let texts = [
            "",
            "Z",
            "2026-01-24T07:00:10.851Z",
            "at 2026-01-24T07:00:10.851Z]",
            "[Hostname=X Time=2026-01-24T07:00:10.851Z] 550 5.7.1",
            "x2026-01-24T07:00:10.851Z and 2025-12-31T23:59:59Z",
            "_2026-01-24T07:00Z é2026-01-24T07:00Z",
            "2026-01-24TZ 2026-01-24T1Z",
            "2026-01-24T07:00:10.851 Z 2026-01-24T07:00:10.851z",
            "20202020-01-01T1Z 202020-01-01T1Z",
            "2026-21-24T07Z 2026-01-44T07Z 2026-01-24t07Z 2026-1-24T07Z",
            "2026-01-24T07:00:10.851Zulu 20",
            "2026-01-24T..::Z 12026-01-24T1Z 2026-01-24T1Z",
            "ü2026-01-24T1Z",
            "2026-01-24T1",
            "20",
            "2026-01-24T",
            "-2026-01-24T1Z",
        ];
        for t in texts {
            assert_eq!(
                timestamp(t),
                re.find(t).map(|m| m.as_str().to_string()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn microsoft_helo_as_before() {
        // The word-vector version it replaced.
        let before = |r: &str| {
            let v = r.split_whitespace().collect::<Vec<_>>();
            let by = v.iter().position(|w| *w == "by")?;
            let by_host = v.get(by + 1)?;
            (v.first() == Some(&"from")
                && microsoft::is_microsoft_host(by_host)
                && !microsoft::is_microsoft_host(v.get(1)?))
            .then(|| v[1].to_string())
        };
        let texts = [
            "",
            "from",
            "from mail.example.com",
            "from mail.example.com (203.0.113.9) by AM0PR01MB1234.eurprd01.prod.outlook.com",
            "from mail.example.com by",
            "from by DB5PR01.prod.outlook.com with SMTP",
            "from by by DB5PR01.prod.outlook.com",
            "from x.outlook.com by y.outlook.com",
            "by y.outlook.com from mail.example.com",
            " from\tmail.example.com\n by  y.outlook.com; Mon",
            "from a by mx.example.org by y.outlook.com",
            "from a\u{a0}by y.outlook.com",
        ];
        for t in texts {
            assert_eq!(microsoft_helo(t), before(t), "{t:?}");
        }
    }

    #[test]
    fn delist_scanner_equals_regex() {
        let re = regex_lite::Regex::new(r"(?i)\bdelist@(?:[a-z0-9-]+\.)*microsoft\.com\b").unwrap();
        let before = |t: &str| re.find(t).map(|m| m.as_str().to_ascii_lowercase());
        let mut texts: Vec<String> = [
            "",
            "delist@",
            "delist@microsoft.com",
            "DELIST@MICROSOFT.COM.",
            "xdelist@microsoft.com delist@microsoft.com",
            "_delist@microsoft.com",
            "-delist@microsoft.com",
            "édelist@microsoft.com",
            "delist@microsoft.comx delist@a.microsoft.com",
            "delist@microsoft.com_x",
            "delist@microsoft.com-x",
            "delist@microsoft.com.microsoft.com",
            "delist@microsoft.com.evil.example",
            "delist@a..microsoft.com",
            "delist@.microsoft.com",
            "delist@a-b.c-d.microsoft.com)",
            "delist@a_b.microsoft.com",
            "delist@messaging.microsoft.co delist@x.microsoft.com",
            "delist@microsoft.commicrosoft.com",
            "mail delist@microsoft.com or delist@messaging.microsoft.com",
            "delist@delist@microsoft.com",
            "delist@microésoft.com",
        ]
        .map(String::from)
        .to_vec();
        // Random texts built from the pieces the pattern cares about.
        let pieces = [
            "delist@",
            "DeList@",
            "microsoft.com",
            "MicroSoft.Com",
            "microsoft",
            ".",
            "com",
            "a-b.",
            "-",
            "_",
            " ",
            "x.",
            "é",
        ];
        texts.extend(crate::reason::tests::texts_from(&pieces, 20_000, &[""]));
        let matched = texts.iter().filter(|t| before(t).is_some()).count();
        assert!(matched > 500, "too few texts hold an address: {matched}");
        for t in &texts {
            assert_eq!(delist_address(t), before(t), "{t:?}");
        }
    }

    #[test]
    fn finds_delist_address() {
        assert_eq!(
            delist_address("forward this message to delist@microsoft.com.").as_deref(),
            Some("delist@microsoft.com")
        );
        assert_eq!(
            delist_address("forward this message to delist@messaging.microsoft.com").as_deref(),
            Some("delist@messaging.microsoft.com")
        );
    }
}

/// What a stressed admin reads first says what happened, not only the reason's name.
#[cfg(test)]
mod wording {
    fn report(text: &str) -> crate::report::Report {
        crate::decode(text.as_bytes())
    }

    #[test]
    fn an_expired_message_is_not_said_to_be_queued() {
        let r = report(
            "From: MAILER-DAEMON@mail.example.com\nSubject: Mail delivery failed\nTo: a@example.com\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  b@example.org\n    retry timeout exceeded\n",
        );
        assert_eq!(r.recipients[0].action.as_deref(), Some("failed"));
        assert!(
            r.diagnosis
                .title
                .contains("never accepted mail to b@example.org"),
            "{}",
            r.diagnosis.title
        );
        let step = &r.remedies[0].summary;
        assert!(
            step.contains("stopped retrying") && step.contains("send the message again"),
            "{step}"
        );
        assert!(!step.contains("keeps the message queued"), "{step}");
    }

    #[test]
    fn a_delay_warning_says_the_server_still_retries() {
        let r = report(
            "From: MAILER-DAEMON@mail.example.com\nSubject: Warning: message has not yet been delivered\nTo: a@example.com\n\nYour message to:\n\tb@example.org\n\nhas not yet been delivered because the recipient server did not respond.\n\nThis is just a warning. We will continue to attempt delivery of this message for 5 days.\n",
        );
        assert_eq!(r.recipients[0].action.as_deref(), Some("delayed"));
        assert!(
            r.diagnosis.title.contains("still retrying"),
            "{}",
            r.diagnosis.title
        );
        assert!(r.remedies[0].summary.contains("keeps the message queued"));
    }

    #[test]
    fn a_full_mailbox_asks_the_recipient_to_make_room() {
        let r = report(
            "From: MAILER-DAEMON@mail.example.com\nSubject: Undelivered Mail Returned to Sender\nTo: a@example.com\n\n<b@example.org>: host mx.example.org[198.51.100.3] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)\n",
        );
        assert_eq!(r.recipients[0].reason, crate::reason::Reason::Mailboxfull);
        let step = &r.remedies[0].summary;
        assert!(
            step.contains("mailbox is full") && step.contains("make room"),
            "{step}"
        );
        assert!(!step.contains("allow mail from"), "{step}");
    }

    #[test]
    fn an_auto_reply_is_a_delivery_not_a_refusal() {
        let r = report(
            "From: Kim <kim@example.org>\nTo: a@example.com\nSubject: Out of office: meeting\nAuto-Submitted: auto-replied\n\nI am out of the office until Monday and will reply when I am back.\n",
        );
        assert_eq!(r.recipients[0].reason, crate::reason::Reason::Vacation);
        assert_eq!(r.recipients[0].action, None);
        assert!(r.remedies.is_empty());
        assert!(
            r.diagnosis.title.contains("your mail was delivered"),
            "{}",
            r.diagnosis.title
        );
        assert!(
            !r.diagnosis.title.contains("refused"),
            "{}",
            r.diagnosis.title
        );
    }
}
