//! Microsoft: Outlook.com consumer mail (OLC: Hotmail, Outlook.com, Live, MSN) and Exchange
//! Online / EOP (Microsoft 365 tenants). Facts and sources: `research/microsoft.md` §4.
//!
//! The table below has one row per documented code or phrase. A row matches when the enhanced
//! status code fits (exact, or a third-digit range such as 5.7.606–649) and the lower-cased
//! reply contains the phrase. The first matching row wins, so specific rows come first. What a
//! row *means* (reason, remedy, plain-language title and explanation, sources) is a [`Meaning`]
//! shared by the rows that mean the same thing (S3150, S3140 and AS3150 are one block).
//!
//! "AS…" codes (`AS3150`, `AS16012609`, `AS843`) are Microsoft **anti-spam** codes for
//! Microsoft's own troubleshooting, not autonomous-system numbers: AS3150 has nothing to do with
//! the network that owns ASN 3150 (https://wordtothewise.com/2017/10/troubleshooting-and-codes).
//!
//! Which Microsoft? (§4c) `outlook.com` when the reply came from the consumer service
//! (`*.olc.protection.outlook.com`, `mx*.hotmail.com`, the Protocol Filter Agent, a
//! hotmail/outlook/live/msn recipient); `office365` for Exchange Online tenants
//! (`*.mail.protection.outlook.com`, sender.office.com, `AS160126xx`, `RESOLVER.*`, an NDR
//! written by `*.prod.outlook.com`). Rows whose code only one of them uses say so.

use crate::facts::{Bounce, Facts};
use crate::find;
use crate::provider::{Reply, Verdict};
use crate::reason::Reason;
use crate::remedy::RemedyKind;
use crate::smtp;
use memchr::memmem::Finder;
use std::cell::OnceCell;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

/// Which Microsoft service a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    /// Only Outlook.com consumer mail prints this.
    Olc,
    /// Only Exchange Online / EOP prints this.
    Office365,
    /// A Microsoft-only phrase both services use, or a bare Microsoft status code: decide by
    /// context, else this provider; not when another provider's server is the remote.
    Either(&'static str),
    /// A phrase other servers use too: the row applies only when the context is Microsoft.
    Context,
}

/// What a matched row means for the admin.
#[derive(Debug)]
pub struct Meaning {
    pub reason: Reason,
    pub remedy: RemedyKind,
    /// Short cause for the headline ("IP blocklisted").
    pub title: &'static str,
    /// Plain words for a stressed admin.
    pub explanation: &'static str,
    pub sources: &'static [&'static str],
    /// The remedy is about the sending IP (the headline then names it).
    pub about_ip: bool,
}

/// One documented code or phrase.
struct Rule {
    /// Exact enhanced status (`5.7.515`), a class prefix with a range (`5.7.` + 606..=649), or
    /// empty for "any or none".
    status: &'static str,
    third: RangeInclusive<u16>,
    /// Lower-case substring of the reply (white space collapsed).
    phrase: &'static str,
    /// Prefix of Microsoft's own code as [`provider_code`] extracts it (`SC-004`, `RP-00`): the
    /// legacy codes are too short to find safely as substrings (`corp-001.example`).
    code: &'static str,
    service: Service,
    meaning: &'static Meaning,
}

const ANY: RangeInclusive<u16> = 0..=999;

const NDR_DOC: &str =
    "https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online";
const DELIST_DOC: &str =
    "https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself";
const OLC_FORM: &str = "https://go.microsoft.com/fwlink/?LinkID=614866";
const OLC_POSTMASTER: &str =
    "https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx";
const HETZNER_KB: &str =
    "https://docs.hetzner.com/robot/dedicated-server/troubleshooting/microsoft-blacklist";
const WTTW_CODES: &str = "https://wordtothewise.com/2017/10/troubleshooting-and-codes";
const SISIMAI_MS: &str =
    "https://github.com/sisimai/p5-sisimai/blob/master/lib/Sisimai/Rhost/Microsoft.pm";
const FIX_515: &str =
    "https://support.microsoft.com/en-au/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef";
const FIX_451_ASXXX: &str =
    "https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online";
const FIX_57700: &str =
    "https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750";
const IPV6_DOC: &str =
    "https://learn.microsoft.com/en-us/microsoft-365/security/office-365-security/mail-flow-inbound-ipv6-support-about";

// --- Meanings ------------------------------------------------------------------------------

pub static OLC_BLOCK: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::OutlookDelistForm,
    title: "IP blocklisted",
    explanation:
        "Outlook.com (Hotmail, Live, MSN) has put your server's IP address on its own block \
        list, so it refuses every message from that IP before looking at it. Nothing is wrong with \
        the recipient's address. Microsoft lifts these blocks on request: fill in the Outlook.com \
        sender support (\"delisting\") form with the IP and the exact error line; an automatic \
        reply with a ticket number comes within the hour and a verdict (usually \"conditionally \
        mitigated\") within about a day. Until then, retrying does not help.",
    sources: &[OLC_FORM, OLC_POSTMASTER, DELIST_DOC, HETZNER_KB, WTTW_CODES],
    about_ip: true,
};

static OLC_COMPLAINTS: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::OutlookDelistForm,
    title: "IP blocked after spam complaints",
    explanation: "Outlook.com (Hotmail) blocked your server's IP address because its users \
        complained about mail from it. Ask for removal with the Outlook.com sender support form, \
        and enrol the IP in Microsoft's Junk Mail Reporting Program (JMRP) so you see future \
        complaints and can remove the people who complain.",
    sources: &[
        OLC_POSTMASTER,
        "https://sendersupport.olc.protection.outlook.com/snds/JMRP.aspx",
        SISIMAI_MS,
    ],
    about_ip: true,
};

static OLC_MINING: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::OutlookDelistForm,
    title: "IP blocked for address probing (namespace mining)",
    explanation: "Outlook.com blocked your IP because it tried many addresses that do not exist, \
        which looks like address harvesting or list verification. Stop probing addresses, clean \
        your list, then ask for removal with the Outlook.com sender support form.",
    sources: &[OLC_POSTMASTER, SISIMAI_MS],
    about_ip: true,
};

static OLC_DYNAMIC: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::FixDns,
    title: "IP looks like a dynamic (home) address",
    explanation:
        "Outlook.com does not accept mail straight from IP addresses that look dynamic or \
        residential. Send through a smarthost with a static IP, or give your server a static IP \
        with a proper reverse DNS name and check it is not on the Spamhaus PBL.",
    sources: &[OLC_POSTMASTER, SISIMAI_MS],
    about_ip: true,
};

static OLC_SPAMHAUS: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::SpamhausDelist,
    title: "IP listed by Spamhaus",
    explanation: "Microsoft refuses mail from IP addresses listed by Spamhaus (often the PBL, the \
        list of addresses that should not send mail directly). Look the IP up at Spamhaus and \
        request removal there; if Outlook.com still refuses afterwards, use the Outlook.com \
        sender support form.",
    sources: &["https://check.spamhaus.org/", HETZNER_KB],
    about_ip: true,
};

static OLC_SPAMHAUS_DOMAIN: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::SpamhausDelist,
    title: "sending domain listed by Spamhaus",
    explanation:
        "Microsoft refuses mail whose envelope sender (MAIL FROM) domain is on Spamhaus's \
        Domain Block List. Look the domain up at Spamhaus and request its removal there; the IP \
        is not the problem.",
    sources: &["https://check.spamhaus.org/", SISIMAI_MS],
    about_ip: false,
};

static OLC_REPUTATION_THROTTLE: Meaning = Meaning {
    reason: Reason::Badreputation,
    remedy: RemedyKind::WaitAndRetry,
    title: "temporarily rate limited (IP reputation)",
    explanation: "Outlook.com is accepting only a little mail from your IP for now because the IP \
        has little or poor reputation (new IP, sudden volume, complaints). The message is not \
        lost: your server keeps retrying. Send less, more slowly, and only wanted mail; if the \
        deferrals last for days, ask for help with the Outlook.com sender support form.",
    sources: &[OLC_POSTMASTER, SISIMAI_MS],
    about_ip: true,
};

static OLC_RATE: Meaning = Meaning {
    reason: Reason::Badreputation,
    remedy: RemedyKind::WaitAndRetry,
    title: "rate limited",
    explanation: "Outlook.com limits how many messages your IP may send per hour and per day, \
        based on its reputation. The message is deferred, not refused: slow down and your server \
        will deliver it on a later try.",
    sources: &["https://knowledge.validity.com/hc/en-us/articles/220561887-Troubleshooting-reputation-based-deferrals", SISIMAI_MS],
    about_ip: true,
};

static TOO_MANY_CONNECTIONS: Meaning = Meaning {
    reason: Reason::Toomanyconn,
    remedy: RemedyKind::WaitAndRetry,
    title: "too many connections",
    explanation: "Microsoft allows only a few simultaneous connections from one IP. Your server \
        opened more, so this one was deferred. It will retry; lower the number of parallel \
        connections to Microsoft's servers (e.g. Postfix `smtp_destination_concurrency_limit`).",
    sources: &[
        SISIMAI_MS,
        "https://www.postmastery.com/hotmail-throttling-and-powermta/",
    ],
    about_ip: true,
};

static OLC_AUTH_515: Meaning = Meaning {
    reason: Reason::Authfailure,
    remedy: RemedyKind::FixAuthentication,
    title: "sender domain fails Outlook.com's authentication requirement",
    explanation: "Since 5 May 2025 Outlook.com rejects mail from domains that send it a lot of \
        mail (over 5,000 messages a day) unless SPF passes, DKIM passes and DMARC (at least \
        p=none) passes aligned with the From domain. The reply lists which check failed. Fix \
        the DNS records and signing for the From domain, then send again. The IP is not blocked.",
    sources: &[
        FIX_515,
        "https://dmarcguy.com/blog/microsoft-new-requirements-may-5-2025",
    ],
    about_ip: false,
};

static DMARC_REJECT: Meaning = Meaning {
    reason: Reason::Authfailure,
    remedy: RemedyKind::FixAuthentication,
    title: "DMARC check failed (policy reject)",
    explanation: "The message failed DMARC for the From domain, and that domain publishes \
        p=reject, so Microsoft refused it as instructed. Make SPF or DKIM pass *aligned* with \
        the From domain (sign with d=<your domain>, list the sending IP in SPF). The IP is not \
        blocked.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static SPF_FAIL: Meaning = Meaning {
    reason: Reason::Authfailure,
    remedy: RemedyKind::FixAuthentication,
    title: "SPF/DMARC authentication failed",
    explanation: "The receiving system checked the sender's SPF record (and DMARC) and the check \
        failed: the sending IP is not allowed by the domain's SPF record, and no valid DKIM \
        signature rescued it. Add the outbound IP to the domain's SPF record and sign with DKIM.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static IPV6_AUTH: Meaning = Meaning {
    reason: Reason::Authfailure,
    remedy: RemedyKind::FixAuthentication,
    title: "IPv6 mail must pass SPF or DKIM",
    explanation: "Microsoft accepts mail over IPv6 only when it passes SPF or DKIM. Sign the mail \
        with DKIM or add the IPv6 address to SPF, or send to Microsoft over IPv4.",
    sources: &[IPV6_DOC, SISIMAI_MS],
    about_ip: false,
};

