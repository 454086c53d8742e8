//! Microsoft Exchange NDRs: Exchange 2003 ("did not reach the following recipient(s)"),
//! Exchange 2007–2019 and Exchange Online ("Delivery has failed to these recipients or groups",
//! "Diagnostic information for administrators", `Remote Server returned '550 5.1.1 …'`,
//! `#550 5.1.1 RESOLVER.ADR.RecipNotFound ##`), and the newer Exchange Online layout ("Your
//! message to X couldn't be delivered", `Error: 550 5.7.708 …`), in English and the localized
//! wordings Exchange writes. A chained error `A -> B` is kept whole.

use std::sync::LazyLock;

use crate::facts::Facts;
use crate::mail::Mail;
use crate::mta::text::{self, Needles};
use crate::reason::Reason;

/// Section markers: (lower-case phrase, whether it is English). The localized rows are
/// Exchange's own translations of the English markers.
const MARKERS: &[(&str, bool)] = &[
    ("delivery has failed to these recipients", true),
    ("diagnostic information for administrators", true),
    ("did not reach the following recipient", true),
    ("couldn't be delivered", true),
    ("could not be delivered", true),
    ("more info for email admins", true),
    ("your message wasn't delivered", true),
    // de
    (
        "die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen",
        false,
    ),
    ("diagnoseinformationen für administratoren", false),
    ("konnte nicht zugestellt werden", false),
    // de, the newer layout: "Ihre Nachricht an … konnte nicht übermittelt werden", "Weitere
    // Informationen für E-Mail-Administratoren"
    ("konnte nicht übermittelt werden", false),
    ("weitere informationen für e-mail-administratoren", false),
    // fr
    (
        "la remise aux destinataires ou groupes suivants a échoué",
        false,
    ),
    ("informations de diagnostic pour les administrateurs", false),
    ("n'a pas pu être remis", false),
    ("plus d'informations pour les administrateurs", false),
    // es
    ("error en la entrega a estos destinatarios o grupos", false),
    ("información de diagnóstico para administradores", false),
    ("no se pudo entregar", false),
    // it
    (
        "il recapito non è riuscito per i seguenti destinatari",
        false,
    ),
    ("recapito non riuscito", false),
    ("informazioni di diagnostica per gli amministratori", false),
    ("non è stato recapitato", false),
    // nl
    (
        "fout bij de bezorging aan deze geadresseerden of groepen",
        false,
    ),
    ("diagnostische gegevens voor beheerders", false),
    ("kan niet worden bezorgd", false),
    // pt
    ("falha na entrega para estes destinatários ou grupos", false),
    ("informações de diagnóstico para administradores", false),
    ("não pôde ser entregue", false),
    // sv, da, no, pl, ja, zh
    (
        "leveransen till följande mottagare eller grupper misslyckades",
        false,
    ),
    (
        "levering til følgende modtagere eller grupper mislykkedes",
        false,
    ),
    (
        "levering til disse mottakerne eller gruppene mislyktes",
        false,
    ),
    (
        "dostarczenie do tych adresatów lub grup nie powiodło się",
        false,
    ),
    // pl and cs, the newer layout: "Twoja wiadomość do … nie mogła zostać dostarczona",
    // "Więcej informacji dla administratorów poczty e-mail"; "Vaši zprávu pro … nebylo možné
    // doručit", "Další informace pro správce e-mailu"
    ("nie mogła zostać dostarczona", false),
    ("więcej informacji dla administratorów poczty e-mail", false),
    ("nebylo možné doručit", false),
    ("další informace pro správce e-mailu", false),
    ("次の受信者またはグループへの配信に失敗しました", false),
    ("管理者向けの診断情報", false),
    // ja, the newer layout: "More info for email admins", "Your message to … couldn't be
    // delivered"
    ("メール管理者向けの詳細情報", false),
    ("へのメッセージを配信できませんでした", false),
    ("传递到这些收件人或组失败", false),
    // ru (Cyrillic capitals are kept: the body is lower-cased as ASCII only)
    ("Диагностические сведения для администраторов", false),
    (
        "Доставка следующим получателям или группам задерживается",
        false,
    ),
];

