//! The remedy vocabulary and the concrete next steps for a report: a human summary, the page to
//! open, a ready `mailto:` and, where one of Microsoft's forms applies, the fill plan.
//!
//! [`remedies`] is the entry point: give it the chosen [`RemedyKind`] and what the bounce told
//! us ([`Context`]); it returns the recommended step first, then useful fallbacks. It works for
//! any provider (a `provider_support` step uses the provider's `support_url`).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::forms::{office365, outlook};
use crate::reason::Reason;
use crate::report::Remedy;

/// What the admin should do (DESIGN.md vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    OutlookDelistForm,
    Office365DelistPortal,
    DelistEmail,
    SpamhausDelist,
    ProviderSupport,
    FixAuthentication,
    FixDns,
    FixMessage,
    WaitAndRetry,
    FixRecipient,
    ContactRecipient,
    ContactMicrosoftSupport,
    #[default]
    None,
    Investigate,
}

impl RemedyKind {
    /// How much a report's headline should be about this remedy's recipients, most first: a
    /// fix on the sending side (delisting, authentication, DNS, the provider's or Microsoft's
    /// support) holds back all mail to that receiver, so it comes before a problem of one
    /// address or one message; nothing to do (a delivery, a feedback report) comes last.
    pub fn headline_rank(self) -> u8 {
        match self {
            RemedyKind::OutlookDelistForm
            | RemedyKind::Office365DelistPortal
            | RemedyKind::DelistEmail
            | RemedyKind::SpamhausDelist
            | RemedyKind::ProviderSupport
            | RemedyKind::FixAuthentication
            | RemedyKind::FixDns
            | RemedyKind::ContactMicrosoftSupport => 0,
            RemedyKind::None => 2,
            _ => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RemedyKind::OutlookDelistForm => "outlook_delist_form",
            RemedyKind::Office365DelistPortal => "office365_delist_portal",
            RemedyKind::DelistEmail => "delist_email",
            RemedyKind::SpamhausDelist => "spamhaus_delist",
            RemedyKind::ProviderSupport => "provider_support",
            RemedyKind::FixAuthentication => "fix_authentication",
            RemedyKind::FixDns => "fix_dns",
            RemedyKind::FixMessage => "fix_message",
            RemedyKind::WaitAndRetry => "wait_and_retry",
            RemedyKind::FixRecipient => "fix_recipient",
            RemedyKind::ContactRecipient => "contact_recipient",
            RemedyKind::ContactMicrosoftSupport => "contact_microsoft_support",
            RemedyKind::None => "none",
            RemedyKind::Investigate => "investigate",
        }
    }
}

/// A default remedy for a reason when no provider rule chose one.
pub fn for_reason(reason: crate::reason::Reason, temporary: bool) -> RemedyKind {
    use crate::reason::Reason as R;
    if temporary {
        return RemedyKind::WaitAndRetry;
    }
    match reason {
        R::Userunknown | R::Hostunknown | R::Hasmoved | R::Suspend | R::Notaccept => {
            RemedyKind::FixRecipient
        }
        R::Mailboxfull => RemedyKind::ContactRecipient,
        R::Authfailure => RemedyKind::FixAuthentication,
        R::Requireptr => RemedyKind::FixDns,
        R::Mesgtoobig
        | R::Emailtoolarge
        | R::Exceedlimit
        | R::Contenterror
        | R::Notcompliantrfc
        | R::Virusdetected
        | R::Spamdetected => RemedyKind::FixMessage,
        R::Speeding
        | R::Toomanyconn
        | R::Ratelimited
        | R::Expired
        | R::Networkerror
        | R::Systemerror
        | R::Systemfull => RemedyKind::WaitAndRetry,
        R::Delivered | R::Feedback | R::Vacation => RemedyKind::None,
        _ => RemedyKind::Investigate,
    }
}

