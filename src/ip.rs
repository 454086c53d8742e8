//! The sending side's outbound IP as the rejecting server saw it.
//!
//! Most authoritative first (research/microsoft.md §4c):
//! 1. the IP the rejecting server quoted in its reply (`messages from [IP]`, `banned sending IP
//!    [IP]`, `Client host [IP]`, `The mail server [IP]`, `Hello [IP]` in a transcript …);
//! 2. `CIP:` in the returned message's `X-Forefront-Antispam-Report` (Microsoft's record of the
//!    connecting IP);
//! 3. the sender's host in the first `Received` header written by Microsoft in the returned
//!    message (`Received: from our-host (IP) by XXXX.mail.protection.outlook.com`).
//!
//! Never the remote MX's IP that MTAs print (`host …[52.101.x.x]`, qmail's `Connected to`),
//! never Microsoft's own outbound ranges (they appear in every NDR's headers), never
//! `X-Originating-IP` (a webmail user's client) nor the sender's own Received lines.

use std::net::IpAddr;
use std::sync::LazyLock;

use memchr::memmem;

use crate::mail::Headers;
use crate::provider::microsoft::is_microsoft_host;
use crate::reason::Pairs;

/// Where an outbound IP came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Quoted in the rejecting server's reply.
    Quoted,
    /// `CIP:` of `X-Forefront-Antispam-Report`.
    Cip,
    /// The sender host in a Received header written by Microsoft.
    Received,
}

/// The IP the rejecting server quoted in `text` (its reply, or a transcript's greeting).
pub fn quoted(text: &str) -> Option<String> {
    QuotedIps::new(text)
        .find_map(valid)
        .or_else(|| google_bracket(text))
        .or_else(|| listed(text))
        .or_else(|| orange(text))
        .or_else(|| dnsbls(text))
        .or_else(|| client_restriction(text))
}

/// Postfix's client restrictions name the client as `<name[IP]>` before the verdict: "450
/// 4.7.1 <mail.example.com[192.0.2.1]>: Client host rejected: Please try again slower".
fn client_restriction(text: &str) -> Option<String> {
    let at = crate::find::find_ci(text, "]>: client host rejected")?;
    let open = text[..at].rfind('[')?;
    valid(&text[open + 1..at])
}

/// Refusals that name the client first: Cloudflare's "554 <192.0.2.1> found on one or more
/// DNSBLs (…)", Exim's "host.example [192.0.2.1]:41562 is not permitted to relay through this
/// server" and "192.0.2.1 is in a black list at …".
fn dnsbls(text: &str) -> Option<String> {
    [
        " found on one or more dnsbls",
        " found on one or more rbls",
        " is not permitted to ",
        // Exim's DNSBL ACL: "Rejected because 192.0.2.1 is in a black list at zen.spamhaus.org"
        " is in a black list",
        // cPanel's RBL ACL: "JunkMail rejected - host.example [192.0.2.1]:48812 is in an RBL"
        " is in an rbl",
        // SPF verdicts: Exim's ACL "550 SPF: 192.0.2.1 is not allowed to send mail from
        // example.com", chkuser's "550 5.1.0 192.0.2.1 is not allowed to send from <example.com>
        // per it's SPF Record"
        " is not allowed to send",
        // AT&T's "553 5.3.0 flpd575 DNSBL:RBL 521< 192.0.2.1 >_is_blocked."
        ">_is_blocked",
    ]
    .iter()
    .find_map(|phrase| {
        let at = crate::find::find_ci(text, phrase)?;
        let word = text[..at].trim_end().rsplit(' ').next()?;
        // (Without a port after the brackets: "[192.0.2.1]:41562".)
        let word = word.rsplit_once("]:").map_or(word, |(ip, _)| ip);
        valid(word.trim_matches(['<', '>', '[', ']']))
    })
}