/// Markers made of common words (see `parse`).
const WEAK: &[&str] = &[
    "couldn't be delivered",
    "could not be delivered",
    "konnte nicht zugestellt werden",
    "konnte nicht übermittelt werden",
    "n'a pas pu être remis",
    "no se pudo entregar",
    "non è stato recapitato",
    "kan niet worden bezorgd",
    "não pôde ser entregue",
];

/// Where the per-recipient diagnostic section starts.
const DIAGNOSTIC_SECTION: &[&str] = &[
    "diagnostic information for administrators",
    "diagnoseinformationen für administratoren",
    "informations de diagnostic pour les administrateurs",
    "información de diagnóstico para administradores",
    "informazioni di diagnostica per gli amministratori",
    "diagnostische gegevens voor beheerders",
    "informações de diagnóstico para administradores",
    "管理者向けの診断情報",
    "Диагностические сведения для администраторов",
];

/// Where the returned message's headers start (lower case): the end of the diagnostic section.
const ORIGINAL_HEADERS: &[&str] = &[
    "original message headers",
    "ursprüngliche nachrichtenkopfzeilen",
    "ursprüngliche nachrichtenköpfe",
    "en-têtes du message d'origine",
    "en-têtes de message d'origine",
    "encabezados del mensaje original",
    "intestazioni originali del messaggio",
    "oorspronkelijke berichtkoppen",
    "cabeçalhos da mensagem original",
    "元のメッセージ ヘッダー",
    "Заголовки исходного сообщения",
];

/// Whether `line` (trimmed) starts the returned message's headers.
fn is_original_headers(line: &str) -> bool {
    ORIGINAL_HEADERS
        .iter()
        .any(|m| text::starts_with_ci(line, m))
}

/// Lines (lower case) that introduce the remote's reply in the newer layouts.
const ERROR_LABELS: &[&str] = &[
    "remote server returned",
    "remote server at",
    "reported error:",
    "error:",
    "erreur :",
    "erreur:",
    "fehler:",
    "errore:",
    "fout:",
    "erro:",
    "status code:",
    "statuscode:",
    "code d'état :",
];

/// Whether non-English Exchange section markers appear in `lower`, a part of `mail.body_lower`.
pub fn is_localized(mail: &Mail, lower: &str) -> bool {
    static LOCALIZED: LazyLock<Needles> = LazyLock::new(|| {
        let m: Vec<&str> = MARKERS
            .iter()
            .filter(|(_, e)| !e)
            .map(|(m, _)| *m)
            .collect();
        Needles::new(&m)
    });
    LOCALIZED.any_in_body(mail, lower)
}

/// The host an Exchange NDR names as "Generating server:" (the reporting MTA when no DSN says
/// it: an NDR copied out of Outlook), if it is a host name.
pub fn generating_server(text: &str) -> Option<String> {
    let at = crate::find::find_ci(text, "generating server:")?;
    let host = text[at + "generating server:".len()..]
        .split_whitespace()
        .next()?
        .trim_end_matches(['.', ',']);
    text::is_host_name(host).then(|| host.to_string())
}

