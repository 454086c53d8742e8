//! Helpers the text formats share: addresses, the SMTP command a text names, the end of the
//! error part (where the returned message starts), filling `Facts` from an error text, and
//! [`Needles`], marker lists compiled once for the formats' searches.

use memchr::memmem;
#[cfg(test)]
use regex_lite::Regex;
use std::sync::LazyLock;
#[cfg(test)]
use std::sync::OnceLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::reason::Pairs;
use crate::smtp;

/// Needles searched for in many texts, each compiled once: `str::contains` and
/// `memmem::find` both build a searcher per call, which dominated the profile for the marker
/// lists the formats look for in every message. Keep one in a `static LazyLock`.
pub struct Needles {
    /// Each needle's searcher, and whether the needle is ASCII.
    finders: Vec<(memmem::Finder<'static>, bool)>,
    /// Every needle's byte pairs, rarest first ([`Pairs::plan`]), for
    /// [`Needles::any_in_body`]: all in one array (`plan_ends[i]` ends needle `i`'s), so that
    /// ruling needles out reads a few adjacent cache lines, not one allocation per needle.
    plans: Vec<u16>,
    plan_ends: Vec<u32>,
    /// Each needle's rarest pair (the first of its plan; `None` for a needle shorter than a
    /// pair), in one small array: most needles are ruled out by it alone, in a tight loop.
    rarest: Vec<Option<u16>>,
    /// Whether any needle is not ASCII (none of those can occur in ASCII text, most texts).
    some_not_ascii: bool,
}

impl Needles {
    pub fn new(needles: &[&'static str]) -> Needles {
        let plans: Vec<Vec<u16>> = needles.iter().map(|&n| Pairs::plan(&[n])).collect();
        Needles {
            finders: needles
                .iter()
                .map(|&n| (memmem::Finder::new(n.as_bytes()), n.is_ascii()))
                .collect(),
            plans: plans.concat(),
            rarest: plans.iter().map(|plan| plan.first().copied()).collect(),
            plan_ends: plans
                .iter()
                .scan(0, |end, plan| {
                    *end += u32::try_from(plan.len()).expect("a short needle");
                    Some(*end)
                })
                .collect(),
            some_not_ascii: needles.iter().any(|n| !n.is_ascii()),
        }
    }

    /// [`Needles::any_in`] for `hay` a part of `mail.body_lower`: the needles whose byte pairs
    /// the whole body lacks cannot occur in any part of it, and are not searched for (the
    /// format parsers all look for their markers in the same body: one pass for its pairs
    /// replaces a pass per needle and parser).
    pub fn any_in_body(&self, mail: &Mail, hay: &str) -> bool {
        self.possible(mail.body_pairs())
            .any(|i| self.finders[i].0.find(hay.as_bytes()).is_some())
    }

    /// The needles (their indexes, in list order) whose byte pairs all occur in `pairs`' text.
    fn possible<'a>(&'a self, pairs: &'a Pairs) -> impl Iterator<Item = usize> + 'a {
        self.rarest
            .iter()
            .enumerate()
            .filter(|&(_, rarest)| rarest.is_none_or(|bit| pairs.has(bit)))
            .filter(|&(i, _)| self.has_all_pairs(i, pairs))
            .map(|(i, _)| i)
    }

    /// Whether needle `i`'s byte pairs all occur in `pairs`' text (else it cannot occur).
    #[inline]
    fn may_occur(&self, i: usize, pairs: &Pairs) -> bool {
        self.rarest[i].is_none_or(|bit| pairs.has(bit)) && self.has_all_pairs(i, pairs)
    }

    /// [`Needles::may_occur`] without its first test, that of the rarest pair.
    #[inline]
    fn has_all_pairs(&self, i: usize, pairs: &Pairs) -> bool {
        let start = i.checked_sub(1).map_or(0, |p| self.plan_ends[p] as usize);
        pairs.has_all(&self.plans[start..self.plan_ends[i] as usize])
    }

    /// Each needle (its index, in list order) and its first offset in `hay`, if it occurs.
    fn finds<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = (usize, Option<usize>)> + 'h {
        let skip_not_ascii = self.some_not_ascii && hay.is_ascii();
        // A search costs about a hundred instructions however short the text, a pass for the
        // text's byte pairs a few per byte: for a short text and many needles, the pass rules
        // most of them out for less (a needle whose pairs the text lacks cannot occur in it).
        let pairs = (hay.len() < 80 * self.finders.len()).then(|| Pairs::of(hay));
        self.finders.iter().enumerate().map(move |(i, (f, ascii))| {
            let possible =
                (*ascii || !skip_not_ascii) && pairs.as_ref().is_none_or(|p| self.may_occur(i, p));
            (i, possible.then(|| f.find(hay.as_bytes())).flatten())
        })
    }

    /// Whether `hay` contains any of the needles.
    pub fn any_in(&self, hay: &str) -> bool {
        self.finds(hay).any(|(_, at)| at.is_some())
    }

    /// [`Needles::earliest_in`] for `hay` a part of `mail.body_lower`, the needles ruled out
    /// as in [`Needles::any_in_body`].
    pub fn earliest_in_body(&self, mail: &Mail, hay: &str) -> Option<usize> {
        self.possible(mail.body_pairs())
            .filter_map(|i| self.finders[i].0.find(hay.as_bytes()))
            .min()
    }

    /// Offset of the first occurrence of the first needle (in list order) that occurs.
    pub fn first_in(&self, hay: &str) -> Option<(usize, usize)> {
        self.each_in(hay).next()
    }

    /// Each needle that occurs in `hay` (its index, in list order) and its first offset.
    pub fn each_in<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = (usize, usize)> + 'h {
        self.finds(hay).filter_map(|(i, at)| at.map(|at| (i, at)))
    }

    /// Offset of the earliest occurrence of any needle.
    pub fn earliest_in(&self, hay: &str) -> Option<usize> {
        self.earliest_of(hay).map(|(_, at)| at)
    }

    /// The needle (its index) that occurs first in `hay` and where; on a tie, the earlier
    /// needle in the list.
    pub fn earliest_of(&self, hay: &str) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, at) in self.each_in(hay) {
            if best.is_none_or(|(_, b)| at < b) {
                best = Some((i, at));
            }
        }
        best
    }
}

/// What the hand-written [`address_at`] matches (kept to test it against).
#[cfg(test)]
fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[A-Za-z0-9][A-Za-z0-9._%+=/'&#!*?^`{|}~-]*@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+",
        )
        .unwrap()
    })
}

/// What the hand-written [`remote_host`] matches (kept to test it against).
#[cfg(test)]
fn host_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:host|server|mta|relay)[ :]+([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)\.?[ ,:]*[\[(]")
            .unwrap()
    })
}

