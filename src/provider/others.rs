//! Providers we recognise by name but hold no code table for yet (their bounces are read by the
//! generic classifier): the recipient's domain or the remote host tells who refused the mail.

use crate::facts::Facts;

/// (host or domain suffix, provider id).
#[rustfmt::skip]
const KNOWN: &[(&str, &str)] = &[
    ("gmail.com", "gmail"),
    ("googlemail.com", "gmail"),
    ("google.com", "gmail"),
    ("yahoo.com", "yahoo"),
    ("yahoo.co.jp", "yahoo.co.jp"),
    ("ymail.com", "yahoo"),
    ("aol.com", "aol"),
    ("icloud.com", "apple"),
    ("me.com", "apple"),
    ("mac.com", "apple"),
    ("yandex.ru", "yandex"),
    ("yandex.net", "yandex"),
    ("yandex.com", "yandex"),
    ("mail.ru", "mail.ru"),
    ("gmx.net", "gmx"),
    ("gmx.de", "gmx"),
    ("gmx.com", "gmx"),
    ("web.de", "web.de"),
    ("1and1.com", "ionos"),
    ("ionos.com", "ionos"),
    ("kundenserver.de", "ionos"),
    ("zoho.com", "zoho"),
    ("amazonses.com", "amazon_ses"),
    ("awsapps.com", "amazon_workmail"),
    ("sendgrid.net", "sendgrid"),
    ("qq.com", "qq"),
    ("163.com", "netease"),
    ("126.com", "netease"),
    ("naver.com", "naver"),
    ("comcast.net", "comcast"),
    ("verizon.net", "verizon"),
    ("att.net", "att"),
    ("t-online.de", "t-online"),
    ("orange.fr", "orange"),
    ("free.fr", "free"),
    ("docomo.ne.jp", "docomo"),
    ("ezweb.ne.jp", "kddi"),
    ("au.com", "kddi"),
    ("biglobe.ne.jp", "biglobe"),
    ("protonmail.ch", "proton"),
    ("proton.me", "proton"),
    ("fastmail.com", "fastmail"),
];

/// A provider id for the remote host or, failing that, the recipient's domain.
pub fn identify(facts: &Facts) -> Option<&'static str> {
    let host = facts
        .remote_mta
        .as_deref()
        .map(super::clean_host)
        .filter(|h| !h.is_empty());
    let domain = facts
        .recipient
        .as_deref()
        .and_then(|r| r.rsplit_once('@'))
        .map(|(_, d)| d.trim().trim_end_matches(['>', '.']).to_ascii_lowercase());
    [host, domain].into_iter().flatten().find_map(|h| {
        let last = h.as_bytes().last().copied();
        KNOWN_LAST
            .iter()
            .zip(KNOWN)
            // `h` is `s` or ends with `.s` (the last bytes first, from one small array: most
            // rows end otherwise, and are not read).
            .find(|&(&l, (s, _))| {
                Some(l) == last
                    && h.strip_suffix(s)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
            })
            .map(|(_, &(_, id))| id)
    })
}

/// The last byte of each [`KNOWN`] suffix (none is empty). Compiled data.
static KNOWN_LAST: [u8; KNOWN.len()] = {
    let mut out = [0; KNOWN.len()];
    let mut i = 0;
    while i < KNOWN.len() {
        let Some(&last) = KNOWN[i].0.as_bytes().last() else {
            panic!("an empty suffix");
        };
        out[i] = last;
        i += 1;
    }
    out
};