static NEED_PTR: Meaning = Meaning {
    reason: Reason::Requireptr,
    remedy: RemedyKind::FixDns,
    title: "sending IP has no reverse DNS (PTR)",
    explanation: "Microsoft refuses mail over IPv6 from an address without a reverse DNS (PTR) \
        record. Ask whoever runs the IP (your hosting provider) to set a PTR name that resolves \
        back to the same address, or make your server send to Microsoft over IPv4.",
    sources: &[NDR_DOC, IPV6_DOC],
    about_ip: true,
};

static BAD_HELO: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::FixDns,
    title: "bad HELO name",
    explanation: "Your server introduced itself (HELO/EHLO) with the receiver's own name, which \
        spam bots do. Configure it to greet with its own fully-qualified name, the same name as \
        its reverse DNS.",
    sources: &[NDR_DOC],
    about_ip: true,
};

static EOP_BANNED: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::Office365DelistPortal,
    title: "IP banned by Microsoft 365",
    explanation: "Exchange Online Protection, the filter in front of every Microsoft 365 \
        organisation, has banned your server's IP address, so no Microsoft 365 customer \
        receives mail from it. Remove it yourself at the Office 365 delist portal \
        (sender.office.com): enter the address that got this bounce and the IP, confirm the link \
        Microsoft mails you within about 10 minutes, then press \"Delist IP\". It can take up to \
        24 hours to take effect.",
    sources: &[DELIST_DOC, NDR_DOC],
    about_ip: true,
};

static EOP_BANNED_EMAIL: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::DelistEmail,
    title: "IP banned by Microsoft 365 (delist by e-mail)",
    explanation: "Microsoft 365 has banned your server's IP address and wants to look at it \
        before lifting the ban; the self-service portal cannot be used for this code. E-mail \
        Microsoft (delist@microsoft.com, or the address printed in the bounce) with the full \
        error line and the IP, from a mailbox that is not on the blocked server. Microsoft \
        answers within about 48 hours.",
    sources: &[DELIST_DOC, NDR_DOC],
    about_ip: true,
};

static CUSTOMER_BLOCK: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::ContactRecipient,
    title: "IP on the recipient organisation's own block list",
    explanation: "The recipient's organisation (not Microsoft) added your IP to its own block \
        list in Microsoft 365. Microsoft cannot remove it: ask your contact there, by phone or \
        from another mail system, to have their admin remove the IP from their block list.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: true,
};

static RECIPIENT_BLOCK: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::ContactRecipient,
    title: "blocked by the recipient's organisation",
    explanation: "The recipient's organisation has blocked mail from your IP or address. Ask \
        your contact there to have their Microsoft 365 admin allow you.",
    sources: &[NDR_DOC],
    about_ip: true,
};

static IPV6_RANGE_LIMIT: Meaning = Meaning {
    // (Sisimai's Microsoft table: `toomanyconn`.)
    reason: Reason::Toomanyconn,
    remedy: RemedyKind::WaitAndRetry,
    title: "IPv6 range sent too much",
    explanation: "Your IPv6 range sent too many messages in too short a time. Slow down; the mail \
        will go through on a later try, or send to Microsoft over IPv4.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: true,
};

static NO_IPV6: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::Investigate,
    title: "recipient does not accept mail over IPv6",
    explanation: "The recipient's domain does not take mail over IPv6. Make your server deliver \
        to Microsoft over IPv4 (e.g. Postfix `smtp_address_preference = ipv4`).",
    sources: &[NDR_DOC],
    about_ip: false,
};

static BAD_FROM: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::FixMessage,
    title: "From header missing or malformed",
    explanation: "Microsoft 365 requires a valid From: address (RFC 5322 §3.6.2), for example \
        `Name <user@example.com>`. Fix the software that builds the message.",
    sources: &[NDR_DOC],
    about_ip: false,
};

static SERVER_BUSY: Meaning = Meaning {
    reason: Reason::Systemerror,
    remedy: RemedyKind::WaitAndRetry,
    title: "temporarily deferred (\"server busy\")",
    explanation: "Microsoft 365 temporarily refuses mail from IPs it has not seen before or whose \
        traffic changed suddenly (\"IP throttling\"). The message is not lost: your server will \
        retry. Keep volume steady while the IP builds history; it usually clears within hours \
        to a few days.",
    sources: &[FIX_451_ASXXX, WTTW_CODES, SISIMAI_MS],
    about_ip: true,
};

static TRY_LATER: Meaning = Meaning {
    reason: Reason::Blocked,
    remedy: RemedyKind::WaitAndRetry,
    title: "temporarily restricted",
    explanation:
        "Microsoft has temporarily restricted your IP while it evaluates unusual activity \
        from it. If the traffic is legitimate the restriction lifts by itself; your server keeps \
        retrying.",
    sources: &[NDR_DOC, FIX_451_ASXXX],
    about_ip: true,
};

static PFA_BUSY: Meaning = Meaning {
    reason: Reason::Systemerror,
    remedy: RemedyKind::WaitAndRetry,
    title: "Microsoft's filter was busy",
    explanation: "Microsoft's Protocol Filter Agent was busy. This is on Microsoft's side and \
        temporary; your server will retry.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

static JOURNALING: Meaning = Meaning {
    reason: Reason::Systemerror,
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "journaling to Microsoft 365 needs Journaling Archive",
    explanation: "An on-premises Exchange journal rule sends its reports to a Microsoft 365 \
        mailbox, which Microsoft accepts only while Journaling Archive is turned on for the \
        tenant. Point the journal rule at another mailbox, or ask Microsoft support to turn \
        Journaling Archive on.",
    sources: &[NDR_DOC],
    about_ip: false,
};

static TENANT_THRESHOLD: Meaning = Meaning {
    reason: Reason::Speeding,
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "your Microsoft 365 tenant is blocked from sending",
    explanation:
        "The sender is itself a Microsoft 365 organisation, and Microsoft stopped it from \
        sending because most of its recent mail looked like spam (often a compromised account). \
        Find and secure the account that sent spam, then open a support request in the \
        Microsoft 365 admin center to restore sending. The recipient cannot fix this.",
    sources: &[FIX_57700, NDR_DOC],
    about_ip: false,
};

static TENANT_IP: Meaning = Meaning {
    reason: Reason::Speeding,
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "Microsoft 365 does not accept traffic from your tenant's IP",
    explanation: "The sender is a Microsoft 365 organisation (often a new or trial tenant) whose \
        outbound traffic Microsoft routes through a low-reputation IP pool. Verify your domains \
        in the admin center and open a support request with Microsoft 365 to be moved; the \
        recipient cannot fix this.",
    sources: &[FIX_57700, NDR_DOC],
    about_ip: false,
};

static UNREGISTERED_DOMAINS: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "tenant sends from domains it has not registered",
    explanation: "The sender is a Microsoft 365 organisation that sent mail from domains not \
        added and verified in its tenant. Add and verify every sending domain in the Microsoft \
        365 admin center; if the block stays, open a support request with Microsoft.",
    sources: &[FIX_57700, NDR_DOC],
    about_ip: false,
};

static EXTERNAL_FORWARDING: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::Investigate,
    title: "your organisation blocks automatic forwarding to outside addresses",
    explanation: "The message was forwarded automatically (an Inbox rule or mailbox forwarding) \
        to an address outside the sender's Microsoft 365 organisation, and that organisation's \
        outbound anti-spam policy does not allow external forwarding. The organisation's admin \
        can allow it for this mailbox in the outbound spam policy (Automatic forwarding rules), \
        or the user removes the forwarding.",
    sources: &[
        "https://learn.microsoft.com/defender-office-365/outbound-spam-policies-external-email-forwarding",
        NDR_DOC,
    ],
    about_ip: false,
};

static OWN_TENANT_BLOCK: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::Investigate,
    title: "blocked by your own organisation's Tenant Allow/Block List",
    explanation: "Your own Microsoft 365 organisation blocks this recipient or domain in its \
        Tenant Allow/Block List. Ask your Microsoft 365 admin to remove the entry.",
    sources: &[NDR_DOC],
    about_ip: false,
};

static SENDER_BANNED: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "sending account banned for spam",
    explanation: "Microsoft 365 banned the sending account or domain because it sent spam, \
        usually after the account was compromised. Secure the account (reset the password, \
        check forwarding rules and app passwords), then ask Microsoft 365 support to restore it.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static USER_UNKNOWN: Meaning = Meaning {
    reason: Reason::Userunknown,
    remedy: RemedyKind::FixRecipient,
    title: "recipient address does not exist",
    explanation: "Microsoft looked the address up and found no such mailbox. Check the spelling \
        or ask the recipient for their current address; resending to the same address will fail \
        again. Your server and IP are fine.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static DBEB_UNKNOWN: Meaning = Meaning {
    reason: Reason::Userunknown,
    remedy: RemedyKind::FixRecipient,
    title: "recipient address does not exist",
    explanation: "\"Access denied\" here is not a block: Microsoft 365's Directory-Based Edge \
        Blocking refuses addresses that do not exist in the recipient's directory. Check the \
        address. Your server and IP are fine.",
    sources: &[
        NDR_DOC,
        "https://www.spamresource.com/2023/09/microsoft-multiple-types-of-invalid.html",
    ],
    about_ip: false,
};

static OLC_USER_UNKNOWN: Meaning = Meaning {
    reason: Reason::Userunknown,
    remedy: RemedyKind::FixRecipient,
    title: "mailbox does not exist",
    explanation: "Outlook.com has no mailbox at this address (or it was closed). Check the \
        address; your server and IP are fine.",
    sources: &[
        "https://www.spamresource.com/2023/09/microsoft-multiple-types-of-invalid.html",
        SISIMAI_MS,
    ],
    about_ip: false,
};

static DOMAIN_UNREACHABLE: Meaning = Meaning {
    reason: Reason::Hostunknown,
    remedy: RemedyKind::FixRecipient,
    title: "recipient domain not reachable",
    explanation:
        "Outlook.com could not reach the recipient's domain. Check the domain part of the \
        address.",
    sources: &["https://github.com/sisimai/p5-sisimai/blob/master/lib/Sisimai/Rhost/Outlook.pm"],
    about_ip: false,
};

static MISMATCHED_IP: Meaning = Meaning {
    reason: Reason::Requireptr,
    remedy: RemedyKind::FixDns,
    title: "sending domain does not match the client IP",
    explanation: "Outlook.com found that the sending domain does not match the connecting IP. \
        Give the IP a reverse DNS name in your domain and make SPF allow it.",
    sources: &["https://github.com/sisimai/set-of-emails"],
    about_ip: true,
};

static SUSPENDED: Meaning = Meaning {
    reason: Reason::Suspend,
    remedy: RemedyKind::FixRecipient,
    title: "recipient address not valid",
    explanation: "Microsoft 365 refuses this recipient address (banned or disabled). Verify it \
        with the recipient by other means.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static NO_RELAY: Meaning = Meaning {
    reason: Reason::Norelaying,
    remedy: RemedyKind::ContactRecipient,
    title: "relay denied",
    explanation: "The Microsoft server does not accept mail for the recipient's domain — usually \
        the domain's MX record points to Microsoft 365 but the domain is not (or no longer) set \
        up there. The recipient's admin has to fix their MX record or tenant.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static CONNECTOR: Meaning = Meaning {
    reason: Reason::Norelaying,
    // A problem of the sender's own Microsoft 365 tenant (the shared samples' convention for
    // `contact_microsoft_support`).
    remedy: RemedyKind::ContactMicrosoftSupport,
    title: "inbound connector misconfigured",
    explanation: "Mail from your on-premises servers does not match your Microsoft 365 inbound \
        connector any more (changed IP or certificate). Update the connector in the Exchange \
        admin center.",
    sources: &[NDR_DOC],
    about_ip: false,
};