/// A byte of an address's local part (`[A-Za-z0-9._%+=/'&#!*?^`{|}~-]`).
fn is_local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"._%+=/'&#!*?^`{|}~-".contains(&c)
}

/// A byte of a domain label (`[A-Za-z0-9_-]`).
fn is_domain_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The end of the dot-separated labels (at least two) starting at `p`, each a run of `label`
/// bytes, taken greedily: `label+(?:\.label+)+`.
fn labels_end(b: &[u8], p: usize, label: fn(u8) -> bool) -> Option<usize> {
    let run = |from: usize| b[from..].iter().take_while(|&&c| label(c)).count();
    let first = run(p);
    if first == 0 {
        return None;
    }
    let (mut end, mut dots) = (p + first, 0);
    while b.get(end) == Some(&b'.') {
        let n = run(end + 1);
        if n == 0 {
            break;
        }
        end += 1 + n;
        dots += 1;
    }
    (dots > 0).then_some(end)
}

/// The span of the first address in `text` at or after `from`, as `address_re()` finds it
/// (hand-written: the regex was a hot spot). `@` is in neither class, so a match is the
/// maximal local-part run before some `@` (from its first alphanumeric byte) and the maximal
/// labels after it; the leftmost match belongs to the first `@` that has both.
fn address_at(text: &str, from: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr(b'@', &b[at..]) {
        let a = at + i;
        let run = b[from..a]
            .iter()
            .rev()
            .take_while(|&&c| is_local_byte(c))
            .count();
        let start = (a - run..a).find(|&s| b[s].is_ascii_alphanumeric());
        if let (Some(start), Some(end)) = (start, labels_end(b, a + 1, is_domain_byte)) {
            return Some((start, end));
        }
        at = a + 1;
    }
    None
}

/// Every e-mail address in `text`, in order (trailing dots dropped).
pub fn addresses(text: &str) -> Vec<String> {
    let mut from = 0;
    std::iter::from_fn(|| {
        let (s, e) = address_at(text, from)?;
        from = e;
        Some(text[s..e].trim_end_matches(['.', '-']).to_string())
    })
    .take(64)
    .collect()
}

/// The first e-mail address in `text`.
pub fn first_address(text: &str) -> Option<String> {
    address_at(text, 0).map(|(s, e)| text[s..e].trim_end_matches(['.', '-']).to_string())
}

/// `text` is one address and nothing else, give or take `<>`, quotes, a trailing colon.
pub fn as_address(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_end_matches([':', ',', ';', '.'])
        .trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | ' '));
    let (s, e) = address_at(t, 0)?;
    (s == 0 && e == t.len()).then(|| t.to_string())
}

/// Whether `text` starts with `prefix` (lower case) ignoring ASCII case.
pub fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Addresses that are never a bounced recipient.
pub fn is_daemon(address: &str) -> bool {
    starts_with_ci(address, "mailer-daemon@") || starts_with_ci(address, "mailer_daemon@")
}

/// A mail system's own address rather than a person's: a mailer daemon, postmaster, or
/// Exchange's `MicrosoftExchange…@` NDR sender.
pub fn is_system_address(address: &str) -> bool {
    [
        "mailer-daemon",
        "mailer_daemon",
        "postmaster",
        "microsoftexchange",
    ]
    .iter()
    .any(|p| starts_with_ci(address, p))
}

/// A header line of a returned message as a bounce's text shows it ("From: …", "Subject: …").
pub fn is_header_line(t: &str) -> bool {
    [
        "received:",
        "from:",
        "to:",
        "subject:",
        "date:",
        "message-id:",
        "return-path:",
    ]
    .iter()
    .any(|h| starts_with_ci(t, h))
}

/// The remote host an error text names (`host mx.example.jp [192.0.2.1]`): the first match of
/// `host_re()`, hand-written (the regex was a hot spot). Every part after the keyword is
/// forced (each run is maximal, and a shorter one leaves a byte the next part cannot take), so
/// the first keyword whose tail fits wins.
pub fn remote_host(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // Every match ends in `[` or `(`.
    memchr::memchr2(b'[', b'(', b)?;
    const KEYWORDS: [&[u8]; 4] = [b"host", b"server", b"mta", b"relay"];
    (0..b.len()).find_map(|p| {
        // `| 0x20` lower-cases ASCII letters; only `H`/`h` become `h` and so on.
        if !matches!(b[p] | 0x20, b'h' | b's' | b'm' | b'r') {
            return None;
        }
        let keyword = KEYWORDS.iter().find(|k| {
            b[p..]
                .get(..k.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(k))
        })?;
        let gap = p + keyword.len();
        let start = gap
            + b[gap..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b':'))
                .count();
        if start == gap || !b.get(start).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let end = labels_end(b, start, |c| c.is_ascii_alphanumeric() || c == b'-')?;
        let mut q = end + usize::from(b.get(end) == Some(&b'.'));
        q += b[q..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b',' | b':'))
            .count();
        matches!(b.get(q), Some(b'[' | b'('))
            .then(|| text[start..end].trim_end_matches('.').to_string())
    })
}

