//! The Office 365 Anti-Spam IP Delist Portal, https://sender.office.com/ (research/microsoft.md
//! §2): one e-mail address (the one that received the NDR — it gets a confirmation link) and one
//! IP per visit, plus a captcha the user solves. Element ids are not documented anywhere, so the
//! fields are found by name, label, aria-label and placeholder text.

use super::{FieldPlan, FillPlan};

pub const URL: &str = "https://sender.office.com/";
pub const MATCHES: &[&str] = &["https://sender.office.com/"];

/// The plan for the delist portal. `email` is the bounce's recipient (the original sender).
pub fn plan(email: Option<&str>, ip: Option<&str>) -> FillPlan {
    let fields = vec![
        FieldPlan::new(
            "email",
            "E-mail address (receives the confirmation link)",
            "email",
            "email",
            &[
                "Email address",
                "E-mail address",
                "Email",
                "Enter your email address",
            ],
        )
        .value(email.unwrap_or("")),
        FieldPlan::new(
            "ip_address",
            "IP address to delist",
            "text",
            "ip",
            &["IP address", "IP Address", "IP", "Enter the IP address"],
        )
        .value(ip.unwrap_or("")),
    ];
    FillPlan {
        form: "office365_delist_portal".to_string(),
        url: URL.to_string(),
        matches: MATCHES.iter().map(|m| m.to_string()).collect(),
        fields,
    }
}