/// What the bounce told us, for writing the next steps: borrowed from the report being written
/// (no copies of its texts).
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// `outlook.com`, `office365`, `gmail` …
    pub provider: Option<&'a str>,
    pub provider_code: Option<&'a str>,
    pub status: Option<&'a str>,
    pub reply_code: Option<u16>,
    pub reason: Reason,
    /// The bounced addresses this step is about.
    pub recipients: Vec<String>,
    /// The remote servers' exact error lines.
    pub diagnostics: Vec<String>,
    /// Outbound IPs, most authoritative first.
    pub ips: Vec<String>,
    /// The original sender (who received the bounce).
    pub sender: Option<&'a str>,
    pub sending_domain: Option<&'a str>,
    /// When the bounce was written (Date header or Microsoft's time stamp).
    pub date: Option<Cow<'a, str>>,
    /// The sending server's HELO name / reverse DNS, when known.
    pub helo: Option<&'a str>,
    pub ptr: Option<&'a str>,
    /// The delist address printed in the bounce (`delist@microsoft.com` …).
    pub delist_address: Option<String>,
    /// The provider's own help page (from `provider::Verdict::support_url`).
    pub support_url: Option<&'a str>,
    /// The sending server has stopped retrying (the action is `failed`, though the code is
    /// temporary: a message that expired in the queue).
    pub given_up: bool,
}

