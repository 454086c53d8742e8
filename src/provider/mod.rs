//! Rejecting providers: who refused the mail (from the remote host, the reporting MTA, the
//! recipient domain and the text) and each provider's own table of codes and phrases.
//! One file per provider; a new documented code is one row in its table.

pub mod microsoft;

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
}

/// Ask every provider table about `facts`; the first that recognises it answers.
pub fn judge(facts: &Facts, bounce: &Bounce) -> Verdict {
    microsoft::judge(facts, bounce).unwrap_or_default()
}
