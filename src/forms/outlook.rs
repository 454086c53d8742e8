//! The Outlook.com sender support ("delisting") form: "Sender Information for Outlook.com
//! Delivery". Facts in research/microsoft.md §1.
//!
//! Hosts: `olcsupport.office.com` and
//! `support.microsoft.com/*/supportrequestform/8ad563e3-288e-2a61-8122-3ba03d6b8d75`; Microsoft's
//! stable pointer is the fwlink below. Element ids come from public automation scripts that fill
//! olcsupport.office.com (unverified against today's live page), so every field also carries
//! label/aria/placeholder locators. The page is rendered late by script, usually behind a
//! Microsoft-account sign-in, and `ContactEmail` is then read-only (the signed-in account).
//!
//! The profile fields (`contact_name`, `contact_email`, `timezone`, `self_description`,
//! `server_type`, `website_url` — the keys of `src/ui/profile.rs`) are left empty here: the
//! extension merges the user's saved profile in by key.

use super::{FieldPlan, FillPlan};

/// Microsoft's stable redirect to whichever form is current.
pub const URL: &str = "https://go.microsoft.com/fwlink/?LinkID=614866";

/// URL prefixes on which the plan applies (`*` = any path segment, e.g. a locale).
pub const MATCHES: &[&str] = &[
    "https://olcsupport.office.com/",
    "https://support.microsoft.com/*/supportrequestform/8ad563e3-288e-2a61-8122-3ba03d6b8d75",
    "https://support.microsoft.com/supportrequestform/8ad563e3-288e-2a61-8122-3ba03d6b8d75",
];

/// `DomainTo` option values (script 18155730912 in research §1.3).
pub const DOMAIN_TO: &[&str] = &["hotmail.com", "live.com", "msn.com", "outlook.com", "other"];

/// `SelfDescription` option values.
pub const SELF_DESCRIPTION: &[&str] = &[
    "Internet Service Provider (ISP)",
    "E-mail Service Provider (ESP)",
    "Windows Live Hotmail Customer",
    "Customer of an ISP other than Windows Live Hotmail",
    "University IT",
    "Business (non-marketing)",
    "Other",
];

/// `ServerType` option values.
pub const SERVER_TYPE: &[&str] = &["Unknown", "Dedicated", "Shared"];

/// What the bounce tells us for the form.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    /// Outbound IPs Microsoft quoted (or the best known), most authoritative first.
    pub ips: &'a [String],
    /// Recipient addresses that bounced at Outlook.com.
    pub recipients: &'a [String],
    /// The exact error lines.
    pub errors: &'a [String],
    pub sending_domain: Option<&'a str>,
    /// e.g. `550 5.7.1 S3150`.
    pub code_line: Option<&'a str>,
}

/// The `DomainTo` option for a recipient domain.
pub fn domain_to(recipient_domain: &str) -> &'static str {
    let d = recipient_domain.to_ascii_lowercase();
    let first = d.split('.').next().unwrap_or("");
    match first {
        "hotmail" => "hotmail.com",
        "live" | "windowslive" => "live.com",
        "msn" => "msn.com",
        "outlook" => "outlook.com",
        _ => "other",
    }
}

