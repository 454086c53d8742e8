//! Cloudflare Email Routing. Table ported from Sisimai (go-sisimai `rhost/for-cloudflare.go`,
//! BSD-2-Clause); Cloudflare's page: https://developers.cloudflare.com/email-routing/postmaster/

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "cloudflare",
    hosts: &[".mx.cloudflare.net"],
    reason,
    support_url: Some("https://developers.cloudflare.com/email-routing/postmaster/"),
    source: "https://developers.cloudflare.com/email-routing/postmaster/",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 554 <192.0.2.1> found on one or more DNSBLs, see https://developers.cloudflare.com/...
    Row { reason: Reason::Blocked, phrase: "found on one or more dnsbls" },
    // The current wording: "554 <192.0.2.1> found on one or more RBLs (abusixip). Refer to
    // https://developers.cloudflare.com/email-routing/postmaster/#realtime-block-lists"
    Row { reason: Reason::Blocked, phrase: "found on one or more rbls" },
    // 451 Upstream error ...
    Row { reason: Reason::Systemerror, phrase: "upstream error" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
