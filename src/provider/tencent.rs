//! Tencent QQ Mail (qq.com). Table ported from Sisimai (go-sisimai `rhost/for-tencent.go`,
//! BSD-2-Clause); each phrase has a page under https://service.mail.qq.com/detail/122

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "qq",
    hosts: &[".qq.com"],
    reason,
    support_url: Some("https://service.mail.qq.com/detail/122"),
    source: "https://service.mail.qq.com/detail/122",
};

#[rustfmt::skip]
const ROWS: &[Row] = &[
    Row { reason: Reason::Authfailure, phrase: "spf check failed" }, // https://service.mail.qq.com/detail/122/72
    Row { reason: Reason::Authfailure, phrase: "dmarc check failed" },
    Row { reason: Reason::Blocked, phrase: "suspected bounce attacks" }, // .../detail/122/57
    Row { reason: Reason::Blocked, phrase: "suspected spam ip" }, // .../detail/122/66
    Row { reason: Reason::Blocked, phrase: "connection denied" }, // .../detail/122/170
    Row { reason: Reason::Mesgtoobig, phrase: "message too large" }, // .../detail/122/168
    Row { reason: Reason::Rejected, phrase: "suspected spam" }, // .../detail/122/71
    Row { reason: Reason::Rejected, phrase: "mail is rejected by recipients" }, // .../detail/122/92
    Row { reason: Reason::Spamdetected, phrase: "spam is embedded in the email" }, // .../detail/122/59
    Row { reason: Reason::Spamdetected, phrase: "mail content denied" }, // .../detail/122/171
    Row { reason: Reason::Speeding, phrase: "mailbox unavailable or access denined" }, // .../detail/122/166
    Row { reason: Reason::Speeding, phrase: "frequency of receiving messages is limited" }, // .../122/1011
    // http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742
    Row { reason: Reason::Suspend, phrase: "is a deactivated mailbox" },
    Row { reason: Reason::Syntaxerror, phrase: "bad address syntax" }, // .../detail/122/167
    Row { reason: Reason::Toomanyconn, phrase: "ip frequency limited" }, // .../detail/122/172
    Row { reason: Reason::Toomanyconn, phrase: "domain frequency limited" }, // .../detail/122/173
    Row { reason: Reason::Toomanyconn, phrase: "sender frequency limited" }, // .../detail/122/174
    Row { reason: Reason::Toomanyconn, phrase: "connection frequency limited" }, // .../detail/122/175
    Row { reason: Reason::Userunknown, phrase: "mailbox not found" }, // .../detail/122/169
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    first_row(ROWS, &text_of(facts))
}