static NOT_AUTHORIZED: Meaning = Meaning {
    reason: Reason::Rejected,
    remedy: RemedyKind::ContactRecipient,
    title: "sender not allowed to write to this recipient",
    explanation: "The recipient (often a group or a mailbox that takes internal mail only) \
        accepts mail from allowed senders only, or a mail-flow rule of the recipient's \
        organisation refused it. Only the recipient's admin or the group owner can allow you.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static TRANSPORT_RULE: Meaning = Meaning {
    reason: Reason::Policyviolation,
    remedy: RemedyKind::ContactRecipient,
    title: "refused by a mail-flow rule of the recipient",
    explanation: "A mail-flow (transport) rule of the recipient's organisation refused the \
        message. Ask the recipient what their policy forbids.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static NOT_AUTHENTICATED: Meaning = Meaning {
    reason: Reason::Securityerror,
    remedy: RemedyKind::Investigate,
    title: "client was not authenticated",
    explanation: "A device or application tried to send through Microsoft 365 (for example \
        smtp.office365.com) without logging in. Configure SMTP AUTH (or a connector) on the \
        sending device.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static LOOP: Meaning = Meaning {
    reason: Reason::Networkerror,
    remedy: RemedyKind::ContactRecipient,
    title: "mail loop",
    explanation: "The message went round in circles (forwarding rules or MX records point back \
        and forth). The admin of the looping side has to fix the forwarding.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static EXPIRED: Meaning = Meaning {
    reason: Reason::Expired,
    remedy: RemedyKind::WaitAndRetry,
    title: "delivery timed out",
    explanation: "Microsoft kept trying to deliver and gave up when the message expired. The \
        receiving server was unreachable or kept refusing; check the recipient's domain and send \
        again later.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static REMOTE_DNS: Meaning = Meaning {
    reason: Reason::Networkerror,
    remedy: RemedyKind::ContactRecipient,
    title: "recipient's DNS or server unreachable",
    explanation: "Microsoft could not find or connect to the recipient's mail server (DNS lookup \
        failed or the connection was refused). The recipient's admin has to fix their DNS or \
        server.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static REMOTE_ERROR: Meaning = Meaning {
    reason: Reason::Systemerror,
    remedy: RemedyKind::WaitAndRetry,
    title: "temporary error on Microsoft's side",
    explanation: "A temporary error inside Microsoft's or the remote system. Nothing to fix on \
        your side; the message is retried.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

static MAILBOX_FULL: Meaning = Meaning {
    reason: Reason::Mailboxfull,
    remedy: RemedyKind::ContactRecipient,
    title: "recipient's mailbox is full",
    explanation: "The recipient's mailbox is over its quota. They have to make room; try again \
        later or reach them another way.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

static SENDING_LIMIT: Meaning = Meaning {
    reason: Reason::Ratelimited,
    remedy: RemedyKind::WaitAndRetry,
    title: "sending limit reached",
    explanation: "A Microsoft sending or receiving limit was hit (too many recipients, or too \
        many messages per hour to one recipient). Wait and send more slowly. If your own \
        Microsoft 365 account hit its daily limit unexpectedly, check it is not compromised.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static CONTENT: Meaning = Meaning {
    reason: Reason::Contenterror,
    remedy: RemedyKind::FixMessage,
    title: "message malformed",
    explanation: "Microsoft refused the message's format (e.g. bare line feeds). Fix the software \
        that builds the message.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static POLICY: Meaning = Meaning {
    reason: Reason::Policyviolation,
    remedy: RemedyKind::FixMessage,
    title: "message violates a Microsoft policy",
    explanation: "Microsoft's generic policy error (for example nested attachments, or an \
        over-long x-dg-ref header from rich-text mail). Send the message in a simpler form.",
    sources: &[NDR_DOC, SISIMAI_MS],
    about_ip: false,
};

static SENDER_TLS: Meaning = Meaning {
    reason: Reason::Failedstarttls,
    remedy: RemedyKind::Investigate,
    title: "your server did not use TLS",
    explanation: "Microsoft accepts this mail only over an encrypted connection, and your \
        server sent it without STARTTLS. Turn on opportunistic TLS for outgoing mail (Postfix: \
        `smtp_tls_security_level = may`; Exim: `tls_require_ciphers` not restricting it; \
        Exchange: TLS on the send connector) and check your server can negotiate TLS 1.2 or \
        newer.",
    sources: &[NDR_DOC],
    about_ip: false,
};

static TLS: Meaning = Meaning {
    reason: Reason::Failedstarttls,
    remedy: RemedyKind::ContactRecipient,
    title: "TLS or MTA-STS/DANE check failed",
    explanation: "Microsoft could not set up the secure connection the recipient's domain \
        requires (STARTTLS, MTA-STS or DANE failed). The recipient's admin has to fix their \
        certificate or policy.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

static NOT_ACCEPT: Meaning = Meaning {
    reason: Reason::Notaccept,
    remedy: RemedyKind::ContactRecipient,
    title: "domain accepts no mail at Microsoft",
    explanation: "The recipient's domain points its mail at a Microsoft 365 tenant that has no \
        mail-enabled subscription. The recipient's admin has to fix their setup.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

static SPAM: Meaning = Meaning {
    reason: Reason::Spamdetected,
    remedy: RemedyKind::FixMessage,
    title: "quarantined as spam",
    explanation: "The receiving Exchange server's content filter judged the message to be spam.",
    sources: &[SISIMAI_MS],
    about_ip: false,
};

// --- The table -----------------------------------------------------------------------------

// One row per line: the table reads as data, as in Sisimai (rustfmt would split every row).
#[rustfmt::skip]
static RULES: &[Rule] = &[
    // ---- 4b. Outlook.com consumer (OLC) ----
    // 550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your
    // Internet service provider since part of their network is on our block list (S3150). You
    // can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.
    // https://docs.hetzner.com/robot/dedicated-server/troubleshooting/microsoft-blacklist
    // https://www.spamresource.com/2023/04/isp-deliverability-guide-microsoft-olc.html
    Rule { status: "", third: ANY, phrase: "on our block list (s3150)", code: "", service: Service::Olc, meaning: &OLC_BLOCK },
    // … same wording with (S3140). https://paranoidpengu.in/2020/07/my-mail-server-got-blocked-by-outlook-com/
    Rule { status: "", third: ANY, phrase: "on our block list (s3140)", code: "", service: Service::Olc, meaning: &OLC_BLOCK },
    // … same wording with (AS3150) / (AS3140) / (AS3160), 2017–2018. "AS" = anti-spam, not an ASN.
    // https://pastebin.com/rwzHX08U ; https://wordtothewise.com/2017/10/troubleshooting-and-codes
    Rule { status: "", third: ANY, phrase: "on our block list (as31", code: "", service: Service::Olc, meaning: &OLC_BLOCK },
    // 550 OU-001 / OU-002 (SNT004-MC1F6) Unfortunately, messages from 197.253.32.226 weren't
    // sent. Please contact your Internet service provider since part of their network is on our
    // block list. (OU-001 is said to need a Spamhaus check first: UNCERTAIN vendor claim.)
    // research/microsoft.md §4b (nodemailer log comment; Momentum rules)
    Rule { status: "", third: ANY, phrase: "", code: "OU-00", service: Service::Olc, meaning: &OLC_BLOCK },
    // 550 SC-001 (BAY004-MC4F49) Unfortunately, messages from 192.0.2.1 weren't sent. Please
    // contact your Internet service provider since part of their network is on our block list…
    // (older: "Mail rejected by Windows Live Hotmail for policy reasons. Reasons for rejection
    // may be related to content with spam-like characteristics or IP/domain reputation problems.")
    // https://foxpa.ws/e-mails-to-hotmail-bounce-550-sc-001-part-of-your-network-is-on-our-block-list
    Rule { status: "", third: ANY, phrase: "", code: "SC-001", service: Service::Olc, meaning: &OLC_BLOCK },
    // Any other variant of the OLC block wording (new codes appear every few years).
    Rule { status: "", third: ANY, phrase: "part of their network is on our block list", code: "", service: Service::Olc, meaning: &OLC_BLOCK },
    // 550 SC-002 Mail rejected by Outlook.com for policy reasons. The mail server IP connecting
    // to Outlook.com has exhibited namespace mining behavior.
    // research/microsoft.md §4b (email-verifier READMEs); Sisimai Rhost/Microsoft
    Rule { status: "", third: ANY, phrase: "", code: "SC-002", service: Service::Olc, meaning: &OLC_MINING },
    // 550 SC-003 Mail rejected by Outlook.com for policy reasons. Your IP address appears to be
    // an open proxy/relay. (Sisimai Rhost/Microsoft)
    Rule { status: "", third: ANY, phrase: "", code: "SC-003", service: Service::Olc, meaning: &OLC_BLOCK },
    // 550 SC-004 Mail rejected by Windows Live Hotmail for policy reasons. A block has been
    // placed against your IP address because we have received complaints concerning mail
    // coming from that IP address. We recommend enrolling in our Junk Email Reporting Program…
    // https://www.mydigitallife.net/how-to-remove-server-ip-address-from-msn-hotmail-block-blacklist/
    Rule { status: "", third: ANY, phrase: "", code: "SC-004", service: Service::Olc, meaning: &OLC_COMPLAINTS },
    Rule { status: "", third: ANY, phrase: "received complaints concerning mail coming from that ip", code: "", service: Service::Olc, meaning: &OLC_COMPLAINTS },
    // 550 DY-001 Mail rejected by Windows Live Hotmail for policy reasons. We generally do not
    // accept email from dynamic IP's as they are not typically used to deliver unauthenticated
    // SMTP e-mail… http://intranoggin.com/Blog/April-2008/HotMail-Delivery-Status-Notification-(Failure).aspx
    Rule { status: "", third: ANY, phrase: "", code: "DY-001", service: Service::Olc, meaning: &OLC_DYNAMIC },
    // 550 DY-002 Mail rejected by Outlook.com for policy reasons. The likely cause is a
    // compromised or virus infected server/personal computer. (Sisimai Rhost/Microsoft)
    Rule { status: "", third: ANY, phrase: "", code: "DY-002", service: Service::Olc, meaning: &OLC_BLOCK },
    // 421 RP-001 (COL0-MC3-F15) Unfortunately, some messages from 192.0.2.1 weren't sent. Please
    // try again. We have limits for how many messages can be sent per hour and per day.
    // (RP-002: rate limit on this connection; RP-003: connection limit)
    // https://knowledge.validity.com/hc/en-us/articles/220561887-Troubleshooting-reputation-based-deferrals
    Rule { status: "", third: ANY, phrase: "", code: "RP-00", service: Service::Olc, meaning: &OLC_RATE },
    // 421 PR(ct1) The mail server IP connecting to Windows Live Hotmail server has exceeded the
    // connection limit allowed. https://www.postmastery.com/hotmail-throttling-and-powermta/
    Rule { status: "", third: ANY, phrase: "", code: "PR(ct", service: Service::Olc, meaning: &TOO_MANY_CONNECTIONS },
    // 550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus. To request
    // removal from this list see https://www.spamhaus.org/query/ip/192.0.2.1 (AS3130)
    // research/microsoft.md §4a/§4b (2024/2025 blog posts quoting the bounce)
    Rule { status: "", third: ANY, phrase: "blocked using spamhaus", code: "", service: Service::Either("outlook.com"), meaning: &OLC_SPAMHAUS },
    // 550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal
    // from this list see https://www.spamhaus.org/query/lookup/ (S8002) — Sisimai
    // Reason/Rejected ("mailfrom domain is listed in spamhaus")
    Rule { status: "", third: ANY, phrase: "mailfrom domain is listed in spamhaus", code: "", service: Service::Either("outlook.com"), meaning: &OLC_SPAMHAUS_DOMAIN },
    // 451 4.7.650 The mail server [192.0.2.5] has been temporarily rate limited due to IP
    // reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)
    // (older: https://postmaster.live.com; S3113) — Sisimai Rhost/Microsoft; DirectAdmin forum 2026
    Rule { status: "4.7.650", third: ANY, phrase: "rate limited due to ip reputation", code: "", service: Service::Olc, meaning: &OLC_REPUTATION_THROTTLE },
    // 451 4.7.651 The mail server [IP] has been temporarily rate limited due to IP reputation … (S3114)
    // https://www.suped.com/email-deliverability/answers/what-causes-temporary-rate-limiting-due-to-ip-reputation-with-microsoft-email-servers
    Rule { status: "4.7.651", third: ANY, phrase: "rate limited due to ip reputation", code: "", service: Service::Olc, meaning: &OLC_REPUTATION_THROTTLE },
    Rule { status: "", third: ANY, phrase: "rate limited due to ip reputation", code: "", service: Service::Olc, meaning: &OLC_REPUTATION_THROTTLE },
    // The same replies cut short by Sendmail's `mailq` (60 characters: "451 4.7.650 The mail
    // server [192.0.2.5] has be")
    Rule { status: "4.7.650", third: ANY, phrase: "the mail server [", code: "", service: Service::Olc, meaning: &OLC_REPUTATION_THROTTLE },
    Rule { status: "4.7.651", third: ANY, phrase: "the mail server [", code: "", service: Service::Olc, meaning: &OLC_REPUTATION_THROTTLE },
    // 451 4.7.652 The mail server [192.0.2.251] has exceeded the maximum number of connections.
    // (S3115) [Name=Protocol Filter Agent][AGT=PFA]… — Sisimai Rhost/Microsoft
    Rule { status: "", third: ANY, phrase: "exceeded the maximum number of connections", code: "", service: Service::Olc, meaning: &TOO_MANY_CONNECTIONS },
    // 550 5.7.515 Access denied, sending domain [EXAMPLE.COM] does not meet the required
    // authentication level. … Spf= Fail , Dkim= Pass , DMARC= Pass
    // https://support.microsoft.com/en-au/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef
    Rule { status: "5.7.515", third: ANY, phrase: "", code: "", service: Service::Either("outlook.com"), meaning: &OLC_AUTH_515 },
    Rule { status: "", third: ANY, phrase: "meet the required authentication level", code: "", service: Service::Either("outlook.com"), meaning: &OLC_AUTH_515 },
    // 550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).
    // https://www.spamresource.com/2023/09/microsoft-multiple-types-of-invalid.html
    Rule { status: "", third: ANY, phrase: "requested action not taken: mailbox unavailable", code: "", service: Service::Context, meaning: &OLC_USER_UNKNOWN },
    // 554 The mail could not be delivered to the recipient because the domain is not reachable.
    // (Sisimai Rhost/Outlook)
    Rule { status: "", third: ANY, phrase: "because the domain is not reachable", code: "", service: Service::Olc, meaning: &DOMAIN_UNREACHABLE },
    // 550 domain [example.com] mismatches client ip 192.0.2.225. (sisimai set-of-emails lhost-outlook-09)
    Rule { status: "", third: ANY, phrase: "mismatches client ip", code: "", service: Service::Context, meaning: &MISMATCHED_IP },
    // 451 4.7.700 PFA agent busy, please try again. [***.prod.protection.outlook.com]
    // (Sisimai Rhost/Microsoft, seen at apc.olc.protection.outlook.com)
    Rule { status: "", third: ANY, phrase: "pfa agent busy", code: "", service: Service::Either("outlook.com"), meaning: &PFA_BUSY },
    // ---- 4a. Exchange Online / EOP ----
    // 550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this
    // list please visit https://sender.office.com/ and follow the directions. For more
    // information please go to http://go.microsoft.com/fwlink/?LinkID=526655 (AS16012609)
    // https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself
    Rule { status: "5.7.", third: 606..=649, phrase: "", code: "", service: Service::Either("office365"), meaning: &EOP_BANNED },
    Rule { status: "", third: ANY, phrase: "banned sending ip", code: "", service: Service::Office365, meaning: &EOP_BANNED },
    // 550 5.7.511 Access denied, banned sender[192.0.2.1]. To request removal from this list,
    // forward this message to delist@microsoft.com (older: delist@messaging.microsoft.com)
    // https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself
    Rule { status: "5.7.511", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &EOP_BANNED_EMAIL },
    // 550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using Blocklist 1; To
    // request removal from this list please forward this message to delist@messaging.microsoft.com
    // MicrosoftDocs/OfficeDocs-Exchange fix-error-code-550-5-7-1-in-exchange-online.md (2021)
    Rule { status: "", third: ANY, phrase: "blocked using blocklist 1", code: "", service: Service::Office365, meaning: &EOP_BANNED_EMAIL },
    // 550 5.7.513 Service unavailable, Client host [192.0.2.1] blocked by contoso.com using
    // Customer Block list (AS16012607) — NDR reference (NDR_DOC)
    Rule { status: "", third: ANY, phrase: "using customer block list", code: "", service: Service::Office365, meaning: &CUSTOMER_BLOCK },
    Rule { status: "5.7.513", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &CUSTOMER_BLOCK },
    // 550 5.7.507 Access denied, rejected by recipient — NDR reference
    Rule { status: "5.7.507", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &RECIPIENT_BLOCK },
    // 550 5.7.506 Access Denied, Bad HELO — NDR reference
    Rule { status: "", third: ANY, phrase: "access denied, bad helo", code: "", service: Service::Office365, meaning: &BAD_HELO },
    // 550 5.7.508 Access denied, [2001:db8::1] has exceeded permitted limits within /64 range
    Rule { status: "", third: ANY, phrase: "has exceeded permitted limits within", code: "", service: Service::Office365, meaning: &IPV6_RANGE_LIMIT },
    // 550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification
    // and has a DMARC policy of reject. — NDR reference; also at OLC (sisimai rhost-microsoft-04)
    Rule { status: "", third: ANY, phrase: "does not pass dmarc verification", code: "", service: Service::Either("office365"), meaning: &DMARC_REJECT },
    // 550 5.3.190 Journaling on-premises messages to Microsoft 365 or Office 365 not supported
    // when Journaling Archive is disabled — NDR reference
    Rule { status: "", third: ANY, phrase: "journaling archive is disabled", code: "", service: Service::Office365, meaning: &JOURNALING },
    // 550 5.7.510 Access denied, [contoso.com] does not accept email over IPv6 — NDR reference
    Rule { status: "", third: ANY, phrase: "does not accept email over ipv6", code: "", service: Service::Office365, meaning: &NO_IPV6 },
    // 550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant — NDR reference
    Rule { status: "", third: ANY, phrase: "rfc 5322 section 3.6.2", code: "", service: Service::Office365, meaning: &BAD_FROM },
    // 550 5.7.23 The message was rejected because of Sender Policy Framework violation
    // (Exchange Online relays may chain it: "… -> 550 5.7.1 … DMARC policy …") — NDR reference
    Rule { status: "", third: ANY, phrase: "sender policy framework violation", code: "", service: Service::Either("office365"), meaning: &SPF_FAIL },
    // 550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse DNS
    // record — NDR reference; https://learn.microsoft.com/en-us/microsoft-365/security/office-365-security/mail-flow-inbound-ipv6-support-about
    Rule { status: "", third: ANY, phrase: "must have a reverse dns record", code: "", service: Service::Either("office365"), meaning: &NEED_PTR },
    // 450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::1] must pass either SPF or
    // DKIM validation, this message is not signed — NDR reference
    Rule { status: "", third: ANY, phrase: "must pass either spf or dkim", code: "", service: Service::Either("office365"), meaning: &IPV6_AUTH },
    // 451 4.7.500 Server busy. Please try again later from [192.0.2.2]. (AS761) / (AS843)
    // fix-error-code-451-4-7-500-699-asxxx-in-exchange-online; Sisimai Rhost/Microsoft
    Rule { status: "", third: ANY, phrase: "server busy. please try again later from", code: "", service: Service::Either("office365"), meaning: &SERVER_BUSY },
    // 451 4.7.500-699 Access denied, please try again later — NDR reference
    Rule { status: "4.7.", third: 500..=699, phrase: "access denied, please try again later", code: "", service: Service::Either("office365"), meaning: &TRY_LATER },
    // 451 4.7.850-899 Access denied, please try again later (suspicious activity) — NDR reference
    Rule { status: "4.7.", third: 850..=899, phrase: "access denied, please try again later", code: "", service: Service::Either("office365"), meaning: &TRY_LATER },
    // 550 5.7.705 Access denied, tenant has exceeded threshold — FIX_57700
    Rule { status: "", third: ANY, phrase: "tenant has exceeded threshold", code: "", service: Service::Office365, meaning: &TENANT_THRESHOLD },
    // 550 5.7.708 Access denied, traffic not accepted from this IP — FIX_57700
    Rule { status: "", third: ANY, phrase: "traffic not accepted from this ip", code: "", service: Service::Office365, meaning: &TENANT_IP },
    // 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains — FIX_57700
    Rule { status: "", third: ANY, phrase: "sending from unregistered domains", code: "", service: Service::Office365, meaning: &UNREGISTERED_DOMAINS },
    // 550 5.7.703 … blocked by your organization using Tenant Allow Block List — NDR reference
    Rule { status: "", third: ANY, phrase: "tenant allow block list", code: "", service: Service::Office365, meaning: &OWN_TENANT_BLOCK },
    Rule { status: "5.7.", third: 700..=749, phrase: "", code: "", service: Service::Either("office365"), meaning: &TENANT_THRESHOLD },
    Rule { status: "5.7.750", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &UNREGISTERED_DOMAINS },
    // 550 5.7.800 Access denied, banned sender (EHLO/P1/P2 domain banned) — NDR reference
    Rule { status: "5.7.800", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &SENDER_BANNED },
    // 550 5.7.501-503 Access denied, spam abuse detected / banned sender — NDR reference
    Rule { status: "5.7.", third: 501..=503, phrase: "", code: "", service: Service::Either("office365"), meaning: &SENDER_BANNED },
    // 550 5.1.8 Access denied, bad outbound sender — NDR reference
    Rule { status: "", third: ANY, phrase: "bad outbound sender", code: "", service: Service::Office365, meaning: &SENDER_BANNED },
    // 550 5.7.504 Recipient address rejected: Access denied / 5.7.505 Access denied, banned
    // recipient (Sisimai: suspend)
    Rule { status: "5.7.504", third: ANY, phrase: "", code: "", service: Service::Either("office365"), meaning: &SUSPENDED },
    Rule { status: "", third: ANY, phrase: "access denied, banned recipient", code: "", service: Service::Office365, meaning: &SUSPENDED },
    // 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient user@contoso.com not found by SMTP
    // address lookup — NDR reference
    Rule { status: "", third: ANY, phrase: "resolver.adr.recipientnotfound", code: "", service: Service::Either("office365"), meaning: &USER_UNKNOWN },
    Rule { status: "5.1.10", third: ANY, phrase: "", code: "", service: Service::Context, meaning: &USER_UNKNOWN },
    // 550 5.4.1 Recipient address rejected: Access denied. For more information see
    // https://aka.ms/EXOSmtpErrors [AM3PEPF0000A790.eurprd04.prod.outlook.com …] (DBEB)
    // https://www.spamresource.com/2023/09/microsoft-multiple-types-of-invalid.html
    Rule { status: "", third: ANY, phrase: "recipient address rejected: access denied", code: "", service: Service::Either("office365"), meaning: &DBEB_UNKNOWN },
    // 550 5.7.64 TenantAttribution; Relay Access Denied — NDR reference
    Rule { status: "", third: ANY, phrase: "tenantattribution; relay access denied", code: "", service: Service::Office365, meaning: &CONNECTOR },
    // 550 5.4.1 Relay Access Denied — NDR reference
    Rule { status: "5.4.1", third: ANY, phrase: "relay access denied", code: "", service: Service::Context, meaning: &NO_RELAY },
    // 550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found / Bad destination mailbox address — NDR reference
    Rule { status: "", third: ANY, phrase: "resolver.adr.exrecipnotfound", code: "", service: Service::Either("office365"), meaning: &USER_UNKNOWN },
    Rule { status: "5.1.1", third: ANY, phrase: "bad destination mailbox address", code: "", service: Service::Context, meaning: &USER_UNKNOWN },
    // 550 5.1.351 Remote server returned unknown recipient or mailbox unavailable (Sisimai lhost/office365)
    Rule { status: "", third: ANY, phrase: "returned unknown recipient or mailbox unavailable", code: "", service: Service::Context, meaning: &USER_UNKNOWN },
    // 550 5.7.900-999 Delivery not authorized, message refused (mail-flow rule) — NDR reference
    Rule { status: "5.7.", third: 900..=999, phrase: "delivery not authorized, message refused", code: "", service: Service::Context, meaning: &TRANSPORT_RULE },
    // 550 5.7.999 TRANSPORT.RULES.RejectMessage; <the rule's own text> — the rule's reject action
    // with a custom reason (Exchange's RejectMessageReasonText)
    Rule { status: "", third: ANY, phrase: "transport.rules.rejectmessage", code: "", service: Service::Context, meaning: &TRANSPORT_RULE },
    // 550 5.7.1 Delivery not authorized — NDR reference
    Rule { status: "5.7.1", third: ANY, phrase: "delivery not authorized", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM — NDR reference
    Rule { status: "", third: ANY, phrase: "not authenticated to send anonymous mail", code: "", service: Service::Office365, meaning: &NOT_AUTHENTICATED },
    // 550 5.7.1 Unable to relay — NDR reference
    Rule { status: "5.7.1", third: ANY, phrase: "unable to relay", code: "", service: Service::Context, meaning: &NO_RELAY },
    // 550 5.7.12 / 5.7.13 / 5.7.133–136 Sender was not authenticated by organization / for
    // group / for mailbox / for public folder — NDR reference
    Rule { status: "", third: ANY, phrase: "sender was not authenticated", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    Rule { status: "", third: ANY, phrase: "sender not authenticated for group", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 550 5.7.124 Sender not in allowed-senders list — NDR reference
    Rule { status: "", third: ANY, phrase: "sender not in allowed-senders list", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized / 5.7.134
    // RESOLVER.RST.SenderNotAuthenticatedForMailbox — the recipient's delivery restrictions
    // ("RST"); NDR reference
    Rule { status: "", third: ANY, phrase: "resolver.rst.notauthorized", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    Rule { status: "", third: ANY, phrase: "resolver.rst.sendernotauthenticated", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 550 5.7.129 RESOLVER.RST.RestrictedToRecipientsPermission; you are not authorized to send
    // to this recipient — NDR reference
    Rule { status: "", third: ANY, phrase: "resolver.rst.restricted", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 550 5.7.193 UnifiedGroupAgent; Delivery failed because the sender isn't a group member or
    // external senders aren't permitted to send to this group — NDR reference
    Rule { status: "", third: ANY, phrase: "external senders aren't permitted", code: "", service: Service::Context, meaning: &NOT_AUTHORIZED },
    // 554 5.4.14 / 5.4.6 Routing loop detected; Hop count exceeded - possible mail loop
    Rule { status: "", third: ANY, phrase: "routing loop detected", code: "", service: Service::Context, meaning: &LOOP },
    Rule { status: "", third: ANY, phrase: "hop count exceeded", code: "", service: Service::Context, meaning: &LOOP },
    // 4.4.312 / 5.4.312 Message expired, DNS query failed(InfoNoRecords) (Sisimai
    // Rhost/Microsoft: networkerror)
    Rule { status: "", third: ANY, phrase: "dns query failed", code: "", service: Service::Context, meaning: &REMOTE_DNS },
    // 550 5.4.316 Message expired, connection refused(Socket error code 10061): retried until it
    // expired (Sisimai Rhost/Microsoft: "5.4.316 message expired" is expired)
    Rule { status: "5.4.316", third: ANY, phrase: "connection refused", code: "", service: Service::Context, meaning: &EXPIRED },
    Rule { status: "4.4.316", third: ANY, phrase: "connection refused", code: "", service: Service::Context, meaning: &EXPIRED },
    // 4.4.7 / 5.4.300 Message expired — NDR reference
    Rule { status: "5.4.300", third: ANY, phrase: "message expired", code: "", service: Service::Context, meaning: &EXPIRED },
    Rule { status: "4.4.7", third: ANY, phrase: "message expired", code: "", service: Service::Context, meaning: &EXPIRED },
    // 550 5.4.318 Message expired, connection reset (SuspiciousRemoteServerError)
    Rule { status: "", third: ANY, phrase: "(suspiciousremoteservererror)", code: "", service: Service::Context, meaning: &REMOTE_ERROR },
    // 451 4.4.22–28 Message failed to be replicated … (Sisimai Rhost/Microsoft)
    Rule { status: "4.4.", third: 22..=28, phrase: "message failed to be replicated", code: "", service: Service::Context, meaning: &REMOTE_ERROR },
    // 4.4.8 / 5.4.8 MX hosts of <domain> failed MTA-STS validation; 5.4.317 STARTTLS is required
    Rule { status: "", third: ANY, phrase: "failed mta-sts validation", code: "", service: Service::Context, meaning: &TLS },
    Rule { status: "", third: ANY, phrase: "starttls is required to send mail", code: "", service: Service::Context, meaning: &SENDER_TLS },
    // 550 5.7.321-5.7.325 starttls-not-supported / certificate-expired / tlsa-invalid /
    // dnssec-invalid / certificate-host-mismatch: the destination failed Exchange Online's
    // outbound DANE checks (how-smtp-dane-works)
    Rule { status: "5.7.", third: 321..=325, phrase: "", code: "", service: Service::Context, meaning: &TLS },
    // 550 5.2.2 Mailbox full (Sisimai Rhost/Microsoft)
    Rule { status: "5.2.2", third: ANY, phrase: "mailbox full", code: "", service: Service::Context, meaning: &MAILBOX_FULL },
    // 5.2.2 Submission quota exceeded; 5.1.90 reached your daily limit for message recipients;
    // 5.2.121/5.2.122 Recipient's per hour message receive limit; 4.5.3/5.5.3 Too many recipients
    Rule { status: "", third: ANY, phrase: "submission quota exceeded", code: "", service: Service::Context, meaning: &SENDING_LIMIT },
    Rule { status: "", third: ANY, phrase: "daily limit for message recipients", code: "", service: Service::Context, meaning: &SENDING_LIMIT },
    Rule { status: "", third: ANY, phrase: "per hour message receive limit", code: "", service: Service::Context, meaning: &SENDING_LIMIT },
    Rule { status: "", third: ANY, phrase: "recipient thread limit exceeded", code: "", service: Service::Context, meaning: &SENDING_LIMIT },
    // 550 5.6.11 Invalid characters (bare line feeds) — Sisimai Rhost/Microsoft
    Rule { status: "5.6.11", third: ANY, phrase: "invalid characters", code: "", service: Service::Context, meaning: &CONTENT },
    // 550 5.0.350 Requested action not taken: policy violation detected (AS345) / x-dg-ref header is too long
    Rule { status: "", third: ANY, phrase: "policy violation detected (as345)", code: "", service: Service::Office365, meaning: &POLICY },
    Rule { status: "", third: ANY, phrase: "x-dg-ref header is too long", code: "", service: Service::Office365, meaning: &POLICY },
    // 4.4.4 hosted tenant which has no mail-enabled subscriptions — Sisimai Rhost/Microsoft
    Rule { status: "", third: ANY, phrase: "no mail-enabled subscriptions", code: "", service: Service::Office365, meaning: &NOT_ACCEPT },
    // 550 5.7.520 Access denied, Your organization does not allow external forwarding. Please
    // contact your administrator for further assistance. AS(7555) — outbound policy
    // (outbound-spam-policies-external-email-forwarding)
    Rule { status: "", third: ANY, phrase: "does not allow external forwarding", code: "", service: Service::Office365, meaning: &EXTERNAL_FORWARDING },
    // 550 5.7.520 Message blocked because it contains content identified as spam. AS(4810) —
    // a Microsoft mailbox's own outgoing message held as spam (NDR reference)
    Rule { status: "", third: ANY, phrase: "contains content identified as spam", code: "", service: Service::Context, meaning: &SPAM },
    // 5.2.1 Content Filter Agent quarantined this message — Sisimai Rhost/Microsoft
    Rule { status: "", third: ANY, phrase: "content filter agent quarantined", code: "", service: Service::Context, meaning: &SPAM },
];

// --- Judging -------------------------------------------------------------------------------

/// The Microsoft verdict for a record, or `None` when Microsoft did not reject it. `reply` is
/// the record's diagnostic as [`Reply::of`] made it.
pub fn judge(facts: &Facts, bounce: &Bounce, reply: &Reply) -> Option<Verdict> {
    let diagnostic = facts.diagnostic.as_deref().unwrap_or("");
    let context = service_from_context(facts, bounce, reply);
    let code = provider_code(diagnostic);
    let rule = find_rule(facts, context, code.as_deref(), reply);
    // (Older replies end with the anti-spam code bare: "… tenant has exceeded threshold. …
    // AS831".)
    let code = code.or_else(|| rule.and_then(|_| bare_as_code(diagnostic)));
    let provider = match rule.map(|r| r.service) {
        Some(Service::Olc) => "outlook.com",
        Some(Service::Office365) => "office365",
        Some(Service::Either(default)) => match context {
            // Outlook.com hosts only its own consumer domains: a company's address is an
            // Exchange Online tenant's.
            Some(UNSURE | OTHER) | None if company_recipient(facts) => "office365",
            Some(UNSURE | OTHER) | None => default,
            Some(OLC_REPORTED) => "outlook.com",
            Some(EXCHANGE_REPORTED) => return None,
            Some(known) => known,
        },
        Some(Service::Context) | None => match context? {
            UNSURE => "office365",
            OTHER => return None,
            known => known,
        },
    };
    // (Outlook.com or Exchange only reported: the row's reading without naming a provider.)
    let provider = (provider != OLC_REPORTED && provider != EXCHANGE_REPORTED).then_some(provider);
    let mut verdict = Verdict {
        provider,
        provider_code: code.filter(|_| provider.is_some()),
        support_url: provider.map(|p| {
            if p == "outlook.com" {
                OLC_POSTMASTER
            } else {
                NDR_DOC
            }
        }),
        ..Verdict::default()
    };
    if let Some(rule) = rule {
        let m = rule.meaning;
        verdict.reason = Some(m.reason);
        verdict.remedy = Some(m.remedy);
        verdict.title = Some(m.title);
        verdict.explanation = Some(m.explanation);
        verdict.sources = m.sources.to_vec();
        verdict.about_ip = Some(m.about_ip);
    }
    Some(verdict)
}

/// The domain of the record's recipient.
fn recipient_domain(facts: &Facts) -> Option<&str> {
    facts
        .recipient
        .as_deref()
        .and_then(|r| r.rsplit_once('@'))
        .map(|(_, d)| d)
}

/// The record's recipient has a domain, and it is not one of Outlook.com's.
fn company_recipient(facts: &Facts) -> bool {
    recipient_domain(facts).is_some_and(|d| d.contains('.') && !is_consumer_domain(d))
}

/// The first row that matches. Rows for phrases other servers use too need a Microsoft context.
/// `code` is the reply's [`provider_code`].
fn find_rule(
    facts: &Facts,
    context: Option<&'static str>,
    code: Option<&str>,
    reply: &Reply,
) -> Option<&'static Rule> {
    let Reply { lower, pairs } = reply;
    // The status codes in the reply are looked up for the first row that needs them.
    let statuses = OnceCell::new();
    let relayed = crate::find::contains(lower, " -> ");
    // The cheap tests first; all must hold. Those on a row's [`Precheck`] rule most rows out
    // without reading them.
    // Whether the context admits a row, by its `ServiceClass`.
    let context_ok = [
        true,
        // Another provider's server said it — unless Exchange Online relayed its words (A -> B).
        !matches!(context, Some(OTHER | EXCHANGE_REPORTED)) || relayed,
        context.is_some_and(|c| c != OTHER),
    ];
    RULES.iter().zip(&PRECHECK).find_map(|(r, check)| {
        if !context_ok[check.service as usize]
            || (check.code && code.is_none())
            || !pairs.may_have(check.phrase)
        {
            return None;
        }
        let text_ok = || {
            if !r.code.is_empty() {
                code.is_some_and(|c| c.starts_with(r.code))
            } else if r.phrase.is_empty() {
                !r.status.is_empty()
            } else {
                pairs.may_contain(r.phrase) && find::contains(lower, r.phrase)
            }
        };
        (text_ok()
            && (r.status.is_empty() || status_fits(r, statuses.get_or_init(|| statuses_of(facts)))))
        .then_some(r)
    })
}

/// [`Service`] as far as [`find_rule`]'s context test reads it.
#[derive(Clone, Copy)]
enum ServiceClass {
    /// `Olc` or `Office365`: any context.
    One = 0,
    Either = 1,
    Context = 2,
}

/// What [`find_rule`] tests first of a row, without reading the row (90 rows of 88 bytes,
/// which a cold run fetches line by line): compiled data, 4 bytes a row.
#[derive(Clone, Copy)]
struct Precheck {
    /// The rarest pair of the row's phrase ([`crate::reason::Pairs::rarest`]); `None` for a row
    /// not read by its phrase (a code or status row).
    phrase: Option<u16>,
    service: ServiceClass,
    /// The row is read by Microsoft's code: the reply must have one.
    code: bool,
}

static PRECHECK: [Precheck; RULES.len()] = {
    let none = Precheck {
        phrase: None,
        service: ServiceClass::One,
        code: false,
    };
    let mut out = [none; RULES.len()];
    let mut i = 0;
    while i < RULES.len() {
        let r = &RULES[i];
        out[i] = Precheck {
            phrase: if r.code.is_empty() {
                crate::reason::Pairs::rarest(&[r.phrase])
            } else {
                None
            },
            service: match r.service {
                Service::Olc | Service::Office365 => ServiceClass::One,
                Service::Either(_) => ServiceClass::Either,
                Service::Context => ServiceClass::Context,
            },
            code: !r.code.is_empty(),
        };
        i += 1;
    }
    out
};

/// The record's status plus every enhanced code in the remote's text (Sendmail appends its own
/// 5.1.1 after a remote 5.7.606; Exim writes 5.0.0).
fn statuses_of(facts: &Facts) -> Vec<String> {
    let mut out: Vec<String> = facts.status.iter().cloned().collect();
    if let Some(d) = facts.diagnostic.as_deref() {
        out.extend(smtp::find_statuses(d));
    }
    out
}

fn status_fits(rule: &Rule, statuses: &[String]) -> bool {
    if rule.status.is_empty() {
        return true;
    }
    statuses.iter().any(|s| {
        if let Some(prefix) = rule.status.strip_suffix('.') {
            let Some(rest) = s.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) else {
                return false;
            };
            rest.parse::<u16>().is_ok_and(|n| rule.third.contains(&n))
        } else {
            s == rule.status
        }
    })
}

/// Microsoft's own code exactly as printed: `S3150`, `AS3150`, `AS16012609`, `AS(201806281)`,
/// `SC-001`, `RP-001`, `S775`. `None` when the reply carries none.
///
/// A hand-written scanner for the first (leftmost) match of the regex
/// `\((A?S[0-9]{3,11})\)|(AS\([0-9]{3,11}\))|(?:^|[^A-Za-z0-9-])((?:SC|DY|OU|RP)-00[0-9])(?:[^0-9]|$)|(PR\(ct[0-9]\))|(?:^|[^A-Za-z0-9])(S\([0-9]{3,11}\))`
/// (its capture group), which was slow. Every match holds a `(` or, for the legacy `SC-00N`
/// codes, a `-`: the scan visits only those. At one start at most one alternative can match
/// (their first characters differ), so the leftmost match is the one with the smallest start.
pub fn provider_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // A match starts at most 6 bytes before its `(` or `-` (a 4-byte character before `SC-`).
    const REACH: usize = 6;
    let mut best: Option<(usize, &str)> = None;
    for k in memchr::memchr2_iter(b'(', b'-', b) {
        if best.is_some_and(|(start, _)| k > start + REACH) {
            break;
        }
        let found = if b[k] == b'(' {
            paren_code(text, k)
        } else {
            legacy_code(text, k)
        };
        if let Some((start, code)) = found {
            if best.is_none_or(|(s, _)| start < s) {
                best = Some((start, code));
            }
        }
    }
    best.map(|(_, code)| code.to_string())
}

/// A reply's last word when it is an anti-spam code without parentheses (`AS831`), before
/// Exchange Online's `[server time]` stamp.
fn bare_as_code(diagnostic: &str) -> Option<String> {
    let text = diagnostic.trim_end();
    let text = match text.strip_suffix(']') {
        Some(t) => t
            .rsplit_once('[')
            .map_or(text, |(before, _)| before.trim_end()),
        None => text,
    };
    let word = text.rsplit(char::is_whitespace).next()?;
    let n = word.strip_prefix("AS")?;
    ((3..=11).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())).then(|| word.to_string())
}

/// The number of ASCII digits at the start of `b`.
fn digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// A code around the `(` at `k`: `(S775)` / `(AS3150)` (the code inside), `AS(201806281)`,
/// `PR(ct1)` or `S(2017052602)` (all of it), with where the match starts.
fn paren_code(text: &str, k: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    // `\((A?S[0-9]{3,11})\)`
    let a = usize::from(b.get(k + 1) == Some(&b'A'));
    if b.get(k + 1 + a) == Some(&b'S') {
        let from = k + 2 + a;
        let n = digits(&b[from..]);
        if (3..=11).contains(&n) && b.get(from + n) == Some(&b')') {
            return Some((k, &text[k + 1..from + n]));
        }
    }
    if k == 1 && b[0] == b'S' {
        return s_paren(text, k);
    }
    let start = k.checked_sub(2)?;
    match &b[start..k] {
        // `AS\([0-9]{3,11}\)`
        b"AS" => {
            let n = digits(&b[k + 1..]);
            ((3..=11).contains(&n) && b.get(k + 1 + n) == Some(&b')'))
                .then(|| (start, &text[start..k + 2 + n]))
        }
        // `PR\(ct[0-9]\)`
        b"PR" => {
            let rest = &b[k + 1..];
            (rest.len() >= 4
                && rest.starts_with(b"ct")
                && rest[2].is_ascii_digit()
                && rest[3] == b')')
                .then(|| (start, &text[start..k + 5]))
        }
        // `(?:^|[^A-Za-z0-9])(S\([0-9]{3,11}\))`: "… S(2017052602) [host …]" (5.7.501)
        [_, b'S'] if !b[start].is_ascii_alphanumeric() => s_paren(text, k),
        _ => None,
    }
}

/// `S(` + 3 to 11 digits + `)` whose `(` is at `k`, the `S` standing alone; the match starts
/// at the character before the `S` (or at 0).
fn s_paren(text: &str, k: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    let n = digits(&b[k + 1..]);
    if !(3..=11).contains(&n) || b.get(k + 1 + n) != Some(&b')') {
        return None;
    }
    let start = text[..k - 1]
        .chars()
        .next_back()
        .map_or(0, |c| k - 1 - c.len_utf8());
    Some((start, &text[k - 1..k + 2 + n]))
}

/// A legacy code `SC-00N` (`DY`, `OU`, `RP`) whose `-` is at `k`, standing alone: at the start
/// of the text or after a character that is not `[A-Za-z0-9-]`, and not followed by a digit.
/// The match starts at that character (or at 0).
fn legacy_code(text: &str, k: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    let c = k.checked_sub(2)?;
    if !matches!(&b[c..k], b"SC" | b"DY" | b"OU" | b"RP") {
        return None;
    }
    let end = k + 4;
    if end > b.len() || &b[k..k + 3] != b"-00" || !b[k + 3].is_ascii_digit() {
        return None;
    }
    if b.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let start = if c == 0 {
        0
    } else {
        // The character before the code (the code is ASCII, so `c` is a character boundary).
        let prev = text[..c].chars().next_back()?;
        if prev.is_ascii_alphanumeric() || prev == '-' {
            return None;
        }
        c - prev.len_utf8()
    };
    Some((start, &text[c..end]))
}

/// Microsoft host names: the consumer MX, Exchange Online, the NDR writers.
pub fn is_microsoft_host(host: &str) -> bool {
    // Compared ignoring ASCII case, without a lower-cased copy.
    let h = host.trim().trim_end_matches('.');
    h.eq_ignore_ascii_case("outlook.com")
        || [
            ".outlook.com",
            ".hotmail.com",
            ".microsoft.com",
            ".office365.com",
            ".msn.com",
            ".live.com",
            // Exchange Online's own servers in older NDRs ("….prod.exchangelabs.com")
            ".exchangelabs.com",
        ]
        .iter()
        .any(|s| ends_with_ci(h, s))
}

/// Outlook.com consumer domains (hotmail.com, outlook.de, live.co.uk, msn.com …).
pub fn is_consumer_domain(domain: &str) -> bool {
    // Compared ignoring ASCII case, without a lower-cased copy.
    let d = domain.trim().trim_end_matches('.');
    let Some((first, rest)) = d.split_once('.') else {
        return false;
    };
    let names = [
        "hotmail",
        "outlook",
        "live",
        "msn",
        "windowslive",
        "passport",
        "livemail",
    ];
    if !names.iter().any(|n| first.eq_ignore_ascii_case(n)) {
        return false;
    }
    // Like a public suffix: one or two labels of two or three characters.
    let mut labels = 0;
    rest.split('.').all(|l| {
        labels += 1;
        (2..=3).contains(&l.len())
    }) && labels <= 2
}

/// The context knows it is Microsoft but not which service (the `*.prod.outlook.com` suffix
/// both print): rows with a default use theirs, everything else counts as Exchange Online.
const UNSURE: &str = "microsoft";
/// The remote server is somebody else's: Microsoft only relayed (or wrote the NDR).
const OTHER: &str = "other";
/// Outlook.com's outbound server reported a company server's answer: Outlook.com's rows read
/// the words (Sisimai reads them with its Outlook module), but Outlook.com refused nothing.
const OLC_REPORTED: &str = "outlook.com reported";
/// Exchange wrote about a failure Microsoft's services did not decide: Exchange Online's own
/// failed attempt at another provider's server, or a company's own Exchange server's NDR.
/// Exchange's rows read the words; no provider is named.
const EXCHANGE_REPORTED: &str = "exchange reported";

/// Which Microsoft service the context says rejected this record: `outlook.com`, `office365`,
/// [`UNSURE`], [`OTHER`] (a non-Microsoft remote), or `None` when nothing points at Microsoft.
fn service_from_context(facts: &Facts, bounce: &Bounce, reply: &Reply) -> Option<&'static str> {
    // The markers are lower case and searched ignoring case, without lower-cased copies; most
    // are ruled out in the reply by its byte pairs first.
    let diag = facts.diagnostic.as_deref().unwrap_or("");
    let remote = facts.remote_mta.as_deref().unwrap_or("");
    let recipient_domain = recipient_domain(facts);
    let said = |markers: &[&str]| {
        markers.iter().any(|m| {
            (reply.pairs.may_contain(m) && find::contains_ci(diag, m))
                || find::contains_ci(remote, m)
        })
    };
    // A complaint report names the reported mail's source (RFC 5965 `Source-IP`), not a server
    // that refused anything: the report is Outlook.com's when the complaining mailbox is.
    if bounce.kind == Some(crate::report::InputKind::Feedback) {
        return Some(if recipient_domain.is_some_and(is_consumer_domain) {
            "outlook.com"
        } else {
            OTHER
        });
    }
    if said(OLC) || ends_with_ci(remote, "hotmail.com") {
        return Some("outlook.com");
    }
    if said(EXO) {
        return Some("office365");
    }
    // "RESOLVER.ADR…" codes are Exchange's, on-premises too: Exchange Online's only when the
    // server is not somebody else's and the NDR was not written by somebody's own Exchange.
    let resolver = said(&["resolver."]);
    // An Exchange Online NDR about a chained error ("A -> B"): Exchange Online reported the
    // downstream server's refusal, and is who the sender deals with — unless that server is
    // one whose own table reads its words (KDDI's, say).
    if bounce_context(bounce) == Some("office365")
        && find::contains(diag, " -> ")
        && super::identify(facts, bounce).is_none()
    {
        return Some("office365");
    }
    // A remote MTA (a name, or an IP as some reports give) that is somebody else's rules
    // Microsoft out, whatever the NDR writer was.
    let remote_is_microsoft = is_microsoft_host(remote) || crate::ip::is_microsoft_ip(remote);
    // …unless that server passed on Exchange's own reply, stamped with the Microsoft server and
    // the time ("… Access denied. [BN1PEPF00004681.namprd03.prod.outlook.com 2025-08-19T14:…]"):
    // a gateway in front of a tenant answers with the tenant's words.
    // (Not when Exchange Online wrote the bounce: its own texts carry the stamp too.)
    let passed_on = || {
        !is_microsoft_host(bounce.reporting_mta.as_deref().unwrap_or(""))
            && bounce
                .mail
                .as_ref()
                .is_none_or(|m| m.header("x-ms-exchange-message-is-ndr").is_none())
            && reply.pairs.may_contain(".prod.outlook.com 20")
            && find::contains_ci(diag, ".prod.outlook.com 20")
            && !find::contains(diag, " -> ")
            // (Exchange Online's account of its own attempt: "[LastAttemptedServerName=…]".)
            && !find::contains_ci(diag, "[lastattemptedservername=")
    };
    if !remote.is_empty() && !remote_is_microsoft && !passed_on() {
        // Exchange Online's account of its own attempt at that server ("… failed MTA-STS
        // validation. [LastAttemptedServerName=mx.example.com]"): its rows read the words.
        // (Its permanent failures: a delay's words are its retrying, read as any server's.)
        if find::contains_ci(diag, "[lastattemptedservername=")
            && facts.status.as_deref().is_some_and(|s| s.starts_with('5'))
        {
            return Some(EXCHANGE_REPORTED);
        }
        return Some(OTHER);
    }
    if resolver {
        // (Somebody's own Exchange wrote it: Exchange's rows read its words, Microsoft's
        // services refused nothing.)
        return Some(if on_premises(bounce) {
            EXCHANGE_REPORTED
        } else {
            "office365"
        });
    }
    if recipient_domain.is_some_and(is_consumer_domain) {
        return Some("outlook.com");
    }
    if said(EITHER) || remote_is_microsoft {
        // Words both services use: the bounce around them may still say which (a session
        // with a tenant's `….mail.protection.outlook.com`).
        return bounce_context(bounce)
            .filter(|c| matches!(*c, "outlook.com" | "office365"))
            .or(Some(UNSURE));
    }
    // Outlook.com wrote the report about a company's address, in words with no mark of
    // Microsoft: its outbound server passed on the company server's answer (or waited for it).
    if ends_with_ci(
        bounce.reporting_mta.as_deref().unwrap_or(""),
        ".hotmail.com",
    ) && company_recipient(facts)
    {
        return Some(OLC_REPORTED);
    }
    bounce_context(bounce)
}

/// `text` ends with `suffix` (lower case) ignoring ASCII case.
fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

// Only the consumer service prints these.
const OLC: &[&str] = &[
    "olc.protection.outlook.com",
    "protocol filter agent",
    "[agt=pfa]",
    "mail.live.com",
    "postmaster.live.com",
    "windows live hotmail",
];
// Only Exchange Online prints these.
const EXO: &[&str] = &[
    "mail.protection.outlook.com",
    "sender.office.com",
    "(as160126",
    "aka.ms/exosmtperrors",
    "onmicrosoft.com",
];
// Both print these.
const EITHER: &[&str] = &["prod.outlook.com", "protection.outlook.com"];

/// The bounce-level part of the context (who wrote the NDR, what its text says), computed once
/// per bounce: a bounce with 10,000 recipients asks for every one of them.
fn bounce_context(bounce: &Bounce) -> Option<&'static str> {
    *bounce
        .microsoft_context
        .get_or_init(|| bounce_context_uncached(bounce))
}

/// The bounce was written by a named server that is not Microsoft's.
fn on_premises(bounce: &Bounce) -> bool {
    let reporting = bounce.reporting_mta.as_deref().unwrap_or("");
    reporting.contains('.') && !is_microsoft_host(reporting)
}

fn bounce_context_uncached(bounce: &Bounce) -> Option<&'static str> {
    // The NDR itself: written by Exchange Online, or Microsoft text around it.
    let reporting = bounce.reporting_mta.as_deref().unwrap_or("");
    if ends_with_ci(reporting, ".hotmail.com") {
        return Some("outlook.com");
    }
    if ends_with_ci(reporting, ".outlook.com") {
        return Some("office365");
    }
    // An NDR written by somebody's own Exchange server (`EXCH01.corp.local`, `mail.example.com`)
    // looks like Exchange Online's (the same header, "RESOLVER." codes): only the refusal's own
    // words can make it Microsoft's.
    if on_premises(bounce) {
        return None;
    }
    if let Some(mail) = &bounce.mail {
        if mail.header("x-ms-exchange-message-is-ndr").is_some() {
            return Some("office365");
        }
        // The NDR's own words come first; a bounded head keeps many-recipient bounces linear.
        // The body's lower case, searched with memchr's `memmem`: on a long text a
        // case-insensitive scan stops at every common first letter. `body_lower` has the
        // body's byte offsets, so the head's boundary is the same.
        let body = &mail.body_lower[..crate::input::floor_char_boundary(&mail.body, 65536)];
        if Markers::get()
            .office365
            .iter()
            .any(|f| f.find(body.as_bytes()).is_some())
        {
            return Some("office365");
        }
    } else if bounce.kind != Some(crate::report::InputKind::Log)
        && !(bounce.kind == Some(crate::report::InputKind::Transcript) && bounce.records.len() > 1)
    {
        // (A log's lines are deliveries of their own: a Microsoft line says nothing of the
        // others; nor does one session of a tool's log of several.)
        let head = &bounce.text[..crate::input::floor_char_boundary(&bounce.text, 65536)];
        let head = head.to_ascii_lowercase();
        let markers = Markers::get();
        let has =
            |finders: &[Finder<'static>]| finders.iter().any(|f| f.find(head.as_bytes()).is_some());
        if has(&markers.olc) {
            return Some("outlook.com");
        }
        if has(&markers.office365) {
            return Some("office365");
        }
        if has(&markers.either) {
            return Some(UNSURE);
        }
    }
    None
}

/// The searchers for the bounce's context markers, built once (building one costs about as
/// much as searching a short text).
struct Markers {
    olc: Vec<Finder<'static>>,
    /// [`EXO`] and "office 365".
    office365: Vec<Finder<'static>>,
    either: Vec<Finder<'static>>,
}

impl Markers {
    fn get() -> &'static Markers {
        static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
            let finders = |needles: &[&'static str]| -> Vec<Finder<'static>> {
                needles.iter().map(|n| Finder::new(n.as_bytes())).collect()
            };
            Markers {
                olc: finders(OLC),
                office365: finders(&[EXO, &["office 365", "resolver."]].concat()),
                either: finders(EITHER),
            }
        });
        &MARKERS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`judge`] with the record's own [`Reply`].
    fn judge_facts(facts: &Facts, bounce: &Bounce) -> Option<Verdict> {
        judge(
            facts,
            bounce,
            &Reply::of(facts.diagnostic.as_deref().unwrap_or("")),
        )
    }

    #[test]
    fn bounce_context_is_each_bounces_own() {
        // Two bounces with the same (empty) text: an answer cached by the text's address and
        // length gave the second the first one's context.
        let consumer = Bounce {
            reporting_mta: Some("BAY004-MC1F1.hotmail.com".into()),
            ..Bounce::default()
        };
        let tenant = Bounce {
            reporting_mta: Some("AM6PR01MB1234.eurprd01.prod.outlook.com".into()),
            ..Bounce::default()
        };
        assert_eq!(bounce_context(&consumer), Some("outlook.com"));
        assert_eq!(bounce_context(&tenant), Some("office365"));
        assert_eq!(bounce_context(&Bounce::default()), None);
        assert_eq!(bounce_context(&consumer), Some("outlook.com"));
    }

    fn verdict(diag: &str) -> Verdict {
        let facts = Facts {
            diagnostic: Some(diag.into()),
            status: smtp::find_status(diag),
            ..Facts::default()
        };
        judge_facts(&facts, &Bounce::default()).unwrap_or_default()
    }

    #[test]
    fn codes_as_printed() {
        assert_eq!(
            provider_code("on our block list (S3150). You").as_deref(),
            Some("S3150")
        );
        assert_eq!(
            provider_code("block list (AS3150).").as_deref(),
            Some("AS3150")
        );
        assert_eq!(
            provider_code("go.microsoft.com/fwlink/?LinkID=526655 (AS16012609)").as_deref(),
            Some("AS16012609")
        );
        assert_eq!(
            provider_code("550 SC-001 (BAY004-MC4F49) Unfortunately").as_deref(),
            Some("SC-001")
        );
        assert_eq!(
            provider_code("reputation. see https://aka.ms/postmaster (S775) [Name=").as_deref(),
            Some("S775")
        );
        assert_eq!(
            provider_code("Access denied. AS(201806281) [x]").as_deref(),
            Some("AS(201806281)")
        );
        assert_eq!(provider_code("550 5.7.515 Access denied (SMTP)"), None);
    }

    #[test]
    fn bare_anti_spam_code_is_the_last_word() {
        assert_eq!(
            bare_as_code("550 5.7.705 Access denied, tenant has exceeded threshold. AS831")
                .as_deref(),
            Some("AS831")
        );
        assert_eq!(
            bare_as_code(
                "… exceeded threshold. AS831 [BN8NAM12FT041.eop-nam12.prod.protection.outlook.com]"
            )
            .as_deref(),
            Some("AS831")
        );
        // An autonomous system number inside the text is not one.
        assert_eq!(
            bare_as_code("Your ISP AS8075 is UCEPROTECT-Level3 listed"),
            None
        );
        assert_eq!(bare_as_code("ends with AS12"), None);
    }

    #[test]
    fn provider_code_scanner_equals_regex() {
        let re = regex_lite::Regex::new(r"\((A?S[0-9]{3,11})\)|(AS\([0-9]{3,11}\))|(?:^|[^A-Za-z0-9-])((?:SC|DY|OU|RP)-00[0-9])(?:[^0-9]|$)|(PR\(ct[0-9]\))|(?:^|[^A-Za-z0-9])(S\([0-9]{3,11}\))").unwrap();
        let by_regex = |t: &str| {
            re.captures(t).and_then(|c| {
                (1..=5)
                    .find_map(|i| c.get(i))
                    .map(|m| m.as_str().to_string())
            })
        };
        let mut texts: Vec<String> = [
            "",
            "(S3150)",
            "(AS3150) (S12)",
            "x(AAS123)(S1234567890123)(S12345678901)",
            "SC-001",
            "SC-0011 SC-001",
            "-SC-001 aSC-001 éSC-001 (SC-001)",
            "ÄSC-002x",
            "日SC-003",
            "RP-001\nDY-009",
            "OU-00",
            "AS(123) AS(12) AS(123456789012)",
            "PR(ct1) PR(ct) PR(ctx)",
            "(AS(123)",
            "AS((S123)",
            "(PR(ct5)",
            "𝄞SC-004 then (S775)",
            "a-SC-001 _SC-001",
            "SC-001(S123)",
            "xSC-001 (S999) SC-005",
            "S(2017052602) xS(123) -S(1234) é S(12) (S(123)",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Random texts made of codes, near-codes and the characters around them.
        let pieces = [
            "(S775)",
            "(AS16012609)",
            "AS(201806281)",
            "PR(ct1)",
            "SC-001",
            "RP-009",
            "DY-005",
            "OU-002",
            "(S12)",
            "S(2017052602)",
            "S(12)",
            "(S123456789012)",
            "AS(12)",
            "PR(ct)",
            "SC-01",
            "(",
            ")",
            "A",
            "S",
            "AS",
            "PR",
            "SC",
            "-00",
            "-",
            "0",
            "123",
            "é",
            "日",
            "𝄞",
            " ",
            "x",
            "_",
            "\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..50_000 {
            let n = next() % 9;
            let t: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(provider_code(t), by_regex(t), "{t:?}");
        }
        let hits = texts.iter().filter(|t| by_regex(t).is_some()).count();
        assert!(hits > 10_000, "the random texts should hold codes");
    }

    #[test]
    fn olc_block() {
        let v = verdict("550 5.7.1 Unfortunately, messages from [192.0.2.45] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).");
        assert_eq!(v.provider, Some("outlook.com"));
        assert_eq!(v.reason, Some(Reason::Blocked));
        assert_eq!(v.remedy, Some(RemedyKind::OutlookDelistForm));
        assert_eq!(v.provider_code.as_deref(), Some("S3150"));
    }

    #[test]
    fn expired_after_refused_connections_and_after_failed_dns() {
        // Exchange Online's own NDR lines (its servers name the context).
        let exo = |diag: &str| {
            let facts = Facts {
                diagnostic: Some(diag.into()),
                status: smtp::find_status(diag),
                remote_mta: Some("SG2APC01HT226.eop-APC01.prod.protection.outlook.com".into()),
                ..Facts::default()
            };
            judge_facts(&facts, &Bounce::default())
                .unwrap_or_default()
                .reason
        };
        assert_eq!(
            exo("550 5.4.316 Message expired, connection refused(Socket error code 10061)"),
            Some(Reason::Expired)
        );
        assert_eq!(
            exo("550 5.4.312 Message expired, DNS query failed(InfoNoRecords)"),
            Some(Reason::Networkerror)
        );
    }

    #[test]
    fn eop_ranges() {
        let v =
            verdict("550 5.7.612 Access denied, banned sending IP [198.51.100.29]. (AS16012609)");
        assert_eq!(
            (v.provider, v.remedy),
            (Some("office365"), Some(RemedyKind::Office365DelistPortal))
        );
        let v = verdict("550 5.7.511 Access denied, banned sender[192.0.2.113]. forward this message to delist@microsoft.com");
        assert_eq!(v.remedy, Some(RemedyKind::DelistEmail));
        let v = verdict("550 5.7.705 Access denied, tenant has exceeded threshold.");
        assert_eq!(
            (v.reason, v.remedy),
            (
                Some(Reason::Speeding),
                Some(RemedyKind::ContactMicrosoftSupport)
            )
        );
        let v =
            verdict("451 4.7.500 Server busy. Please try again later from [192.0.2.27]. (AS843)");
        assert_eq!(
            (v.reason, v.provider_code.as_deref()),
            (Some(Reason::Systemerror), Some("AS843"))
        );
    }

    #[test]
    fn not_microsoft() {
        let facts = Facts {
            diagnostic: Some(
                "550 5.1.1 The email account that you tried to reach does not exist. gsmtp".into(),
            ),
            remote_mta: Some("gmail-smtp-in.l.google.com".into()),
            recipient: Some("someone@gmail.com".into()),
            ..Facts::default()
        };
        assert!(judge_facts(&facts, &Bounce::default()).is_none());
    }

    #[test]
    fn legacy_codes_need_a_whole_token() {
        let v = verdict("550 SC-004 Mail rejected by Windows Live Hotmail for policy reasons.");
        assert_eq!(
            (v.reason, v.provider_code.as_deref()),
            (Some(Reason::Blocked), Some("SC-004"))
        );
        let facts = Facts {
            diagnostic: Some("550 5.1.1 <a@corp-001.example>: user unknown".into()),
            remote_mta: Some("mx.corp-001.example".into()),
            ..Facts::default()
        };
        assert!(judge_facts(&facts, &Bounce::default()).is_none());
    }

    #[test]
    fn folded_phrases_match() {
        let v = verdict("550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. part of their  network is\n on our block list (S3140).");
        assert_eq!(v.remedy, Some(RemedyKind::OutlookDelistForm));
    }

    #[test]
    fn consumer_domains() {
        assert!(is_consumer_domain("hotmail.co.uk"));
        assert!(is_consumer_domain("outlook.de"));
        assert!(!is_consumer_domain("live.example.com"));
        assert!(!is_consumer_domain("contoso.example"));
    }

    #[test]
    fn host_checks_as_the_lower_casing_versions() {
        // The versions they replaced.
        let host_before = |host: &str| {
            let h = host.trim().trim_end_matches('.').to_ascii_lowercase();
            h.ends_with(".outlook.com")
                || h == "outlook.com"
                || h.ends_with(".hotmail.com")
                || h.ends_with(".protection.outlook.com")
                || h.ends_with(".microsoft.com")
                || h.ends_with(".office365.com")
                || h.ends_with(".msn.com")
                || h.ends_with(".live.com")
        };
        let domain_before = |domain: &str| {
            let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
            let Some((first, rest)) = d.split_once('.') else {
                return false;
            };
            let public_suffix_like =
                rest.split('.').count() <= 2 && rest.split('.').all(|l| (2..=3).contains(&l.len()));
            matches!(
                first,
                "hotmail" | "outlook" | "live" | "msn" | "windowslive" | "passport" | "livemail"
            ) && public_suffix_like
        };
        let names = [
            "",
            ".",
            "outlook.com",
            "OUTLOOK.COM.",
            " Outlook.Com ",
            "xoutlook.com",
            "mx.outlook.com",
            "a.b.PROTECTION.outlook.com",
            "hotmail.com",
            "mx1.Hotmail.com.",
            "x.microsoft.com",
            "microsoft.com",
            "x.office365.com",
            "x.msn.com",
            "x.live.com",
            "live.com",
            "hotmail.co.uk",
            "Hotmail.Co.UK",
            "outlook.de",
            "live.example.com",
            "contoso.example",
            "msn.com",
            "msn.c",
            "msn.comm",
            "msn.co.uk.x",
            "msn..",
            "msn.",
            "windowslive.fr",
            "passport.net",
            "livemail.com.br",
            "livemail.com.brr",
            "é.live.com",
            "hotmail.éé",
            "outlook.co.u",
            "ms n.com",
        ];
        for n in names {
            assert_eq!(is_microsoft_host(n), host_before(n), "{n:?}");
            assert_eq!(is_consumer_domain(n), domain_before(n), "{n:?}");
        }
    }
}