/// Orange's replies end with their code and the client's IP: "… please try later. OFR006_103
/// 192.0.2.1 [103]".
fn orange(text: &str) -> Option<String> {
    text.match_indices("OFR").find_map(|(at, _)| {
        let mut words = text[at..].split_whitespace();
        let code = words.next()?;
        code[3..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'_')
            .then(|| words.next().and_then(valid))
            .flatten()
    })
}

/// A DNSBL refusal that names the client before "is listed": "Rejected: 192.0.2.1 is listed at
/// zen.spamhaus.org", "[2001:db8::1] is listed in …".
fn listed(text: &str) -> Option<String> {
    text.match_indices(" is listed").find_map(|(at, _)| {
        let word = text[..at].rsplit([' ', '(']).next()?;
        valid(word.trim_matches(['[', ']', '"', '\'']))
    })
}

/// Gmail's replies quote the client right after the status code, in brackets, with a padded
/// counter: "421-4.7.0 [198.51.100.144      15] Our system has detected …" (IPv6 too). Only in
/// replies signed "gsmtp".
fn google_bracket(text: &str) -> Option<String> {
    if !crate::find::contains(text, "gsmtp") {
        return None;
    }
    text.match_indices(" [").find_map(|(at, _)| {
        let inner = &text[at + 2..];
        let end = inner.find([' ', ']'])?;
        // The word before is a status code (`4.7.0`, `5.7.1`) — or the bracket holds the padded
        // counter after the IP ("… from your IP Netblock [198.51.100.146      27]").
        let before = text[..at].rsplit(' ').next()?;
        let before = before.rsplit('-').next()?;
        let after_status = crate::smtp::find_status(before).is_some_and(|s| s == before);
        let counted = || {
            let rest = &inner[end..];
            let digits = rest.trim_start_matches(' ');
            rest.starts_with(' ')
                && digits
                    .split(']')
                    .next()
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if !after_status && !counted() {
            return None;
        }
        valid(&inner[..end])
    })
}

/// Whether [`quoted`] may find an IP in a text whose [`crate::reason::squash_lower`] has the
/// byte pairs `pairs`: false when no phrase and no greeting can occur in it, so that a caller
/// with the pairs at hand need not copy and search the text.
pub(crate) fn may_quote(pairs: &Pairs) -> bool {
    IP_PHRASES.iter().any(|p| pairs.may_contain_squashed(p))
        || (pairs.may_contain_squashed("250") && pairs.may_contain_squashed("hello"))
        || pairs.may_contain_squashed("gsmtp")
        || pairs.may_contain_squashed(" is listed")
        || pairs.may_contain_squashed("ofr")
        || pairs.may_contain_squashed(" found on one or more dnsbls")
        || pairs.may_contain_squashed(" found on one or more rbls")
        || pairs.may_contain_squashed(" is not permitted to ")
        || pairs.may_contain_squashed(" is in a black list")
        || pairs.may_contain_squashed(" is in an rbl")
        || pairs.may_contain_squashed(" is not allowed to send")
        || pairs.may_contain_squashed(">_is_blocked")
}

/// The phrases after which a rejecting server quotes the client's IP (ASCII lower case, matched
/// ignoring ASCII case). `250[ -]<host> hello` (a transcript's greeting) is the other one.
const IP_PHRASES: &[&str] = &[
    "messages from",
    "banned sending ip",
    "banned sender",
    "client host",
    "the mail server",
    "try again later from",
    "sending ipv6 address",
    "sent over ipv6",
    "mismatches client ip",
    "access denied,",
    // T-Online's "554 IP=192.0.2.1 - A problem occurred", NetEase's and GMX's help links
    // ("…?ip=192.0.2.1&…")
    "ip=",
    // SPF verdicts: RFC 7208's "… does not designate 192.0.2.1 as permitted sender" (Gmail's
    // "SPF [example.com] with ip: [192.0.2.1]" is " ip:" below)
    "does not designate",
    // "Fix reverse DNS for 192.0.2.1" (AT&T, and a common milter's text)
    "reverse dns for",
    // web.de's and GMX's explanation links: "…/case?c=r0701&i=ip&v=192.0.2.1&r=…"
    "i=ip&v=",
    // Tencent's "550 Ip frequency limited … Blocked IP 192.0.2.1"
    "blocked ip",
    // Google Workspace's SMTP relay: "550-5.7.1 Invalid credentials for relay [192.0.2.1]."
    "credentials for relay",
    // QQ's "550 Mail is rejected by recipients [… IP: 192.0.2.1]", Gmail's SPF verdict
    // "… with ip: [192.0.2.1]"
    " ip:",
    // Cox's "421 cmsmtp Too many sessions from 192.0.2.1", Spectrum's "Connection from IPv6
    // address [2001:db8::1] refused"
    "sessions from",
    "connections from",
    "from ipv6 address",
    "from ip address",
    // Postfix's reject_unknown_client_hostname: "Client host rejected: cannot find your
    // hostname, [192.0.2.1]"
    "find your hostname,",
    "find your reverse hostname,",
    // Alibaba Mail's "… at DATA State(Connection IP address:192.0.2.1)…", Free's "421 Too many
    // spams from your IP (192.0.2.1)", Spamhaus's lookup link a refusal quotes
    // ("… see https://www.spamhaus.org/query/ip/192.0.2.1")
    "connection ip address:",
    "from your ip (",
    "spamhaus.org/query/ip/",
    // DSBL-era DNSBL refusals: "550 5.7.1 Mail from 192.0.2.1 refused - see http://dsbl.org/"
    "mail from",
    // Sendmail's relay check: "550 5.7.1 <a@b>... Relaying denied. IP name lookup failed
    // [192.0.2.1]"
    "ip name lookup failed",
];

/// The IP-looking strings quoted after an [`IP_PHRASES`] phrase or a `250` greeting, in order:
/// the captures of the regex
/// `(?i)(?:PHRASES|250[ -][^\s]+ hello)\s*\[?([0-9A-Fa-f:.]{3,45})\]?` (leftmost-first,
/// non-overlapping; `\s` is ASCII), scanned by hand because the regex dominated the cost of
/// every reply. No two alternatives can match at the same offset, and the tail after a phrase
/// has one way to match (white space and `[` are not IP characters), so a match is: the
/// leftmost phrase occurrence whose tail holds 3+ IP characters.
struct QuotedIps<'a> {
    text: &'a str,
    /// `text` in ASCII lower case (same offsets), searched with prebuilt searchers: cheaper
    /// than an ASCII-case-insensitive search per phrase, whose first letters are common.
    lower: Vec<u8>,
    /// Where the next match may start (the end of the last one).
    pos: usize,
    /// Per alternative (the phrases, then the greeting): its first occurrence at or after
    /// `pos` as (start, end) (refreshed when `pos` passes its start), `None` when there is none.
    next: [Option<(usize, usize)>; IP_PHRASES.len() + 1],
}

