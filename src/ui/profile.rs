//! The user's own details for Microsoft's form, kept by the host (`storage.local` in the
//! extension) and merged into a fill plan before it is opened or applied.

use serde::{Deserialize, Serialize};

use crate::forms::FillPlan;

/// What the profile section edits. Every member is also the `key` of the fill-plan field it
/// fills; values are the form's own option values where the field is a select.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub contact_name: String,
    pub contact_email: String,
    /// One of [`SELF_DESCRIPTIONS`].
    pub self_description: String,
    /// A Windows time-zone id ([`crate::forms::timezones`]).
    pub timezone: String,
    pub website_url: String,
    /// One of [`SERVER_TYPES`].
    pub server_type: String,
}

/// The Outlook.com form's `SelfDescription` option values (one list, kept with the form's plan).
pub use crate::forms::outlook::SELF_DESCRIPTION as SELF_DESCRIPTIONS;

/// The form's `ServerType` option values, with the string key of their label.
pub const SERVER_TYPES: &[(&str, &str)] = &[
    ("Dedicated", "server_dedicated"),
    ("Shared", "server_shared"),
    ("Unknown", "server_unknown"),
];

impl Profile {
    /// `(fill-plan key, value)` for every member.
    pub fn entries(&self) -> [(&'static str, &str); 6] {
        [
            ("contact_name", &self.contact_name),
            ("contact_email", &self.contact_email),
            ("self_description", &self.self_description),
            ("timezone", &self.timezone),
            ("website_url", &self.website_url),
            ("server_type", &self.server_type),
        ]
    }

    /// Set a member by its key; false for an unknown key.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        let slot = match key {
            "contact_name" => &mut self.contact_name,
            "contact_email" => &mut self.contact_email,
            "self_description" => &mut self.self_description,
            "timezone" => &mut self.timezone,
            "website_url" => &mut self.website_url,
            "server_type" => &mut self.server_type,
            _ => return false,
        };
        *slot = value;
        true
    }
}

/// The plan with the profile's non-empty values put into the fields of the same key. For a
/// select the value also goes first in `options`, so the filler tries it first.
pub fn merge(plan: &FillPlan, profile: &Profile) -> FillPlan {
    let mut plan = plan.clone();
    for field in &mut plan.fields {
        let Some((_, value)) = profile.entries().into_iter().find(|(k, _)| *k == field.key) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        field.value = value.to_string();
        if field.control == "select" {
            field.options.retain(|o| o != value);
            field.options.insert(0, value.to_string());
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{FieldPlan, Locator};

    fn field(key: &str, value: &str, control: &str) -> FieldPlan {
        FieldPlan {
            key: key.into(),
            label: key.into(),
            value: value.into(),
            control: control.into(),
            locators: vec![Locator::new("id", key)],
            options: vec!["Unknown".into()],
            keep_existing: false,
        }
    }

    #[test]
    fn profile_values_fill_matching_fields_only() {
        let plan = FillPlan {
            form: "outlook_sender_support".into(),
            url: "https://olcsupport.office.com/".into(),
            matches: vec![],
            fields: vec![
                field("ip_addresses", "203.0.113.5", "textarea"),
                field("contact_name", "", "text"),
                field("server_type", "Unknown", "select"),
                field("website_url", "https://example.org/", "text"),
            ],
        };
        let profile = Profile {
            contact_name: " Ada Admin ".into(),
            server_type: "Dedicated".into(),
            ..Profile::default()
        };
        let merged = merge(&plan, &profile);
        assert_eq!(merged.fields[0].value, "203.0.113.5");
        assert_eq!(merged.fields[1].value, "Ada Admin");
        assert_eq!(merged.fields[2].value, "Dedicated");
        assert_eq!(merged.fields[2].options, ["Dedicated", "Unknown"]);
        // An empty profile value keeps what the decoder found.
        assert_eq!(merged.fields[3].value, "https://example.org/");
    }

    #[test]
    fn unknown_members_are_tolerated() {
        let p: Profile = serde_json::from_str(r#"{"contact_name":"A","extra":1}"#).unwrap();
        assert_eq!(p.contact_name, "A");
    }
}