impl<'a> Context<'a> {
    /// The context a provider verdict gives (provider, its code, reason and help page); the
    /// caller adds the bounce's facts (recipients, error lines, IPs …).
    pub fn from_verdict(v: &'a crate::provider::Verdict) -> Context<'a> {
        Context {
            provider: v.provider,
            provider_code: v.provider_code.as_deref(),
            reason: v.reason.unwrap_or_default(),
            support_url: v.support_url,
            ..Context::default()
        }
    }

    fn ip(&self) -> &str {
        self.ips.first().map_or(
            "your server's outbound IP (the bounce does not show it)",
            String::as_str,
        )
    }

    fn domain(&self) -> &str {
        self.sending_domain.unwrap_or("your sending domain")
    }

    /// `550 5.7.1 S3150`.
    pub fn code_line(&self) -> Option<String> {
        let reply = self.reply_code.map(|c| c.to_string());
        let parts = [reply.as_deref(), self.status, self.provider_code];
        let mut line: Option<String> = None;
        for p in parts.into_iter().flatten() {
            match &mut line {
                Some(l) => {
                    l.push(' ');
                    l.push_str(p);
                }
                None => line = Some(p.to_string()),
            }
        }
        line
    }
}

pub const SNDS_URL: &str = "https://sendersupport.olc.protection.outlook.com/snds/";
pub const JMRP_URL: &str = "https://sendersupport.olc.protection.outlook.com/snds/JMRP.aspx";
pub const DEFAULT_DELIST_ADDRESS: &str = "delist@microsoft.com";
const DELIST_DOC: &str =
    "https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself";
const AUTH_515_DOC: &str =
    "https://support.microsoft.com/en-au/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef";
const AUTH_DOC: &str = "https://learn.microsoft.com/defender-office-365/email-authentication-about";
const PTR_DOC: &str =
    "https://learn.microsoft.com/en-us/microsoft-365/security/office-365-security/mail-flow-inbound-ipv6-support-about";
const M365_SUPPORT: &str = "https://admin.microsoft.com/#/support";
const NDR_DOC: &str =
    "https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online";

/// The steps for a report whose recommended remedy is `primary`, recommended first.
pub fn remedies(primary: RemedyKind, ctx: &Context) -> Vec<Remedy> {
    if primary == RemedyKind::None {
        return Vec::new();
    }
    let mut out = vec![remedy(primary, ctx)];
    let olc = ctx.provider == Some("outlook.com");
    match primary {
        RemedyKind::OutlookDelistForm => {
            let mut snds = step(
                RemedyKind::Investigate,
                format!(
                    "Watch {} in Microsoft SNDS (Smart Network Data Services): it shows whether Outlook.com \
                     blocks the IP, its spam-filter verdicts and complaint rate. Enrol in JMRP ({JMRP_URL}) to \
                     receive the complaints themselves.",
                    ctx.ip()
                ),
            );
            snds.url = Some(SNDS_URL.to_string());
            out.push(snds);
        }
        RemedyKind::Office365DelistPortal => {
            let mut email = remedy(RemedyKind::DelistEmail, ctx);
            email.summary = format!(
                "If the portal says {} is not blocked but the bounces go on, e-mail {} with the full error line.",
                ctx.ip(),
                ctx.delist_address.as_deref().unwrap_or(DEFAULT_DELIST_ADDRESS)
            );
            out.push(email);
        }
        RemedyKind::SpamhausDelist if olc => {
            let mut form = remedy(RemedyKind::OutlookDelistForm, ctx);
            form.summary = format!(
                "If Outlook.com still refuses {} after Spamhaus removed it, ask Microsoft with the Outlook.com \
                 sender support form.",
                ctx.ip()
            );
            out.push(form);
        }
        RemedyKind::WaitAndRetry
            if olc && matches!(ctx.reason, Reason::Badreputation | Reason::Blocked) =>
        {
            let mut form = remedy(RemedyKind::OutlookDelistForm, ctx);
            form.summary = format!(
                "If Outlook.com keeps deferring {} for days, ask for help with the Outlook.com sender support \
                 form (mention new IP / \"pre-emptive accommodation\" if the IP is new).",
                ctx.ip()
            );
            out.push(form);
        }
        _ => {}
    }
    out
}

fn step(kind: RemedyKind, summary: String) -> Remedy {
    Remedy {
        kind,
        summary,
        url: None,
        mailto: None,
        fill_plan: None,
    }
}

/// One concrete step of the given kind.
pub fn remedy(kind: RemedyKind, ctx: &Context) -> Remedy {
    let ip = ctx.ip();
    let domain = ctx.domain();
    let rcpt = ctx
        .recipients
        .first()
        .map_or("the recipient", String::as_str);
    let mut r = match kind {
        RemedyKind::OutlookDelistForm => {
            let mut r = step(
                kind,
                format!(
                    "Ask Outlook.com to unblock {ip}: open the Outlook.com sender support form (Rebound fills \
                     it in), sign in with a Microsoft account, check every field, solve the captcha and press \
                     Submit. A ticket number (SRX…) arrives by mail within the hour, the verdict usually within \
                     a day."
                ),
            );
            r.url = Some(outlook::URL.to_string());
            r.fill_plan = Some(outlook::plan(&outlook::Facts {
                ips: &ctx.ips,
                recipients: &ctx.recipients,
                errors: &ctx.diagnostics,
                sending_domain: ctx.sending_domain,
                code_line: ctx.code_line().as_deref(),
            }));
            r
        }
        RemedyKind::Office365DelistPortal => {
            let email = ctx.sender.unwrap_or("the address that received this bounce");
            let mut r = step(
                kind,
                format!(
                    "Remove {ip} from Microsoft 365's block list at sender.office.com: enter {email} and {ip}, \
                     solve the captcha, open the confirmation link Microsoft mails to {email} within 10 minutes \
                     and press \"Delist IP\". One IP per visit; allow up to 24 hours."
                ),
            );
            r.url = Some(office365::URL.to_string());
            r.fill_plan = Some(office365::plan(ctx.sender, ctx.ips.first().map(String::as_str)));
            r
        }
        RemedyKind::DelistEmail => {
            let to = ctx.delist_address.as_deref().unwrap_or(DEFAULT_DELIST_ADDRESS);
            let mut r = step(
                kind,
                format!(
                    "E-mail {to} asking to delist {ip}, with the full error line (Rebound prepared the message). \
                     Send it from a mailbox that is not on the blocked server; Microsoft answers within about \
                     48 hours."
                ),
            );
            r.mailto = Some(delist_mailto(to, ctx));
            r.url = Some(DELIST_DOC.to_string());
            r
        }
        RemedyKind::SpamhausDelist => {
            let mut r = step(
                kind,
                format!(
                    "Look {ip} up at Spamhaus and follow its removal steps (for the PBL: confirm the IP is a \
                     mail server with proper reverse DNS). Removal is free and usually quick."
                ),
            );
            r.url = Some(match ctx.ips.first() {
                Some(ip) => format!("https://check.spamhaus.org/results/?query={ip}"),
                None => "https://check.spamhaus.org/".to_string(),
            });
            r
        }
        RemedyKind::ProviderSupport => {
            let who = ctx.provider.unwrap_or("the receiving provider");
            let mut r = step(
                kind,
                format!("Ask {who} to review the block on {ip} through its sender support page; quote the error line."),
            );
            r.url = ctx.support_url.map(str::to_string);
            r
        }
        RemedyKind::FixAuthentication => {
            let failed = auth_failures(&ctx.diagnostics.join(" "));
            let which = if failed.is_empty() { String::new() } else { format!(" (failed: {})", failed.join(", ")) };
            let mut r = step(
                kind,
                format!(
                    "Fix e-mail authentication for {domain}{which}: the SPF record must list every outbound IP \
                     ({ip}); sign with DKIM as d={domain} using c=relaxed/relaxed; publish DMARC (at least \
                     p=none) aligned with the From domain. Then send again — no delisting is needed."
                ),
            );
            r.url = Some(if ctx.status == Some("5.7.515") { AUTH_515_DOC } else { AUTH_DOC }.to_string());
            r
        }
        RemedyKind::FixDns => {
            let helo = ctx.helo.unwrap_or("your server's host name");
            let mut r = step(
                kind,
                format!(
                    "Give {ip} a reverse DNS (PTR) record naming the mail server (e.g. {helo}) and make that name \
                     resolve back to {ip}; greet (HELO/EHLO) with the same name. The PTR is set by whoever owns \
                     the IP, usually in your hosting provider's panel."
                ),
            );
            r.url = Some(PTR_DOC.to_string());
            r
        }
        RemedyKind::FixMessage => step(
            kind,
            "Change the message itself (format, size, content or From header) as the error line says, then send again."
                .to_string(),
        ),
        RemedyKind::WaitAndRetry => step(kind, wait_summary(ctx.reason, ctx.given_up)),
        // The most common steps are put together without the formatting machinery.
        RemedyKind::FixRecipient => step(
            kind,
            [
                "The address ",
                rcpt,
                " does not work: check its spelling or ask the recipient for a current address, \
                 and remove it from your lists. Resending to it will fail again.",
            ]
            .concat(),
        ),
        RemedyKind::ContactRecipient if ctx.reason == Reason::Mailboxfull => step(
            kind,
            [
                "Only the recipient can fix this: their mailbox is full. Tell ",
                rcpt,
                " another way (phone, another address) to make room, then send the message \
                 again.",
            ]
            .concat(),
        ),
        RemedyKind::ContactRecipient => step(
            kind,
            [
                "Only the recipient's side can fix this: reach ",
                rcpt,
                " another way (phone, another address) and \
                 ask their mail administrator to allow mail from ",
                domain,
                " / ",
                ip,
                ".",
            ]
            .concat(),
        ),
        RemedyKind::ContactMicrosoftSupport => {
            let mut r = step(
                kind,
                "The block is on your own Microsoft 365 organisation: secure any compromised account, add and \
                 verify all sending domains, then open a service request in the Microsoft 365 admin center \
                 (Support → New service request) quoting the error line."
                    .to_string(),
            );
            r.url = Some(M365_SUPPORT.to_string());
            r
        }
        RemedyKind::Investigate => {
            let mut r = step(
                kind,
                "Read the error line with your mail administrator: it does not match a documented cause \
                 Rebound knows."
                    .to_string(),
            );
            r.url = ctx.support_url.map(str::to_string).or_else(|| Some(NDR_DOC.to_string()).filter(|_| ctx.provider.is_some()));
            r
        }
        RemedyKind::None => step(kind, "Nothing to do.".to_string()),
    };
    // Every step links somewhere: the provider's own help page when nothing better is known.
    if r.url.is_none() && kind != RemedyKind::None {
        r.url = ctx.support_url.map(str::to_string);
    }
    r
}

/// What to do while a temporary refusal lasts, by reason; or, when the sending server has
/// given up (`given_up`), what to check before sending again.
fn wait_summary(reason: Reason, given_up: bool) -> String {
    if given_up {
        return "Your server has stopped retrying: this message was not delivered. Check that the \
                recipient's domain has working MX hosts and that your server reaches them on \
                port 25, then send the message again."
            .to_string();
    }
    let then = "Nothing to submit: your server keeps the message queued and retries by itself.";
    let what = match reason {
        Reason::Toomanyconn => {
            "Open fewer simultaneous connections to Microsoft (Postfix: a transport for Microsoft's \
             domains with `destination_concurrency_limit = 2`)."
        }
        Reason::Badreputation | Reason::Blocked => {
            "Keep the volume low and steady while the IP builds reputation, send only mail people \
             asked for, and watch the IP in Microsoft SNDS."
        }
        Reason::Systemerror => {
            "New or recently changed IPs are throttled for a while; keep sending at a steady pace \
             and the deferrals stop."
        }
        Reason::Speeding | Reason::Ratelimited => "Send fewer messages per hour to this provider.",
        Reason::Expired => {
            "If it is still queued after a day, check that the recipient's domain has working MX \
             hosts and that your server reaches them on port 25."
        }
        _ => "Check the queue later; if the same error comes back for days, look into it.",
    };
    [then, " ", what].concat()
}

/// Which of SPF / DKIM / DMARC a Microsoft reply says failed (`Spf= Fail , Dkim= Pass …`).
fn auth_failures(text: &str) -> Vec<&'static str> {
    let lower = text.to_ascii_lowercase().replace(' ', "");
    let mut out = Vec::new();
    for (name, key) in [("SPF", "spf="), ("DKIM", "dkim="), ("DMARC", "dmarc=")] {
        if lower.contains(&format!("{key}fail")) {
            out.push(name);
        }
    }
    if out.is_empty() {
        if lower.contains("senderpolicyframework") || lower.contains("spfcheckfailed") {
            out.push("SPF");
        }
        if lower.contains("dmarc")
            && (lower.contains("policyofreject") || lower.contains("dmarcpolicy"))
        {
            out.push("DMARC");
        }
    }
    out
}