impl<'a> QuotedIps<'a> {
    fn new(text: &'a str) -> Self {
        let mut ips = QuotedIps {
            text,
            lower: text.as_bytes().to_ascii_lowercase(),
            pos: 0,
            next: [None; IP_PHRASES.len() + 1],
        };
        for k in 0..ips.next.len() {
            ips.next[k] = ips.occurrence(k, 0);
        }
        ips
    }

    /// The first occurrence of alternative `k` starting at or after `from`.
    fn occurrence(&self, k: usize, from: usize) -> Option<(usize, usize)> {
        static PHRASES: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
            IP_PHRASES
                .iter()
                .map(|p| memmem::Finder::new(p.as_bytes()))
                .collect()
        });
        let rest = &self.lower[from..];
        match PHRASES.get(k) {
            Some(phrase) => phrase
                .find(rest)
                .map(|i| (from + i, from + i + phrase.needle().len())),
            None => greeting(rest).map(|(s, e)| (from + s, from + e)),
        }
    }
}

impl<'a> Iterator for QuotedIps<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            for k in 0..self.next.len() {
                if self.next[k].is_some_and(|(start, _)| start < self.pos) {
                    self.next[k] = self.occurrence(k, self.pos);
                }
            }
            let (start, end) = self.next.iter().flatten().min().copied()?;
            match ip_tail(&self.lower, end) {
                Some((ip, match_end)) => {
                    self.pos = match_end;
                    return Some(&self.text[ip]);
                }
                // No IP after this phrase: the search goes on from the next offset.
                None => self.pos = start + 1,
            }
        }
    }
}