/// Collapse runs of white space into one space and trim.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // Words found on bytes: `split_whitespace` decodes every character, a hot spot on the
        // long error texts; in ASCII its white space is these bytes.
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        // Copied in runs: a run ends only where the text's white space is not a single space
        // between words (most texts have a few such places), not at every word.
        let b = text.as_bytes();
        let mut i = b.iter().take_while(|&&c| space(c)).count();
        // The start of the run being copied (all of its white space single spaces).
        let mut run = i;
        while i < b.len() {
            if !space(b[i]) {
                i += 1;
                continue;
            }
            let end = i + b[i..].iter().take_while(|&&c| space(c)).count();
            if end == b.len() {
                // Trailing white space: dropped.
                break;
            }
            if end > i + 1 || b[i] != b' ' {
                out.push_str(&text[run..i]);
                out.push(' ');
                run = end;
            }
            i = end;
        }
        out.push_str(&text[run..i]);
        return out;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` is its own [`squash`]: ASCII (so its white space is the bytes `squash` reads),
/// with no white space but single spaces between words. Most diagnostics are squashed when
/// made; checking is cheaper than squashing them again.
pub fn is_squashed(text: &str) -> bool {
    // `prev` starts as a space so that a leading space counts as a run of two.
    let mut prev = b' ';
    for &c in text.as_bytes() {
        if !c.is_ascii() || matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            return false;
        }
        if c == b' ' && prev == b' ' {
            return false;
        }
        prev = c;
    }
    // No trailing space (and the empty text is left to `squash`).
    prev != b' '
}

/// The phrases of a `(phrase, value)` table, as the `const` array a [`Phrases`] takes.
macro_rules! phrases_of {
    ($table:expr) => {{
        let mut p = [""; $table.len()];
        let mut i = 0;
        while i < p.len() {
            p[i] = $table[i].0;
            i += 1;
        }
        p
    }};
}
pub(crate) use phrases_of;

/// A short list (at most 32) of lower-case ASCII phrases looked for ASCII-case-insensitively
/// in short texts (a diagnostic, a hundred bytes or two) in one pass over the text, without a
/// lower-case copy of it. Each phrase is found by its *anchor*, the pair of its bytes least
/// likely in English text: a table of the phrases each byte is the anchor's first byte of (in
/// either case) rules out most positions with one look-up, and a second table for the next
/// byte most of the rest; only then is the whole phrase compared. (A [`Needles`] search
/// lower-cases the text, counts its byte pairs and searches per phrase: several times the cost
/// on these texts.)
pub struct Phrases {
    list: &'static [&'static str],
    /// Each phrase's anchor: the offset of its pair in the phrase.
    anchor: [usize; 32],
    /// Bit `i` of `first[c]`: phrase `i`'s anchor starts with byte `c` (in either ASCII case).
    first: [u32; 256],
    /// Bit `i` of `second[c]`: phrase `i`'s anchor ends with byte `c` (in either ASCII case).
    second: [u32; 256],
}

impl Phrases {
    /// The phrases, each lower-case ASCII and at least two bytes long.
    pub const fn new(list: &'static [&'static str]) -> Phrases {
        assert!(list.len() <= 32, "at most 32 phrases");
        let (mut first, mut second) = ([0u32; 256], [0u32; 256]);
        let mut anchor = [0; 32];
        let mut i = 0;
        while i < list.len() {
            let p = list[i].as_bytes();
            assert!(p.len() >= 2, "phrases of two bytes or more");
            // The pair whose first byte is rarest (it is the one looked up at every
            // position), then whose second is.
            let mut k = 0;
            while k < p.len() {
                assert!(
                    p[k].is_ascii() && !p[k].is_ascii_uppercase(),
                    "lower-case ASCII"
                );
                if k + 1 < p.len() {
                    let (f, g) = (
                        crate::reason::Pairs::frequency(p[k]),
                        crate::reason::Pairs::frequency(p[k + 1]),
                    );
                    let (bf, bg) = (
                        crate::reason::Pairs::frequency(p[anchor[i]]),
                        crate::reason::Pairs::frequency(p[anchor[i] + 1]),
                    );
                    if f < bf || (f == bf && g < bg) {
                        anchor[i] = k;
                    }
                }
                k += 1;
            }
            let bit = 1 << i;
            let (a, b) = (p[anchor[i]], p[anchor[i] + 1]);
            first[a as usize] |= bit;
            first[a.to_ascii_uppercase() as usize] |= bit;
            second[b as usize] |= bit;
            second[b.to_ascii_uppercase() as usize] |= bit;
            i += 1;
        }
        Phrases {
            list,
            anchor,
            first,
            second,
        }
    }

    /// Each occurrence of a phrase in `text` ignoring ASCII case (its index and offset), in
    /// the order of their anchors' offsets, to `each` (which returns whether to go on).
    fn scan(&self, text: &str, mut each: impl FnMut(usize, usize) -> bool) {
        let b = text.as_bytes();
        let mut from = 0;
        while let Some((p, mut m)) = self.next_anchor(b, from) {
            from = p + 1;
            while m != 0 {
                let i = m.trailing_zeros() as usize;
                m &= m - 1;
                let n = self.list[i].as_bytes();
                let Some(start) = p.checked_sub(self.anchor[i]) else {
                    continue;
                };
                // ASCII lower-casing changes no offset and no non-ASCII byte (no phrase has
                // one): comparing so is searching the text's `to_ascii_lowercase`.
                if b.get(start..start + n.len())
                    .is_some_and(|w| w.iter().zip(n).all(|(c, x)| c.to_ascii_lowercase() == *x))
                    && !each(i, start)
                {
                    return;
                }
            }
        }
    }

    /// The first offset from `from` on where an anchor may be (the byte there starts one and
    /// the next ends one), and the phrases whose anchor that may be (bits). A function of its
    /// own (not inlined), so that this loop, where the time goes, keeps its few variables in
    /// registers.
    #[inline(never)]
    fn next_anchor(&self, b: &[u8], from: usize) -> Option<(usize, u32)> {
        // Positions followed by a byte (a pair starts there).
        let pairs = b.len().saturating_sub(1);
        let mut p = from;
        while p < pairs {
            // Four bytes at a time, most often none starting an anchor: one test for the four.
            while let Some(&[w, x, y, z]) = b.get(p..p + 4) {
                let [w, x, y, z] = [w, x, y, z].map(|c| self.first[usize::from(c)]);
                if w | x | y | z != 0 {
                    break;
                }
                p += 4;
            }
            // Then the (up to) four where one does, each with the byte after it.
            let end = (p + 4).min(pairs);
            for q in p..end {
                let m = self.first[usize::from(b[q])] & self.second[usize::from(b[q + 1])];
                if m != 0 {
                    return Some((q, m));
                }
            }
            p = end;
        }
        None
    }

    /// The phrase (its index) that occurs first in `text` ignoring ASCII case; of those that
    /// start at the same offset, the first in the list: as
    /// `Needles::earliest_of(&text.to_ascii_lowercase())` on the list.
    pub fn earliest_in(&self, text: &str) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        self.scan(text, |i, at| {
            if best.is_none_or(|b| (at, i) < b) {
                best = Some((at, i));
            }
            true
        });
        best.map(|(_, i)| i)
    }

    /// The first phrase in the list (its index) that occurs in `text` ignoring ASCII case: as
    /// `Needles::first_in(&text.to_ascii_lowercase())` on the list.
    pub fn first_in(&self, text: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        self.scan(text, |i, _| {
            best = Some(best.map_or(i, |b| b.min(i)));
            // (None comes before the first in the list.)
            i != 0
        });
        best
    }
}

/// Phrases that name the command a reply answered, most specific first.
const COMMAND_PHRASES: &[(&str, &str)] = &[
    ("end of data", "DATA"),
    ("after data", "DATA"),
    ("reply to data", "DATA"),
    ("after message", "DATA"),
    ("rcpt to", "RCPT"),
    ("after rcpt", "RCPT"),
    ("rcpt command", "RCPT"),
    ("mail from", "MAIL"),
    ("after mail", "MAIL"),
    ("mail command", "MAIL"),
    ("after ehlo", "EHLO"),
    ("reply to ehlo", "EHLO"),
    ("after helo", "HELO"),
    ("reply to helo", "HELO"),
    ("starttls", "STARTTLS"),
    // Postfix: "host x refused to talk to me: 554 …" (Sisimai files it under HELO).
    ("refused to talk to me", "HELO"),
    ("initial connection", "CONN"),
    ("initial greeting", "CONN"),
    ("connect to", "CONN"),
    // DragonFly Mail Agent: "mx.example [192.0.2.1] did not like our connect: 554 …"
    ("did not like our connect", "CONN"),
    ("data command", "DATA"),
];

/// The SMTP command an error text says the error came after: that of the phrase that occurs
/// first (ignoring ASCII case).
pub fn command_in(text: &str) -> Option<String> {
    const LIST: [&str; COMMAND_PHRASES.len()] = phrases_of!(COMMAND_PHRASES);
    static PHRASES: Phrases = Phrases::new(&LIST);
    PHRASES
        .earliest_in(text)
        .map(|i| COMMAND_PHRASES[i].1.to_string())
}

/// Lines (lower case, trimmed) where the returned message starts in a text bounce.
const ORIGINAL_MARKERS: &[&str] = &[
    "------ this is a copy of the message",
    "------ this is a copy of your message",
    "--- below this line is a copy of the message",
    "--- original message follows",
    "--- the header of the original message",
    "----- original message -----",
    "------ original message -----",
    "-----original message-----",
    "--------original message--------",
    "--- original message ---",
    "----- the following is a copy of the message",
    "----- message header follows",
    "----- returned message",
    "------- returned message",
    "--- returned message",
    "original message follows",
    "----- original message headers",
    "------ the original message",
    "----- the original message",
    "----- unsent message below",
    "------ unsent message below",
    "content-type: message/rfc822",
    "the original message headers",
    "----- message text follows",
    "----- original message header",
    "--- message headers ---",
    "return-path:",
    "received: from",
    "received: by",
    "x-original-to:",
    "message-id:",
    "dkim-signature:",
];

/// Whether `line` starts the returned message (one of [`ORIGINAL_MARKERS`], any case).
fn starts_original(line: &str) -> bool {
    let first_byte = |t: &[u8]| {
        matches!(
            t.first().map(u8::to_ascii_lowercase),
            Some(b'-' | b'o' | b'c' | b't' | b'r' | b'x' | b'm' | b'd')
        )
    };
    // Most lines start with none of the markers' first bytes, and with no white space to trim
    // (`trim_start` trims Unicode white space: ASCII 9–13 and 32, or a non-ASCII char).
    let b = line.as_bytes();
    if b.first()
        .is_some_and(|&c| c.is_ascii() && !matches!(c, b'\t'..=b'\r' | b' '))
        && !first_byte(b)
    {
        return false;
    }
    let t = line.trim_start().as_bytes();
    if !first_byte(t) {
        return false;
    }
    let indented = line.starts_with([' ', '\t']);
    let first = t[0].to_ascii_lowercase();
    ORIGINAL_MARKERS.iter().any(|m| {
        m.as_bytes()[0] == first
            && t.get(..m.len()).is_some_and(|p| p.eq_ignore_ascii_case(m.as_bytes()))
            // A header field starts the returned message only at the margin; indented, it is
            // a report quoting the original's headers ("  Message-id: <…>").
            && !(indented && m.ends_with(':') && !m.contains(' '))
    })
}

/// The bounce's own text: `body` up to the line where the returned message starts.
pub fn error_part(body: &str) -> &str {
    // Line by line from the second (a marker on the first line is no returned message).
    let b = body.as_bytes();
    let mut offset = match memchr::memchr(b'\n', b) {
        Some(i) => i + 1,
        None => return body,
    };
    while offset < b.len() {
        let end = memchr::memchr(b'\n', &b[offset..]).map_or(b.len(), |i| offset + i + 1);
        if starts_original(&body[offset..end]) {
            return &body[..offset];
        }
        offset = end;
    }
    body
}

/// Offset of the first ASCII-case-insensitive match of `needle` (lower case) in `hay`, found
/// by jumping between occurrences of `needle`'s byte at `anchor`, a non-letter that is rare in
/// text (`find::find_ci` stops at every occurrence of the first letter, in both cases).
fn find_ci_anchored(hay: &str, needle: &str, anchor: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    debug_assert!(!n[anchor].is_ascii_alphabetic());
    let mut from = anchor;
    while from < h.len() {
        let p = from + memchr::memchr(n[anchor], &h[from..])?;
        let start = p - anchor;
        if h.get(start..start + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(start);
        }
        from = p + 1;
    }
    None
}

/// `body` up to the returned message's own header block (`Return-Path:`, `Received:` …) but
/// keeping DSN fields written into the text.
pub fn error_part_keep_dsn(body: &str) -> &str {
    // (marker, its byte to jump between: `/` and `:` are rarer than letters)
    let end = [
        ("content-type: message/rfc822", 21),
        ("content-type: text/rfc822-headers", 18),
        ("\nreturn-path:", 12),
        ("\nreceived: ", 9),
    ]
    .iter()
    .filter_map(|&(m, anchor)| find_ci_anchored(body, m, anchor))
    .min()
    .unwrap_or(body.len());
    &body[..end]
}

/// [`error_part_keep_dsn`] of a message's body, found in its `body_lower` with searchers
/// compiled once (cheaper than jumping between anchor bytes in the mixed-case body).
pub fn error_part_keep_dsn_of(mail: &Mail) -> &str {
    static ENDS: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "content-type: message/rfc822",
            "content-type: text/rfc822-headers",
            "\nreturn-path:",
            "\nreceived: ",
        ])
    });
    let end = ENDS
        .earliest_in_body(mail, &mail.body_lower)
        .unwrap_or(mail.body.len());
    &mail.body[..end]
}

/// `hay.split_once(needle)` with [`crate::find::find`] (no searcher built per call).
pub fn split_once_str<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = crate::find::find(hay, needle)?;
    Some((&hay[..at], &hay[at + needle.len()..]))
}

/// `hay.rsplit_once(needle)` for a non-empty `needle`, jumping between its first byte from
/// the end (the reverse searcher was a hot spot): the last occurrence is the one that starts
/// last.
pub fn rsplit_once_str<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut end = h.len().checked_sub(n.len())? + 1;
    while let Some(i) = memchr::memrchr(n[0], &h[..end]) {
        if h[i..].starts_with(n) {
            return Some((&hay[..i], &hay[i + n.len()..]));
        }
        end = i;
    }
    None
}

/// The longest error text kept as a diagnostic (bytes).
pub const MAX_DIAGNOSTIC: usize = 4096;

/// A record's action for a refusal: `delayed` when it was temporary, else `failed`.
pub fn action(temporary: bool) -> Option<String> {
    Some(if temporary { "delayed" } else { "failed" }.to_string())
}

/// Whether `text` starts with a 4xx/5xx SMTP reply ("550 5.1.1 …", "451-…").
pub fn is_refusal(text: &str) -> bool {
    crate::input::starts_with_reply_code(text)
        && crate::smtp::find_reply_code(text).is_some_and(|c| c >= 400)
}

/// `token` is a host name as an MTA writes one: a dot, and only letters, digits, `-` and `.`
/// (an IPv4 address passes too).
pub fn is_host_name(token: &str) -> bool {
    token.contains('.')
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// Fill reply code, status, command and remote host from an error text, and keep the text
/// (squashed to one line) as the diagnostic when the record has none.
pub fn fill(f: &mut Facts, text: &str) {
    // A server's reply is a few lines; more is not its words and would only cost time.
    let text = &text[..crate::input::floor_char_boundary(text, MAX_DIAGNOSTIC)];
    // A quoted session (">>> DATA <<< 550 Unknown user"): the remote's words are its reply.
    // (`"<<< "` cannot overlap itself: its occurrences one after the other are
    // `match_indices`'.)
    let mut quoted = None;
    let mut from = 0;
    while let Some(i) = crate::find::find(&text[from..], "<<< ") {
        let rest = &text[from + i + 4..];
        if rest.starts_with(['4', '5']) {
            quoted = Some(rest);
            break;
        }
        from += i + 4;
    }
    let text = quoted.unwrap_or(text);
    // (A reply of several lines is quoted line by line: "<<< 421-4.7.40 Your email … <<<
    // 421-4.7.40 have a DMARC record": its words without the quote marks.)
    let unquoted;
    let text = if quoted.is_some() && crate::find::contains(text, "<<< ") {
        unquoted = text.replace("<<< ", "");
        unquoted.as_str()
    } else {
        text
    };
    let d = squash(text);
    if d.is_empty() {
        return;
    }
    if f.reply_code.is_none() {
        f.reply_code = smtp::find_reply_code(&d).filter(|c| *c >= 400);
    }
    if f.status.is_none() {
        f.status = smtp::find_status(&d);
    }
    if f.smtp_command.is_none() {
        f.smtp_command = command_in(&d);
    }
    if f.remote_mta.is_none() {
        f.remote_mta = remote_host(&d);
    }
    if f.diagnostic.is_none() {
        f.diagnostic = Some(d);
    }
}

/// A recipient for a bounce that names none in its text: the `for <…>` of the returned
/// message's top `Received` (the envelope recipient of the last hop, after any list or alias
/// expansion), else its `X-Original-To`, `To`, `Delivered-To`, or the `for <…>` of a lower
/// `Received`.
pub fn original_recipient(mail: &Mail) -> Option<String> {
    let received_for = |v: &str| v.split(" for ").nth(1).and_then(first_address);
    if let Some(a) = mail
        .original_headers
        .values("received")
        .next()
        .and_then(received_for)
    {
        return Some(a);
    }
    for name in ["x-original-to", "to", "delivered-to"] {
        if let Some(a) = mail.original_header(name).and_then(first_address) {
            return Some(a);
        }
    }
    mail.original_headers
        .values("received")
        .find_map(received_for)
}

/// The labels before the original sender's address, lower case.
const SENDER_LABELS: &[&str] = &[
    "sender address:",
    "adresse de l'expéditeur :",
    "absenderadresse:",
    "dirección del remitente:",
    "original sender:",
    "envelope-from:",
    "return-path:",
];

/// The original sender as a bounce's text names it (`Sender Address: a@b` in Exchange Online
/// NDRs, a webmail copy's `To a@b` line at the top, the returned `From:`).
pub fn labelled_sender(body: &str) -> Option<String> {
    labelled_sender_in(body, true)
}

/// [`labelled_sender`] of a message's body, which most often has none of the labels: those
/// are looked for line by line only when the body has one somewhere.
pub fn labelled_sender_of(mail: &Mail) -> Option<String> {
    // A part of each label that is ASCII, as it is found in `body_lower`. A line that
    // lower-cases (Unicode) to a label starts with the label's ASCII bytes in either case: the
    // only other characters that lower-case to ASCII are the Kelvin sign (to `k`, in no label)
    // and `İ` (to `i` and a combining dot, which no label has after its `i`).
    static ANCHORS: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "sender address:",
            "adresse de l'exp",
            "absenderadresse:",
            "n del remitente:",
            "original sender:",
            "envelope-from:",
            "return-path:",
        ])
    });
    labelled_sender_in(&mail.body, ANCHORS.any_in_body(mail, &mail.body_lower))
}

/// A mail client's "From" label in the languages of its forward and header blocks.
const FROM_LABELS: &[&str] = &[
    "from:",
    "de :",
    "de:",
    "von:",
    "da:",
    "van:",
    "od:",
    "差出人:",
    "发件人:",
    "寄件者:",
];

/// Whether `line` opens with a [`FROM_LABELS`] label (any case).
pub fn starts_with_from_label(line: &str) -> bool {
    starts_with_label(line, FROM_LABELS)
}

/// Whether `line` opens with one of `labels` (lower case, at most 8 characters), any case.
fn starts_with_label(line: &str, labels: &[&str]) -> bool {
    let head: String = line.chars().take(8).collect::<String>().to_lowercase();
    labels.iter().any(|l| head.starts_with(l))
}

/// [`labelled_sender`], looking for the labels only when `labels` (else only the top lines'
/// `To`).
fn labelled_sender_in(body: &str, labels: bool) -> Option<String> {
    // Without labels only the first 8 lines can name the sender.
    let max = if labels { 400 } else { 8 };
    // Gmail's details block a few lines down ("from: Mail Delivery System <MAILER-DAEMON@…>"
    // then "to: a@b"), or a webmail's header block in its language ("De : … <MAILER-DAEMON@…>"
    // then "À : a@b"): the bounce went back to the sender.
    const TO: &[&str] = &[
        "to:",
        "à :",
        "à:",
        "a :",
        "a:",
        "an:",
        "para:",
        "aan:",
        "do:",
        "宛先:",
        "收件人:",
    ];
    let mut lines = crate::input::lines(body).take(40);
    while let Some(line) = lines.next() {
        let t = crate::mail::trim(line);
        if starts_with_from_label(t) && first_address(t).is_some_and(|a| is_daemon(&a)) {
            // (Outlook's block has the date between: "De:" / "Enviada em:" / "Para:".)
            for to in lines.by_ref().take(3).map(crate::mail::trim) {
                if starts_with_label(to, TO) {
                    if let Some(a) = first_address(to) {
                        return Some(a);
                    }
                }
            }
            break;
        }
    }
    // A webmail's view copied with each label on a line of its own (Roundcube's, SOGo's):
    // "From" / "Mail Delivery System …" / "To" / "a@b".
    let top: Vec<&str> = crate::input::lines(body)
        .take(16)
        .map(crate::mail::trim)
        .collect();
    if let Some(a) = top
        .windows(2)
        .find(|w| w[0].eq_ignore_ascii_case("to"))
        .and_then(|w| first_address(w[1]))
    {
        return Some(a);
    }
    for (i, line) in crate::input::lines(body).take(max).enumerate() {
        let t = crate::mail::trim(line);
        // Unicode lower case, as the labels are; for ASCII text that is ASCII lower case,
        // compared in place. Only the line's start can match a label (at most 26 bytes; a
        // character lower-cases to one byte or more), so only its first characters are
        // lower-cased, not a whole long line. (A capital sigma lower-cases by what follows it,
        // but neither of its forms is in a label.)
        let unicode = (!t.is_ascii()).then(|| {
            let head = t.char_indices().nth(32).map_or(t, |(at, _)| &t[..at]);
            head.to_lowercase()
        });
        let starts = |p: &str| match &unicode {
            Some(l) => l.starts_with(p),
            None => starts_with_ci(t, p),
        };
        if labels && SENDER_LABELS.iter().any(|p| starts(p)) {
            if let Some(a) = first_address(line) {
                return Some(a);
            }
        }
        // Webmail header block at the top: "To      a@b" / "To: a@b".
        if i < 8 && (starts("to ") || starts("to:") || starts("to\t")) {
            if let Some(a) = first_address(line) {
                return Some(a);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_str() {
        let needles = [" said: ", "(in reply to ", "aa", "<<", "é"];
        for hay in [
            "",
            "a",
            "host x said: 550 no (in reply to RCPT TO command)",
            "said: said: (in reply to (in reply to x",
            "aaaa",
            "<<<<",
            "é é",
            " said:",
        ] {
            for n in needles {
                assert_eq!(split_once_str(hay, n), hay.split_once(n), "{hay:?} {n:?}");
                assert_eq!(rsplit_once_str(hay, n), hay.rsplit_once(n), "{hay:?} {n:?}");
            }
        }
    }

    #[test]
    fn squash_like_split_whitespace() {
        let reference = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for t in [
            "",
            " ",
            "a",
            " a  b\t\tc\n",
            "\x0b\x0ca\r\n\rb\x1f c",
            "550 5.1.1 <a@b.example>:\n    user unknown  ",
            "é\u{a0}x\u{3000} y",
            "a b",
            "a  b",
            " a b",
            "a b ",
            "a\tb",
            "550 5.1.1 <a@b.example>: user unknown",
            "a \n",
            "a\n b c  d\te f \r",
            "  a b ",
            "\t",
            "ab  ",
            "a \x0b b",
            "a\x1fb \x1f c",
        ] {
            assert_eq!(squash(t), reference(t), "{t:?}");
            assert_eq!(
                is_squashed(t),
                squash(t) == t && !t.is_empty() && t.is_ascii()
            );
            let s = squash(t);
            assert_eq!(is_squashed(&s), !s.is_empty() && s.is_ascii(), "{s:?}");
        }
    }

    #[test]
    fn labelled_sender_like_lower_casing_whole_lines() {
        // What it replaced: each whole non-ASCII line lower-cased.
        fn old(body: &str) -> Option<String> {
            for (i, line) in body.lines().take(400).enumerate() {
                let t = line.trim();
                let lower = t.to_lowercase();
                if SENDER_LABELS.iter().any(|p| lower.starts_with(p)) {
                    if let Some(a) = first_address(line) {
                        return Some(a);
                    }
                }
                if i < 8 && ["to ", "to:", "to\t"].iter().any(|p| lower.starts_with(p)) {
                    if let Some(a) = first_address(line) {
                        return Some(a);
                    }
                }
            }
            None
        }
        let long = "é".repeat(40);
        for body in [
            "Sender Address: a@b.example".to_string(),
            format!("Sender Address: a@b.example {long}"),
            format!("ADRESSE DE L'EXPÉDITEUR : a@b.example {long}"),
            "Adresse de l'expéditeur : a@b.example".to_string(),
            "DIRECCIÓN DEL REMITENTE: a@b.example".to_string(),
            format!("{long} Sender Address: a@b.example"),
            "\u{212a}\nSender address: c@d.example".to_string(),
            format!("ΣΣΣ: a@b.example\nTo: é <c@d.example> {long}"),
            format!("İ Return-Path: <a@b.example>\nRETURN-PATH: <é@x.example> {long}"),
            format!("Envelope-From:{long}a@b.example"),
            format!("TO\t{long} x@y.example"),
            format!(
                "{long}\n{long}\n{long}\n{long}\n{long}\n{long}\n{long}\n{long}\nTo: a@b.example"
            ),
        ] {
            assert_eq!(labelled_sender(&body), old(&body), "{body:?}");
        }
    }

    #[test]
    fn labelled_sender_of_like_reading_every_line() {
        let long = "é".repeat(40);
        let mut bodies: Vec<String> = vec![
            "Sender Address: a@b.example".into(),
            "ADRESSE DE L'EXPÉDITEUR : a@b.example".into(),
            "Adresse de l'Expéditeur : a@b.example".into(),
            "DIRECCIÓN DEL REMITENTE: a@b.example".into(),
            "x\n \u{3000}Original Sender: <a@b.example>".into(),
            "ENVELOPE-FROM: a@b.example".into(),
            "Return-\u{212a}ath: a@b.example\nRETURN-PATH: c@d.example".into(),
            "\u{130}Return-Path: a@b.example".into(),
            "AbsenderAdresse: a@b.example".into(),
            format!("{long}\n{long}\nTo: a@b.example"),
            format!("1\n2\n3\n4\n5\n6\n7\nTo\t{long} a@b.example"),
            "1\n2\n3\n4\n5\n6\n7\n8\nTo: a@b.example".into(),
            "To: <a@b.example>\nSender address: c@d.example".into(),
        ];
        bodies.extend(tricky_texts());
        for body in &bodies {
            let mail = Mail::from_text(body);
            assert_eq!(
                labelled_sender_of(&mail),
                labelled_sender(&mail.body),
                "{body:?}"
            );
        }
    }

    #[test]
    fn finds_commands_and_addresses() {
        assert_eq!(
            command_in("SMTP error from remote mail server after RCPT TO:<a@b.c>:").as_deref(),
            Some("RCPT")
        );
        assert_eq!(
            command_in("(in reply to end of DATA command)").as_deref(),
            Some("DATA")
        );
        assert_eq!(
            as_address(" <kijitora@example.jp>: ").as_deref(),
            Some("kijitora@example.jp")
        );
        assert_eq!(as_address("kijitora@example.jp said"), None);
        assert_eq!(
            remote_host("host mx.example.jp [192.0.2.1]: 550").as_deref(),
            Some("mx.example.jp")
        );
    }

    /// Inputs for comparing the scanners with the regexes: tricky cases and the corpus.
    fn tricky_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "@",
            "a@b",
            "a@b.",
            "a@b.c",
            "a@b.c.",
            "a@b..c",
            "a@.b.c",
            ".a@b.c",
            "..@b.c x@y.z",
            "-_a@b-.c- ",
            "a@b.c@d.e",
            "a@b@c.d",
            "x a@b.c.d.e@f.g h@i.j",
            "<kijitora@example.jp>: host mx.example.jp[192.0.2.1] said: 550",
            "\"a b\"@c.d é@f.g éa@f.g aé@f.g a@fé.g a@f.gé",
            "a.b+c=d/e'f&g#h!i*j?k^l`m{n|o}p~q-r@s_t-u.v_w-x.",
            "~~~@a.b ~a~@a.b",
            "mailto:User@Example.COM;",
            "host mx.example.jp [192.0.2.1]: 550",
            "HOST: mx.example.jp. , : (x)",
            "ghost x.y[ host x.y [",
            "host x [1] server a.b.c. .[",
            "host a.b..[ relay c.d.(",
            "relay:  ::a-b.c-d,,,[ mta e.f[",
            "hostmx.a.b[ host  -a.b[ host a-.b-[",
            "server a.b.c d.e[ Server A.B:(",
            "hoſt a.b[ ſerver c.d[ host a.b.é[",
            "host a.b. .[ host a.b..[ host a.b.[",
            "Mta:a.b(",
            "RELAY x.y.z.[",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Ok(dir) = std::fs::read_dir("../shared/corpus/emails") {
            for e in dir.flatten() {
                let raw = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).to_string();
                texts.extend(raw.lines().map(str::to_string));
                texts.push(squash(&raw));
                texts.push(raw);
            }
        }
        texts
    }

    #[test]
    fn scanners_equal_the_regexes() {
        for t in &tricky_texts() {
            let t = t.as_str();
            let all: Vec<String> = address_re()
                .find_iter(t)
                .take(64)
                .map(|m| m.as_str().trim_end_matches(['.', '-']).to_string())
                .collect();
            assert_eq!(addresses(t), all, "{t:?}");
            assert_eq!(first_address(t), all.first().cloned(), "{t:?}");
            let span = address_re().find(t).map(|m| (m.start(), m.end()));
            assert_eq!(address_at(t, 0), span, "{t:?}");
            for cut in [1, 2, 5] {
                if let Some(u) = t.get(cut..) {
                    let want = address_re()
                        .find(u)
                        .map(|m| (m.start() + cut, m.end() + cut));
                    assert_eq!(address_at(t, cut), want, "{t:?} from {cut}");
                }
            }
            let host = host_re()
                .captures(t)
                .map(|c| c[1].trim_end_matches('.').to_string());
            assert_eq!(remote_host(t), host, "{t:?}");
            for w in t.split([' ', '\n']) {
                let a = w
                    .trim()
                    .trim_end_matches([':', ',', ';', '.'])
                    .trim_matches(|c: char| {
                        matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | ' ')
                    });
                let whole = address_re()
                    .find(a)
                    .filter(|m| m.start() == 0 && m.end() == a.len())
                    .map(|_| a.to_string());
                assert_eq!(as_address(w), whole, "{w:?}");
            }
        }
    }

    #[test]
    fn error_parts_equal_the_lowercasing_versions() {
        // What `error_part` and `error_part_keep_dsn` did before searching in place.
        fn old_error_part(body: &str) -> &str {
            let mut offset = 0;
            for line in body.split_inclusive('\n') {
                let indented = line.starts_with([' ', '\t']);
                let t = line.trim_start().to_ascii_lowercase();
                let hit = ORIGINAL_MARKERS.iter().any(|m| {
                    t.starts_with(m) && !(indented && m.ends_with(':') && !m.contains(' '))
                });
                if offset > 0 && hit {
                    return &body[..offset];
                }
                offset += line.len();
            }
            body
        }
        fn old_keep_dsn(body: &str) -> &str {
            let lower = body.to_ascii_lowercase();
            let end = [
                "content-type: message/rfc822",
                "content-type: text/rfc822-headers",
                "\nreturn-path:",
                "\nreceived: ",
            ]
            .iter()
            .filter_map(|m| lower.find(m))
            .min()
            .unwrap_or(body.len());
            &body[..end]
        }
        let mut texts = tricky_texts();
        for m in ORIGINAL_MARKERS {
            for pre in ["", " ", "\t", "\u{a0}"] {
                texts.push(format!("x\n{pre}{}\ny", m.to_ascii_uppercase()));
                texts.push(format!("x\n{pre}{m}\ny"));
                texts.push(format!("{pre}{m}\ny"));
                texts.push(format!("x\n{pre}{}", &m[..m.len() - 1]));
            }
        }
        texts.push("a\nReturn-Path: x\nReceived: y\nContent-Type: Text/RFC822-Headers".into());
        texts.push("/ontent-type: message/rfc822 content-type: message/rfc822".into());
        texts.push(":\n:\nreceived:: \nreceived:\nRECEIVED: ".into());
        texts.push("t/rfc822-headers\nreturn-path".into());
        for t in &texts {
            assert_eq!(error_part(t), old_error_part(t), "{t:?}");
            assert_eq!(error_part_keep_dsn(t), old_keep_dsn(t), "{t:?}");
            let mail = Mail::from_text(t);
            assert_eq!(
                error_part_keep_dsn_of(&mail),
                error_part_keep_dsn(&mail.body),
                "{t:?}"
            );
        }
    }

    #[test]
    fn needles_equal_str_find() {
        let list = ["zugestellt", "für administratoren", "管理者", "é", "a"];
        let n = Needles::new(&list);
        let mut texts = tricky_texts();
        texts.extend(
            [
                "nicht zugestellt",
                "diagnoseinformationen für administratoren",
                "管理者向け",
                "café a",
                "xyz",
            ]
            .map(String::from),
        );
        for t in &texts {
            let each: Vec<(usize, usize)> = list
                .iter()
                .enumerate()
                .filter_map(|(i, m)| t.find(m).map(|at| (i, at)))
                .collect();
            assert_eq!(n.each_in(t).collect::<Vec<_>>(), each, "{t:?}");
            assert_eq!(n.any_in(t), !each.is_empty(), "{t:?}");
            // The body's pairs rule needles out of the body and of any part of it.
            let mail = Mail::from_text(t);
            let lower = mail.body_lower.as_str();
            let half = crate::input::floor_char_boundary(lower, lower.len() / 2);
            for part in [lower, &lower[..half], &lower[half..], lower.trim()] {
                assert_eq!(n.any_in_body(&mail, part), n.any_in(part), "{part:?}");
                assert_eq!(
                    n.earliest_in_body(&mail, part),
                    n.earliest_in(part),
                    "{part:?}"
                );
            }
            assert_eq!(n.first_in(t), each.first().copied(), "{t:?}");
            let earliest = each.iter().min_by_key(|(i, at)| (*at, *i)).copied();
            assert_eq!(n.earliest_of(t), earliest, "{t:?}");
        }
    }

    /// [`tricky_texts`] and texts that name SMTP commands in different orders and cases.
    fn command_texts() -> Vec<String> {
        let mut texts = tricky_texts();
        texts.extend(
            [
                "after RCPT TO:<a@b> and after data",
                "reply to DATA / rcpt to",
                "connect to x; end of data",
                "after data command",
                "STARTTLS",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn command_in_equals_the_str_find_version() {
        // What `command_in` did before compiling its needles once.
        fn old(text: &str, table: &[(&str, &str)]) -> Option<String> {
            let lower = text.to_ascii_lowercase();
            let mut best: Option<(usize, &str)> = None;
            for (needle, command) in table {
                if let Some(at) = lower.find(needle) {
                    if best.is_none_or(|(b, _)| at < b) {
                        best = Some((at, command));
                    }
                }
            }
            best.map(|(_, c)| c.to_string())
        }
        let table = [
            ("end of data", "DATA"),
            ("after data", "DATA"),
            ("rcpt to", "RCPT"),
            ("after rcpt", "RCPT"),
            ("starttls", "STARTTLS"),
            ("connect to", "CONN"),
            ("data command", "DATA"),
        ];
        let texts = command_texts();
        for t in &texts {
            let mine = {
                let lower = t.to_ascii_lowercase();
                let n: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
                Needles::new(&n)
                    .earliest_of(&lower)
                    .map(|(i, _)| table[i].1.to_string())
            };
            assert_eq!(mine, old(t, &table), "{t:?}");
            let lower = t.to_ascii_lowercase();
            let n = Needles::new(&["rcpt to", "after rcpt", "data"]);
            let first = ["rcpt to", "after rcpt", "data"]
                .iter()
                .enumerate()
                .find_map(|(i, m)| lower.find(m).map(|at| (i, at)));
            assert_eq!(n.first_in(&lower), first, "{t:?}");
        }
    }

    #[test]
    fn phrases_equal_needles_on_the_lower_case() {
        // `Phrases` finds in the text as it is what `Needles` found in its ASCII lower case.
        const OVERLAP_LIST: &[&str] = &["aab", "ab", "abab", "ba", "bab", "kk", "ii"];
        static OVERLAPS: Phrases = Phrases::new(OVERLAP_LIST);
        const IMPLIED_LIST: &[&str] = &[
            "retry timeout exceeded",
            "retry time not reached",
            "could not be delivered for",
            "message expired",
            "too long in queue",
            "delivery expired",
        ];
        static IMPLIED_LIKE: Phrases = Phrases::new(IMPLIED_LIST);
        const COMMANDS: [&str; COMMAND_PHRASES.len()] = phrases_of!(COMMAND_PHRASES);
        static COMMAND_LIKE: Phrases = Phrases::new(&COMMANDS);
        let mut texts = command_texts();
        texts.extend(
            [
                "starttl",
                "tarttls",
                "xstarttlsx",
                "MAIL FROM",
                "mAiL cOmMaNd",
                "Mail From:<a@b> rejected after data command",
                "reply to ehlo / reply to helo / after ehlo",
                "refused to talk to me",
                "refused to talk to m",
                "efused to talk to me",
                "initial greeting; initial connection",
                // Characters whose Unicode lower case is ASCII, or a letter next to one:
                // ASCII lower-casing leaves them as they are, and so does `Phrases`.
                "\u{212a}k \u{212a}\u{212a} kk KK",
                "\u{130}i İI ii",
                "ſtarttls starttls",
                "Retry timeout exceeded",
                "RETRY TIME NOT REACHED; message EXPIRED",
                "the message was TOO LONG IN QUEUE",
                "too long in queu",
                "delivery expire",
                "could not be delivered fo",
                "aab abab baba bab Ab aB",
                "aaab",
                "abab",
                "a",
                "",
                "éa",
                "bé",
            ]
            .map(String::from),
        );
        let lists: [(&Phrases, Vec<&str>); 3] = [
            (&OVERLAPS, OVERLAP_LIST.to_vec()),
            (&IMPLIED_LIKE, IMPLIED_LIST.to_vec()),
            (&COMMAND_LIKE, COMMANDS.to_vec()),
        ];
        for (phrases, list) in &lists {
            let needles = Needles::new(list);
            for t in &texts {
                let lower = t.to_ascii_lowercase();
                assert_eq!(
                    phrases.earliest_in(t),
                    needles.earliest_of(&lower).map(|(i, _)| i),
                    "{t:?}"
                );
                assert_eq!(
                    phrases.first_in(t),
                    needles.first_in(&lower).map(|(i, _)| i),
                    "{t:?}"
                );
                // Each phrase in the middle of a text, in upper case.
                for (i, p) in list.iter().enumerate() {
                    let u = format!("{t} {} {t}", p.to_uppercase());
                    let lower = u.to_ascii_lowercase();
                    assert_eq!(
                        phrases.earliest_in(&u),
                        needles.earliest_of(&lower).map(|(i, _)| i),
                        "{u:?}"
                    );
                    assert!(phrases.first_in(&u).is_some_and(|f| f <= i), "{u:?}");
                }
            }
        }
    }

    #[test]
    fn error_part_stops_at_returned_message() {
        let b = "oops\n  a@b.example\n------ This is a copy of the message\nTo: c@d.example\n";
        assert_eq!(error_part(b), "oops\n  a@b.example\n");
    }
}
