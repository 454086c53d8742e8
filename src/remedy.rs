//! The remedy vocabulary and the selection of concrete next steps for a report.

use serde::{Deserialize, Serialize};

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
        R::Userunknown | R::Hostunknown | R::Hasmoved | R::Suspend | R::Notaccept => RemedyKind::FixRecipient,
        R::Mailboxfull | R::Vacation => RemedyKind::ContactRecipient,
        R::Authfailure => RemedyKind::FixAuthentication,
        R::Requireptr => RemedyKind::FixDns,
        R::Mesgtoobig | R::Emailtoolarge | R::Exceedlimit | R::Contenterror | R::Notcompliantrfc
        | R::Virusdetected | R::Spamdetected => RemedyKind::FixMessage,
        R::Speeding | R::Toomanyconn | R::Ratelimited | R::Expired | R::Networkerror | R::Systemerror
        | R::Systemfull => RemedyKind::WaitAndRetry,
        R::Delivered | R::Feedback => RemedyKind::None,
        _ => RemedyKind::Investigate,
    }
}