/// `\s` of regex-lite: ASCII white space including vertical tab (unlike
/// `u8::is_ascii_whitespace`).
fn is_regex_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// The first `250[ -][^\s]+ hello` (case-insensitive) in `b`, as (start, end).
fn greeting(b: &[u8]) -> Option<(usize, usize)> {
    // (Built once: `memmem::find` builds a searcher per call, here per occurrence.)
    static REPLY_250: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(b"250"));
    let mut from = 0;
    loop {
        let at = from + REPLY_250.find(&b[from..])?;
        from = at + 1;
        if !matches!(b.get(at + 3), Some(b' ' | b'-')) {
            continue;
        }
        // `[^\s]+` cannot hold the space before `hello`, so it is the whole non-space run.
        let host = at + 4;
        let host_end = b[host..]
            .iter()
            .position(|&c| is_regex_space(c))
            .map_or(b.len(), |n| host + n);
        let hello = b.get(host_end..host_end + 6);
        if host_end > host && hello.is_some_and(|h| h.eq_ignore_ascii_case(b" hello")) {
            return Some((at, host_end + 6));
        }
    }
}

/// The `\s*\[?([0-9A-Fa-f:.]{3,45})\]?` after a phrase ending at `at`: the capture's range and
/// the match's end.
fn ip_tail(b: &[u8], at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let mut i = at + b[at..].iter().take_while(|&&c| is_regex_space(c)).count();
    if b.get(i) == Some(&b'[') {
        i += 1;
    }
    let run = b[i..]
        .iter()
        .take(45)
        .take_while(|&&c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        .count();
    if run < 3 {
        return None;
    }
    let end = i + run;
    let match_end = if b.get(end) == Some(&b']') {
        end + 1
    } else {
        end
    };
    Some((i..end, match_end))
}

/// `CIP:` in the returned message's `X-Forefront-Antispam-Report`.
pub fn cip(headers: &Headers) -> Option<String> {
    // (In field order, as one pass over both names would.)
    headers
        .fields_named(&[
            "x-forefront-antispam-report",
            "x-forefront-antispam-report-untrusted",
        ])
        .find_map(|v| {
            v.split(';').find_map(|f| {
                f.trim()
                    .strip_prefix("CIP:")
                    .and_then(|ip| valid(ip.trim()))
            })
        })
        .filter(|ip| !is_microsoft_ip(ip) && ip != "255.255.255.255")
}

/// The sender host's IP in the first Received header written by a Microsoft host whose
/// from-host is not Microsoft's. `received` are the header values, top (newest) first.
pub fn from_received<'a>(received: impl IntoIterator<Item = &'a str>) -> Option<String> {
    received.into_iter().find_map(|r| {
        let (from, by) = split_received(r)?;
        if !is_microsoft_host(by) {
            return None;
        }
        let from_host = from.split_whitespace().next().unwrap_or("");
        if is_microsoft_host(from_host) {
            return None;
        }
        ips_in(&from)
            .into_iter()
            .find(|ip| !is_microsoft_ip(ip) && !is_private(ip))
    })
}

