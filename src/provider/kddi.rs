//! KDDI au (ezweb.ne.jp, au.com). Table ported from Sisimai (go-sisimai `rhost/for-kddi.go`,
//! BSD-2-Clause); https://www.au.com/support/service/internet/trouble/mail/01/

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "kddi",
    hosts: &[".ezweb.ne.jp", "msmx.au.com"],
    reason,
    support_url: Some("https://www.au.com/support/service/internet/trouble/mail/01/"),
    source: "https://www.au.com/support/service/internet/trouble/mail/01/",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // The response was: 550 : User unknown  (the recipient's filter refused the sender)
    Row { reason: Reason::Filtered, phrase: "550 : user unknown" },
    // The response was: 550 <...>: User unknown
    Row { reason: Reason::Userunknown, phrase: ">: user unknown" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