/// Records from an Exchange NDR, or `None` when the text is not one.
pub fn parse(mail: &Mail) -> Option<Vec<Facts>> {
    let lower = &mail.body_lower;
    // "couldn't be delivered" and its translations are common words; alone they need
    // Exchange's own signs.
    static STRONG: LazyLock<Needles> = LazyLock::new(|| {
        let m: Vec<&str> = MARKERS
            .iter()
            .map(|(m, _)| *m)
            .filter(|m| !WEAK.contains(m))
            .collect();
        Needles::new(&m)
    });
    let strong = STRONG.any_in_body(mail, lower);
    static WEAK_SET: LazyLock<Needles> = LazyLock::new(|| Needles::new(WEAK));
    static EXCHANGEY: LazyLock<Needles> = LazyLock::new(|| {
        Needles::new(&[
            "microsoft exchange",
            "office 365",
            "microsoft 365",
            "generating server",
            "message rejected by:",
            "more info for email admins",
        ])
    });
    let weak = WEAK_SET.any_in_body(mail, lower);
    let exchangey =
        mail.headers.any_name_starts_with("x-ms-exchange") || EXCHANGEY.any_in_body(mail, lower);
    if !(strong || (weak && exchangey)) {
        return None;
    }
    let body = mail.body.as_str();
    let mut out: Vec<Facts> = Vec::new();
    // (Without a reply's "> " marks, the same in both.)
    let lines: Vec<&str> = crate::input::lines(body)
        .take(3000)
        .map(crate::input::unquoted)
        .collect();
    // The same lines in lower case (`body_lower` splits at the same offsets).
    let lower_lines: Vec<&str> = crate::input::lines(&mail.body_lower)
        .take(3000)
        .map(crate::input::unquoted)
        .collect();
    static SECTION: LazyLock<Needles> = LazyLock::new(|| Needles::new(DIAGNOSTIC_SECTION));
    static NDR_2003: LazyLock<Needles> =
        LazyLock::new(|| Needles::new(&["did not reach the following recipient"]));
    // Markers that say the line presents the recipient ("… couldn't be delivered to a@b").
    static PRESENTS: LazyLock<Needles> = LazyLock::new(|| {
        let m: Vec<&str> = MARKERS
            .iter()
            .map(|(m, _)| *m)
            .filter(|m| {
                [
                    "deliver",
                    "remis",
                    "zugestellt",
                    "übermittelt",
                    "entregar",
                    "recapitato",
                    "bezorgd",
                    "entregue",
                ]
                .iter()
                .any(|w| m.contains(w))
            })
            .collect();
        Needles::new(&m)
    });
    // Exchange 2007+: the diagnostic section lists each address, then its reply.
    if let Some(start) = lower_lines
        .iter()
        .position(|l| SECTION.any_in_body(mail, l))
    {
        let mut current: Option<(Facts, String)> = None;
        for line in &lines[start + 1..] {
            let t = line.trim();
            if is_original_headers(t) || text::is_header_line(t) {
                break;
            }
            if let Some(a) = address_line(t) {
                if let Some(done) = current.take() {
                    out.push(finish(done));
                }
                current = Some((Facts::with_recipient(a), String::new()));
                continue;
            }
            if let Some((_, error)) = current.as_mut() {
                if !t.is_empty() && !t.starts_with("___") {
                    error.push(' ');
                    error.push_str(t);
                }
            }
        }
        if let Some(done) = current.take() {
            out.push(finish(done));
        }
    }
    // Exchange 2003: "addr on <date>" lines with their error lines indented below.
    if out.is_empty() {
        if let Some(start) = lower_lines
            .iter()
            .position(|l| NDR_2003.any_in_body(mail, l))
        {
            let mut current: Option<(Facts, String)> = None;
            for line in &lines[start + 1..] {
                if out.len() >= crate::mta::MAX_RECORDS {
                    break;
                }
                let t = line.trim();
                if let Some(a) = recipient_2003(t) {
                    if let Some(done) = current.take() {
                        out.push(finish(done));
                    }
                    current = Some((Facts::with_recipient(a), String::new()));
                    continue;
                }
                if let Some((_, error)) = current.as_mut() {
                    if !t.is_empty() {
                        error.push(' ');
                        error.push_str(t);
                    }
                }
            }
            if let Some(done) = current.take() {
                out.push(finish(done));
            }
            for f in out.iter_mut() {
                f.reason_hint = x400_reason(f.diagnostic.as_deref().unwrap_or(""));
            }
        }
    }
    // The first list of the 2007 layout, and the newer "Your message to X couldn't be delivered".
    if out.is_empty() {
        let mut error: Option<String> = None;
        // "Remote server: mail.example.com" in the newer layout's "Error Details": the server
        // that refused (not the one that wrote the NDR).
        let mut remote: Option<String> = None;
        for (i, (line, lower)) in lines.iter().zip(&lower_lines).enumerate() {
            let t = line.trim();
            let l = lower.trim();
            if remote.is_none() {
                remote = l
                    .strip_prefix("remote server:")
                    .and_then(|_| t.get("remote server:".len()..))
                    .and_then(|r| r.split_whitespace().next())
                    .filter(|h| h.contains('.'))
                    .map(str::to_string);
            }
            // The first labelled reply, unless a later one says the same and more ("Status
            // code: 550 5.1.351", then "Error: 550 5.1.351 Remote server returned … -> 550
            // 5.1.1 …" in the 2026 layout).
            let open = error.as_deref().is_none_or(|e| e.len() < 40);
            if open {
                if let Some(label) = ERROR_LABELS.iter().find(|p| l.starts_with(*p)) {
                    let rest = t
                        .get(label.len()..)
                        .unwrap_or("")
                        .trim_start_matches([':', ' ', '\u{a0}', '\t']);
                    // ("Error:" alone, the reply on the next line.)
                    let rest = if rest.is_empty() {
                        lines.get(i + 1).map_or("", |n| n.trim())
                    } else {
                        rest
                    };
                    if crate::smtp::find_reply_code(rest).is_some()
                        || crate::smtp::find_status(rest).is_some()
                    {
                        let found = strip_returned(rest);
                        match &error {
                            Some(e)
                                if !(found.starts_with(e.as_str()) && found.len() > e.len()) => {}
                            _ => error = Some(found),
                        }
                    }
                }
            }
            if out.len() < 100 {
                let presents = PRESENTS.any_in_body(mail, l);
                // Several recipients on one line, as Outlook on the web copies them
                // ("a@b; c@d; e@f"), or one address the line presents.
                let listed: Vec<String> = t
                    .split(';')
                    .map(|p| text::as_address(p.trim()))
                    .collect::<Option<Vec<String>>>()
                    .filter(|all| all.len() > 1)
                    .unwrap_or_default();
                let found: Vec<String> = if !listed.is_empty() {
                    listed
                } else if presents {
                    text::first_address(t).into_iter().collect()
                } else {
                    address_line(t).into_iter().collect()
                };
                for a in found {
                    if !out
                        .iter()
                        .any(|f| f.recipient.as_deref() == Some(a.as_str()))
                        && !text::is_header_line(t)
                    {
                        out.push(Facts::with_recipient(a));
                    }
                }
            }
            if is_original_headers(l) {
                break;
            }
        }
        if let Some(e) = error {
            for f in out.iter_mut() {
                text::fill(f, &e);
            }
        }
        if out.len() == 1 && out[0].remote_mta.is_none() {
            out[0].remote_mta = remote;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Exchange 2003's recipient lines: `a@b on <date>` or `Name (SMTP=a@b) on <date>`.
fn recipient_2003(t: &str) -> Option<String> {
    let (who, _) = t.split_once(" on ")?;
    let who = who.trim();
    if let Some((_, smtp)) = who.split_once("SMTP=").or_else(|| who.split_once("smtp=")) {
        return text::first_address(smtp);
    }
    text::as_address(who)
}

/// Exchange 2003's X.400-era error codes (`MSEXCH:IMS:… (000C05A6) Unknown Recipient`) and what
/// they mean; these NDRs carry no RFC 3463 code. Codes as Sisimai's Exchange2003 module lists
/// them (lib/Sisimai/Lhost/Exchange2003.pm).
const X400_CODES: &[(&str, Reason)] = &[
    ("000C05A6", Reason::Userunknown),   // Unknown Recipient
    ("000C0595", Reason::Filtered),      // Ambiguous Recipient
    ("00010256", Reason::Systemerror),   // Too many recipients
    ("000D06B5", Reason::Systemerror),   // No proxy for recipient
    ("00120270", Reason::Networkerror),  // Too many hops
    ("00050311", Reason::Contenterror),  // Conversion to Internet format failed
    ("000502CC", Reason::Contenterror),  // Conversion to Internet format failed
    ("000B0981", Reason::Securityerror), // 502 Server does not support AUTH
];

fn x400_reason(diagnostic: &str) -> Option<Reason> {
    let upper = diagnostic.to_ascii_uppercase();
    X400_CODES
        .iter()
        .find(|(c, _)| upper.contains(&format!("({c})")))
        .map(|(_, r)| *r)
}

/// A line that is one address (`addr`, `Name<mailto:addr>`, `addr<mailto:addr>`, `addr on …`).
fn address_line(t: &str) -> Option<String> {
    if let Some((_, rest)) = t.split_once("<mailto:") {
        return text::first_address(rest);
    }
    text::as_address(t)
}

/// `… Remote Server at x (ip) returned '550 5.1.1 …'` → `550 5.1.1 …`; `#550 … ##` → `550 …`.
fn strip_returned(error: &str) -> String {
    let e = error.trim();
    if let Some((_, rest)) = e.split_once("returned '") {
        // The quote ends where the next attempt's timestamp (or the text) begins.
        let end = rest
            .match_indices('\'')
            .map(|(i, _)| i)
            .find(|&i| {
                rest[i + 1..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_digit())
            })
            .unwrap_or(rest.len());
        return rest[..end].trim().to_string();
    }
    e.trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
        .to_string()
}

fn finish((mut f, error): (Facts, String)) -> Facts {
    let e = error.trim();
    // Several attempts may be listed; the first is the latest. A delay notice opens with its
    // summary ("returned '400 4.4.7 Message delayed'") and then lists the attempts with the
    // remote's own words: the first of those.
    let mut own = strip_returned(e);
    if own.to_ascii_lowercase().ends_with("4.4.7 message delayed") {
        if let Some(at) = e.match_indices("returned '").nth(1).map(|(i, _)| i) {
            own = strip_returned(&e[at..]);
        }
    }
    text::fill(&mut f, &own);
    // "Remote Server at mx.example.org (192.0.2.1) returned …": who answered — unless
    // Exchange Online tells of its own attempt ("Primary target IP address responded with: …",
    // the reporting system's chained error, as `A -> B`).
    if f.remote_mta.is_none() && !crate::find::contains_ci(&own, "responded with") {
        if let Some(at) = crate::find::find_ci(e, "server at ") {
            let host = e[at + "server at ".len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches([',', ':']);
            if text::is_host_name(host) {
                f.remote_mta = Some(host.to_string());
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_2007() {
        let body = "Delivery has failed to these recipients or groups:\n\nkijitora@example.onmicrosoft.com<mailto:kijitora@example.onmicrosoft.com>\nThe email address you entered couldn't be found.\n\nDiagnostic information for administrators:\n\nGenerating server: NEKOCHAN.example.prod.outlook.com\n\nkijitora@example.onmicrosoft.com\nRemote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n\nOriginal message headers:\n";
        let r = parse(&Mail::from_text(body)).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].diagnostic.as_deref(),
            Some("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found")
        );
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
        let mail = Mail::from_text(body);
        assert!(!is_localized(&mail, &mail.body_lower));
        let mail = Mail::from_text("Diagnoseinformationen für Administratoren:");
        assert!(is_localized(&mail, &mail.body_lower));
    }

    #[test]
    fn newer_layout_with_the_error_on_the_line_after_its_label() {
        let body = "Your message to k@shop.example couldn't be delivered.\n\n\
            shop.example couldn't be found.\n\nMore Info for Email Admins\nStatus code: 550 5.4.310\n\n\
            Error:\n550 5.4.310 DNS domain shop.example does not exist [Message=InfoDomainNonexistent]\n\n\
            Message rejected by: AS8P190MB1427.EURP190.PROD.OUTLOOK.COM\n";
        let r = parse(&Mail::from_text(body)).unwrap();
        assert_eq!(r[0].recipient.as_deref(), Some("k@shop.example"));
        // The reply with its words, not only the status line's code.
        assert!(
            r[0].diagnostic
                .as_deref()
                .unwrap()
                .contains("does not exist"),
            "{:?}",
            r[0].diagnostic
        );
    }
}