/// The plan for the Outlook.com sender support form.
pub fn plan(f: &Facts<'_>) -> FillPlan {
    let ip_list = f.ips.join("; ");
    let who = if ip_list.is_empty() {
        String::new()
    } else {
        format!("{} ", f.ips.join(", "))
    };
    let code = f.code_line.map(|c| format!(" ({c})")).unwrap_or_default();
    // A deferral (4xx) is a throttle, not a block: say so, Microsoft's staff read the title.
    let what = if f.code_line.is_some_and(|c| c.starts_with('4')) {
        "throttled"
    } else {
        "blocked"
    };
    let title = format!("Delisting request: {who}{what} by Outlook.com{code}");
    let domain_to_value = f
        .recipients
        .iter()
        .filter_map(|r| r.rsplit_once('@').map(|(_, d)| domain_to(d)))
        .find(|d| *d != "other")
        .unwrap_or("other");
    let fields = vec![
        FieldPlan::new(
            "issue_title",
            "Issue title",
            "text",
            "IssueTitle",
            &["Issue Title", "Issue title"],
        )
        .value(title),
        FieldPlan::new(
            "contact_name",
            "Contact name",
            "text",
            "ContactName",
            &["Contact Name", "Contact name"],
        ),
        FieldPlan::new(
            "domain_to",
            "Domain you are sending to",
            "select",
            "DomainTo",
            &[
                "What domain are you sending to?",
                "What domain are you sending to",
                "Domain you are sending to",
            ],
        )
        .value(domain_to_value)
        .options(&["other"]),
        FieldPlan::new(
            "contact_email",
            "Contact e-mail address",
            "email",
            "ContactEmail",
            &[
                "Contact e-mail address",
                "Contact email address",
                "Email address",
            ],
        )
        .keep_existing(),
        FieldPlan::new(
            "timezone",
            "Time zone",
            "select",
            "ddlTimezones",
            &["Timezone", "Time Zone", "Time zone"],
        ),
        FieldPlan::new(
            "domain_from",
            "Domain you are sending from",
            "text",
            "DomainFrom",
            &[
                "What domain are you sending from?",
                "What domain are you sending from",
                "Domain you are sending from",
            ],
        )
        .value(f.sending_domain.unwrap_or("")),
        FieldPlan::new(
            "self_description",
            "How you describe yourself",
            "select",
            "SelfDescription",
            &[
                "How would you describe your company or yourself",
                "What would you describe your company or yourself",
                "describe your company",
            ],
        )
        .options(SELF_DESCRIPTION),
        FieldPlan::new(
            "ip_addresses",
            "Outbound IP addresses",
            "textarea",
            "IpAddresses",
            &[
                "Outgoing IP addresses",
                "Outbound IP addresses",
                "IP address",
            ],
        )
        .value(ip_list),
        FieldPlan::new(
            "server_type",
            "Dedicated or shared server",
            "select",
            "ServerType",
            &[
                "Do you have a dedicated or shared server",
                "dedicated or shared",
                "Server type",
            ],
        )
        .options(SERVER_TYPE),
        FieldPlan::new(
            "error_messages",
            "Error messages",
            "textarea",
            "ErrorMessages",
            &[
                "Copy and paste all error messages",
                "Error messages",
                "error message",
            ],
        )
        .value(f.errors.join("\n")),
        FieldPlan::new(
            "website_url",
            "Website",
            "text",
            "WebsiteUrl",
            &["Website URL", "Website", "Web site"],
        ),
    ];
    FillPlan {
        form: "outlook_sender_support".to_string(),
        url: URL.to_string(),
        matches: MATCHES.iter().map(|m| m.to_string()).collect(),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_fields() {
        let ips = vec!["203.0.113.45".to_string()];
        let rcpts = vec!["a@hotmail.co.uk".to_string()];
        let errors = vec!["550 5.7.1 Unfortunately … (S3150)".to_string()];
        let p = plan(&Facts {
            ips: &ips,
            recipients: &rcpts,
            errors: &errors,
            sending_domain: Some("example.com"),
            code_line: Some("550 5.7.1 S3150"),
        });
        assert_eq!(
            p.field("issue_title").unwrap().value,
            "Delisting request: 203.0.113.45 blocked by Outlook.com (550 5.7.1 S3150)"
        );
        assert_eq!(p.field("domain_to").unwrap().value, "hotmail.com");
        assert_eq!(p.field("ip_addresses").unwrap().value, "203.0.113.45");
        assert_eq!(p.fields[0].locators[0].by, "id");
        assert!(p.field("contact_email").unwrap().keep_existing);
        assert_eq!(domain_to("outlook.de"), "outlook.com");
        assert_eq!(domain_to("fabrikam.example"), "other");
    }
}
