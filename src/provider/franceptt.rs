//! Orange / Wanadoo and La Poste (France PTT). Codes ported from Sisimai (go-sisimai
//! `rhost/for-franceptt.go`, BSD-2-Clause), from
//! https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/ and
//! https://smtpfieldmanual.com/provider/orange

use super::{first_row, text_of, Provider, Row};
use crate::facts::Facts;
use crate::reason::Reason;

pub const PROVIDER: Provider = Provider {
    id: "orange",
    hosts: &[".laposte.net", ".orange.fr", ".wanadoo.fr"],
    reason,
    support_url: Some("https://postmaster.orange.fr/"),
    source: "https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/",
};

/// The number after `LPN…_`, `OFR…_`, `OUK_` labels (`OFR006_102` → `102`).
#[rustfmt::skip]
const CODES: &[(&str, Option<Reason>)] = &[
    // 550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus ... LPNAAA_101
    ("101", Some(Reason::Blocked)),
    // 550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. OFR006_102
    ("102", Some(Reason::Blocked)),
    // 550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. OFR006_103
    ("103", Some(Reason::Blocked)),
    // 421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. OFR005_104
    ("104", Some(Reason::Toomanyconn)),
    ("105", None), // Veuillez essayer plus tard.
    ("107", None), // Service refused, please try later. LPN006_107
    ("108", None), // service refused, please try later. LPN001_108
    ("109", None), // Veuillez essayer plus tard. LPN003_109
    ("201", None), // Veuillez essayer plus tard. OFR004_201
    // 550 5.7.0 Code d'authentification invalide OFR_305
    ("305", Some(Reason::Securityerror)),
    // 550 5.5.0 SPF: *** is not allowed to send mail. LPN004_401
    ("401", Some(Reason::Authfailure)),
    // 550 5.5.0 Authentification requise. Authentication Required. LPN105_402
    ("402", Some(Reason::Securityerror)),
    // 5.0.1 Emetteur invalide. Invalid Sender.
    ("403", Some(Reason::Rejected)),
    ("405", Some(Reason::Rejected)),
    ("415", Some(Reason::Rejected)),
    // 550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416
    ("416", Some(Reason::Userunknown)),
    // 552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417
    ("417", Some(Reason::Mailboxfull)),
    // 550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420
    ("420", Some(Reason::Suspend)),
    // 5.5.3 Mail from not owned by user. LPN105_421.
    ("421", Some(Reason::Rejected)),
    ("423", None), // Service refused, please try later. LPN105_423
    ("424", None), // Veuillez essayer plus tard. LPN105_424
    // 550 5.5.0 Le compte du destinataire est bloque. The recipient account isblocked. LPN007_426
    ("426", Some(Reason::Suspend)),
    // 421 4.2.0 Service refuse. Veuillez essayer plus tard. OFR005_505
    ("505", Some(Reason::Systemerror)),
    // Mail rejete. Mail rejected. OFR_506 [506]
    ("506", Some(Reason::Spamdetected)),
    // 550 5.5.0 Service refuse. Veuillez essayer plus tard. LPN005_510
    ("510", Some(Reason::Blocked)),
    ("513", None), // Mail rejete. Mail rejected. OUK_513
    // Taille limite du message atteinte
    ("514", Some(Reason::Mesgtoobig)),
    // 571 5.7.1 Message refused, DMARC verification Failed. LPN007_517
    ("517", Some(Reason::Authfailure)),
    // 554 5.7.1 Client host rejected LPN000_630
    ("630", Some(Reason::Policyviolation)),
    // 421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. OFR_999 [999]
    ("999", Some(Reason::Blocked)),
];

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 421 smtp.orange.fr [192.0.2.1] Emetteur invalide, Veuillez verifier la configuration
    //   SPF/DNS de votre nom de domaine. Invalid Sender. SPF check failed ...
    Row { reason: Reason::Authfailure, phrase: "spf/dns de votre nom de domaine" },
];

pub fn reason(facts: &Facts) -> Option<Reason> {
    let text = text_of(facts).replace('_', "-");
    for label in ["lpn", "lpnaaa", "ofr", "ouk"] {
        let Some(at) = text.rfind(label) else {
            continue;
        };
        let tail = &text[at + label.len()..];
        let word = tail.split(' ').next().unwrap_or("");
        if let Some(&(_, r)) = CODES.iter().find(|(c, _)| word.ends_with(c)) {
            return r;
        }
        break;
    }
    first_row(ROWS, &text)
}
