//! Microsoft: Outlook.com consumer (OLC: Hotmail, Outlook.com, Live, MSN) and Exchange Online /
//! EOP (Microsoft 365 tenants). Facts and sources: research/microsoft.md §4.
//!
//! "AS…" codes (AS3150, AS16012609) are Microsoft anti-spam codes, not autonomous-system numbers.

use crate::facts::{Bounce, Facts};
use crate::provider::Verdict;
use crate::reason::Reason;
use crate::remedy::RemedyKind;

/// The Microsoft verdict for a record, or `None` when Microsoft did not reject it.
pub fn judge(facts: &Facts, _bounce: &Bounce) -> Option<Verdict> {
    let text = facts.diagnostic.as_deref()?.to_ascii_lowercase();
    // 550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent. Please contact your
    // Internet service provider since part of their network is on our block list (S3150).
    // https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself
    if text.contains("part of their network is on our block list") {
        return Some(Verdict {
            provider: Some("outlook.com"),
            reason: Some(Reason::Blocked),
            remedy: Some(RemedyKind::OutlookDelistForm),
            title: Some("IP blocklisted"),
            ..Verdict::default()
        });
    }
    None
}