/// The ready `mailto:` for Microsoft's delist mailbox.
pub fn delist_mailto(to: &str, ctx: &Context) -> String {
    let code = ctx.status.unwrap_or_default();
    let subject = format!(
        "Delisting request {code} {}",
        ctx.ips.first().map(String::as_str).unwrap_or("")
    )
    .trim()
    .to_string();
    let mut body = String::from("Hello,\n\nOur mail server's IP address is blocked by Microsoft 365. Please remove it from the block list.\n\n");
    let mut line = |k: &str, v: Option<&str>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            body.push_str(&format!("{k}: {v}\n"));
        }
    };
    line("IP address", Some(&ctx.ips.join(", ")));
    line("NDR code", ctx.code_line().as_deref());
    line("Sending domain", ctx.sending_domain);
    line("Sender", ctx.sender);
    line("Date", ctx.date.as_deref());
    line("HELO name", ctx.helo);
    line("Reverse DNS (PTR)", ctx.ptr);
    body.push_str("\nFull error message:\n");
    for d in &ctx.diagnostics {
        body.push_str(d);
        body.push('\n');
    }
    body.push_str("\nThank you.\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to,
        percent_encode(&subject),
        percent_encode(&body)
    )
}

/// RFC 6068 / RFC 3986 percent-encoding: everything but unreserved characters; line ends as
/// `%0D%0A`.
pub fn percent_encode(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes() {
        assert_eq!(percent_encode("a b&c=d\n"), "a%20b%26c%3Dd%0D%0A");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn mailto_shape() {
        let ctx = Context {
            status: Some("5.7.511"),
            reply_code: Some(550),
            ips: vec!["192.0.2.113".into()],
            diagnostics: vec!["550 5.7.511 Access denied, banned sender[192.0.2.113].".into()],
            ..Context::default()
        };
        let m = delist_mailto("delist@microsoft.com", &ctx);
        assert!(m.starts_with(
            "mailto:delist@microsoft.com?subject=Delisting%20request%205.7.511%20192.0.2.113&body="
        ));
        assert!(!m.contains(' '));
    }

    #[test]
    fn every_kind_has_a_summary() {
        let ctx = Context::default();
        for k in [
            RemedyKind::OutlookDelistForm,
            RemedyKind::Office365DelistPortal,
            RemedyKind::DelistEmail,
            RemedyKind::SpamhausDelist,
            RemedyKind::ProviderSupport,
            RemedyKind::FixAuthentication,
            RemedyKind::FixDns,
            RemedyKind::FixMessage,
            RemedyKind::WaitAndRetry,
            RemedyKind::FixRecipient,
            RemedyKind::ContactRecipient,
            RemedyKind::ContactMicrosoftSupport,
            RemedyKind::Investigate,
        ] {
            assert!(!remedy(k, &ctx).summary.is_empty());
        }
    }
}