/// Received header values found in pasted text (NDR text copied from a webmail UI, where the
/// header lines are broken anywhere): each `Received: from` up to the next header-looking line.
pub fn received_in_text(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in crate::input::lines(text) {
        let t = crate::mail::trim(line);
        if let Some(rest) = t.strip_prefix("Received:") {
            if let Some(c) = current.take() {
                out.push(c);
            }
            current = Some(crate::mail::trim(rest).to_string());
            continue;
        }
        // (Only asked inside a Received value; the name's bytes exclude a space.)
        let header_like = || {
            memchr::memchr(b':', t.as_bytes()).is_some_and(|colon| {
                let n = &t.as_bytes()[..colon];
                !n.is_empty() && n.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
            }) && !t.starts_with("by ")
        };
        if let Some(c) = current.as_mut() {
            if t.is_empty() || header_like() {
                out.push(current.take().unwrap());
            } else {
                c.push(' ');
                c.push_str(t);
            }
        }
    }
    out.extend(current);
    out
}

/// The `from …` and `by …` host parts of a Received value: with the value's white space runs
/// made single spaces, what lies between a leading `from ` and the first ` by `, and the word
/// after that (without a trailing `;`).
fn split_received(value: &str) -> Option<(String, &str)> {
    let mut words = value.split_whitespace();
    if words.next()? != "from" {
        return None;
    }
    // (Sized once: growing it word by word reallocated several times per header.)
    let mut from = String::with_capacity(value.len());
    while let Some(word) = words.next() {
        // ` by ` needs a word on each side.
        if word == "by" && !from.is_empty() {
            return Some((from, words.next()?.trim_end_matches(';')));
        }
        if !from.is_empty() {
            from.push(' ');
        }
        from.push_str(word);
    }
    None
}

/// Every IP literal in a Received `from` part: `(1.2.3.4)`, `[1.2.3.4]`, `(host [1.2.3.4])`,
/// and qmail's `(user@1.2.3.4)` (the ident or SMTP AUTH name before the client's address).
fn ips_in(text: &str) -> Vec<String> {
    text.split(['(', ')', '[', ']', ' ', ','])
        .filter_map(|mut t| {
            if let Some((_, after)) = t.rsplit_once('@') {
                t = after;
            }
            // (`trim_start_matches` with a string builds a substring searcher per call.)
            while let Some(rest) = t.strip_prefix("IPv6:") {
                t = rest;
            }
            valid(t)
        })
        .collect()
}

/// Every public, non-Microsoft IP in the returned message's Received headers (the sender's own
/// hops included) — for the "IP differs from Received" warning.
pub fn all_in_received<'a>(received: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in received {
        let from = split_received(r).map(|(f, _)| f).unwrap_or_default();
        for ip in ips_in(&from) {
            if !is_microsoft_ip(&ip) && !is_private(&ip) && !out.contains(&ip) {
                out.push(ip);
            }
        }
    }
    out
}

/// A syntactically valid IP (v4 or v6), normalised.
pub fn valid(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['.', ',', ';', ':']);
    // An IP literal is hex digits, ':' and '.' only: most words are rejected here unparsed.
    let (mut dots, mut colons) = (0, 0);
    for b in t.bytes() {
        match b {
            b'.' => dots += 1,
            b':' => colons += 1,
            b if b.is_ascii_hexdigit() => {}
            _ => return None,
        }
    }
    if dots == 0 && colons < 2 {
        return None;
    }
    t.parse::<IpAddr>().ok().map(|ip| ip.to_string())
}

/// Whether `ip` is IPv6.
pub fn is_v6(ip: &str) -> bool {
    ip.contains(':')
}

/// Microsoft's own mail ranges (EOP/Outlook.com outbound and MX): 40.92.0.0/15,
/// 40.107.0.0/16, 52.96.0.0/12 (52.100–52.103 included), 104.47.0.0/16, 65.52.0.0/14,
/// 157.55.0.0/16, 207.46.0.0/16, 213.199.128.0/18, 23.103.0.0/16, 2a01:111::/32,
/// 2603:1000::/24 (2603:10a6, 2603:10b6 …); and 40.95.0.0/16, the relay pool Exchange Online
/// forwards through when neither SPF nor DKIM passed on the way in ("all Relay Pool IPs will be
/// in the 40.95.0.0/16 range", message center MC266466, 2021).
pub fn is_microsoft_ip(ip: &str) -> bool {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let o = v4.octets();
            matches!(
                (o[0], o[1]),
                (40, 92)
                    | (40, 93)
                    | (40, 95)
                    | (40, 107)
                    | (104, 47)
                    | (157, 55)
                    | (207, 46)
                    | (23, 103)
            ) || (o[0] == 52 && (96..=111).contains(&o[1]))
                || (o[0] == 65 && (52..=55).contains(&o[1]))
                || (o[0] == 213 && o[1] == 199 && o[2] >= 128 && o[2] < 192)
        }
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            (s[0] == 0x2a01 && s[1] == 0x0111) || (s[0] == 0x2603 && (s[1] >> 8) == 0x10)
        }
        Err(_) => false,
    }
}

/// Loopback, RFC 1918, link-local, unique-local: never an outbound IP on the Internet.
pub fn is_private(ip: &str) -> bool {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified()
        }
        Ok(IpAddr::V6(v6)) => {
            let s0 = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (s0 & 0xfe00) == 0xfc00
                || (s0 & 0xffc0) == 0xfe80
        }
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_quotes_the_client_after_the_status() {
        let v4 = "421-4.7.0 [198.51.100.144      15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. - gsmtp";
        assert_eq!(quoted(v4).as_deref(), Some("198.51.100.144"));
        let v6 = "550-5.7.1 [2001:db8:4a1:20::25] The IP address sending this message does not have a PTR record setup - gsmtp";
        assert_eq!(quoted(v6).as_deref(), Some("2001:db8:4a1:20::25"));
        // Not Google's reply, or no status right before the bracket: no quote.
        assert_eq!(quoted("550 5.7.1 [198.51.100.144 15] rejected"), None);
        assert_eq!(quoted("see [198.51.100.144] - gsmtp"), None);
        assert_eq!(
            quoted("550-5.7.1 Rejected: 2001:db8:c0f::40 is listed at zen.spamhaus.org").as_deref(),
            Some("2001:db8:c0f::40")
        );
        assert_eq!(
            quoted("421 mwinf5c32 ME Service refused. OFR006_103 198.51.100.99 [103]").as_deref(),
            Some("198.51.100.99")
        );
        assert_eq!(
            quoted("550 5.7.23 example.com does not designate 203.0.113.77 as permitted sender")
                .as_deref(),
            Some("203.0.113.77")
        );
        assert!(may_quote(&Pairs::of(&crate::reason::squash_lower(v4))));
    }

    #[test]
    fn may_quote_where_quoted_finds() {
        let mut pieces: Vec<&str> = IP_PHRASES.to_vec();
        pieces.extend([
            "Messages FROM",
            "[203.0.113.9]",
            "2001:db8::1",
            "250-mx.example.org",
            "250",
            "Hello",
            "hello",
            "abc",
            "1.2.3.4",
            "[",
            "]",
            "Client Host",
            "x",
        ]);
        let mut found = 0;
        for t in crate::reason::tests::random_texts(&pieces, 20_000) {
            if quoted(&t).is_some() {
                found += 1;
                let pairs = Pairs::of(&crate::reason::squash_lower(&t));
                assert!(may_quote(&pairs), "{t:?}");
            }
        }
        assert!(found > 1_000, "{found}");
        assert!(!may_quote(&Pairs::of("550 5.7.1 rejected")));
    }

    #[test]
    fn quoted_patterns() {
        assert_eq!(
            quoted("Unfortunately, messages from [203.0.113.17] weren't sent").as_deref(),
            Some("203.0.113.17")
        );
        assert_eq!(
            quoted("550 SC-001 (BAY004) Unfortunately, messages from 198.51.100.131 weren't sent")
                .as_deref(),
            Some("198.51.100.131")
        );
        assert_eq!(
            quoted("Access denied, banned sender[192.0.2.113]. To request").as_deref(),
            Some("192.0.2.113")
        );
        assert_eq!(
            quoted("the sending IPv6 address [2001:db8:4f2a:1c::25] must have").as_deref(),
            Some("2001:db8:4f2a:1c::25")
        );
        assert_eq!(
            quoted("<-  250-BL6PEPF0001AB53.mail.protection.outlook.com Hello [192.0.2.27]")
                .as_deref(),
            Some("192.0.2.27")
        );
        assert_eq!(quoted("host mx[52.101.1.1] said: 550 5.1.1 unknown"), None);
        // Alibaba Mail, Free, a quoted Spamhaus lookup link.
        for (text, ip) in [
            ("554 Reject by behaviour spam at DATA State(Connection IP address:203.0.113.19)ANTISPAM", "203.0.113.19"),
            ("421 Too many spams from your IP (203.0.113.66), please visit", "203.0.113.66"),
            ("554 5.7.1 see http://www.spamhaus.org/query/ip/203.0.113.90 AUP#In-1240", "203.0.113.90"),
        ] {
            assert_eq!(quoted(text).as_deref(), Some(ip), "{text}");
        }
    }

    /// The regex `QuotedIps` replaced.
    fn quoted_by_regex(text: &str) -> Vec<&str> {
        let re = regex_lite::Regex::new(
            r"(?i)(?:messages from|banned sending ip|banned sender|client host|the mail server|try again later from|sending ipv6 address|sent over ipv6|mismatches client ip|access denied,|250[ -][^\s]+ hello)\s*\[?([0-9A-Fa-f:.]{3,45})\]?",
        )
        .unwrap();
        re.captures_iter(text)
            .map(|c| c.get(1).unwrap().as_str())
            .collect()
    }

    #[test]
    fn quoted_scanner_matches_the_regex() {
        let tricky = [
            "",
            "messages from",
            "messages from 1.2",
            "MESSAGES FROM [203.0.113.17] weren't sent",
            "Messages From\t\x0b\x0c\r\n [1.2.3.4]]",
            "messages from  [ 1.2.3.4]",
            "messages from [[1.2.3.4]",
            "messages from 250-x hello 9.9.9.9",
            "messages from messages from 1.2.3.4",
            "banned sender banned sending ip 1.1.1.1 banned sending IP [2.2.2.2]",
            "client host client host [5.6.7.8] client host 9.9.9.9",
            "<- 250-mx.example Hello [192.0.2.27]",
            "250 Hello [192.0.2.27]",
            "250  x hello 1.2.3.4",
            "250-a b hello 1.2.3.4",
            "250-é€ HELLO 1.2.3.4 then 250 y hello [::ffff:1.2.3.4]",
            "2250-x hello 1.2.3.4 250-250- hello 4.3.2.1",
            "250-x\thello 1.2.3.4 250-x  hello 1.2.3.4 250-x hello",
            "the mail server 0123456789abcdef0123456789abcdef0123456789abcdef012 more",
            "the mail server abc. access denied,fe80::1%eth0",
            "try again later from:1.2.3.4 sent over ipv6 2001:db8::1 mismatches client ip ::",
            "ſent over ipv6 2001:db8::1 \u{212a} client host 1.2.3.4",
            "sending ipv6 address[2001:db8:4f2a:1c::25]. access denied, 10.0.0.1",
        ];
        for text in tricky {
            assert_eq!(
                QuotedIps::new(text).collect::<Vec<_>>(),
                quoted_by_regex(text),
                "{text:?}"
            );
        }
        // Random texts built from the pieces the two could disagree on.
        const PIECES: &[&str] = &[
            "messages from",
            "Client Host",
            "banned send",
            "banned sender",
            "250",
            "-",
            " ",
            "  ",
            "\t",
            "\x0b",
            "\n",
            "[",
            "]",
            "1.2.3.4",
            "2001:db8::",
            "ab",
            "ff:",
            ".",
            "9",
            "x",
            "hello",
            " HeLLo",
            "é",
            ",",
            "access denied,",
            "the mail server",
            "sent over ipv6",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            assert_eq!(
                QuotedIps::new(&text).collect::<Vec<_>>(),
                quoted_by_regex(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn split_received_like_joining_words() {
        // What it replaced: join the words, then split the string.
        fn reference(value: &str) -> Option<(String, String)> {
            let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
            let rest = v.strip_prefix("from ")?;
            let (from, after) = rest.split_once(" by ")?;
            let by = after.split_whitespace().next()?.trim_end_matches(';');
            Some((from.to_string(), by.to_string()))
        }
        for value in [
            "",
            "from",
            "from by x",
            "from a by",
            "from a by by x",
            " from\ta\n\tb  by\u{3000}c;; with x",
            "From a by b",
            "from a (b [1.2.3.4]) by mx.example; Mon",
            "from a byb by c",
            "from a by ;",
            "fromx a by b",
            "by x from a by b",
        ] {
            assert_eq!(
                split_received(value).map(|(f, b)| (f, b.to_string())),
                reference(value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn received_by_microsoft() {
        let r = [
            "from CY4PEPF0000EE3A.namprd03.prod.outlook.com (2603:10b6:930:8e::21) by SA1PR03MB6672.namprd03.prod.outlook.com (2603:10b6:806:1c4::9) with Microsoft SMTP Server",
            "from mx2.helpdesk.example.com (198.51.100.110) by CY4PEPF0000EE3A.mail.protection.outlook.com (10.167.242.38) with Microsoft SMTP Server",
            "from ticket.helpdesk.example.com (localhost [127.0.0.1]) by mx2.helpdesk.example.com (Postfix)",
        ];
        assert_eq!(from_received(r).as_deref(), Some("198.51.100.110"));
    }

    #[test]
    fn valid_and_ips_in_like_before() {
        // What they replaced: parse whatever has a dot or two colons.
        fn valid_reference(text: &str) -> Option<String> {
            let t = text.trim().trim_end_matches(['.', ',', ';', ':']);
            if !t.contains('.') && t.matches(':').count() < 2 {
                return None;
            }
            t.parse::<IpAddr>().ok().map(|ip| ip.to_string())
        }
        let tokens = [
            "",
            "1.2.3.4",
            " 1.2.3.4.;",
            "::1",
            "::",
            "::ffff:1.2.3.4",
            "2001:DB8::1:",
            "1.2.3",
            "1.2.3.4:25",
            "[1.2.3.4]",
            "fe80::1%eth0",
            "a.b",
            "abc",
            "ab:cd",
            "ab:cd:ef",
            "+1.2.3.4",
            "01.2.3.4",
            "1.2.3.4\u{a0}",
            "\u{3000}10.0.0.1",
            "١.٢.٣.٤",
            "IPv6:::1",
            "1..2.3",
        ];
        for t in tokens {
            assert_eq!(valid(t), valid_reference(t), "{t:?}");
        }
        let text = "host (IPv6:IPv6:2001:db8::5) [192.0.2.1], x.example (IPv6:fe80::1%x) 1.2.3.4";
        let reference: Vec<String> = text
            .split(['(', ')', '[', ']', ' ', ','])
            .filter_map(|t| valid_reference(t.trim_start_matches("IPv6:")))
            .collect();
        assert_eq!(ips_in(text), reference);
    }

    #[test]
    fn ranges() {
        assert!(is_microsoft_ip("40.107.5.72"));
        assert!(is_microsoft_ip("52.101.73.17"));
        assert!(is_microsoft_ip("2a01:111:f403:c90c::3"));
        assert!(is_microsoft_ip("2603:10b6:930:8e::21"));
        assert!(!is_microsoft_ip("203.0.113.45"));
        assert!(!is_microsoft_ip("2001:db8::25"));
    }
}
