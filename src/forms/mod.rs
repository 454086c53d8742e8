//! Fill plans for Microsoft's forms: which field gets which value, and how the in-page filler
//! finds the field (ordered locators: id first, then name, label text, aria-label, placeholder).
//! The filler (`extension/filler.js`) is generic; everything form-specific lives here.

pub mod timezones;

use serde::{Deserialize, Serialize};

/// A plan the in-page filler applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FillPlan {
    /// Stable id of the form: `outlook_sender_support` or `office365_delist_portal`.
    pub form: String,
    /// The URL to open.
    pub url: String,
    /// URL prefixes (scheme + host + path prefix) on which this plan applies.
    pub matches: Vec<String>,
    pub fields: Vec<FieldPlan>,
}

/// One field to fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldPlan {
    /// Stable key (`issue_title`, `ip_addresses` …), also used for the copy buttons.
    pub key: String,
    /// Human label shown next to the value in the popup.
    pub label: String,
    pub value: String,
    /// `text`, `textarea`, `select`, `email`.
    pub control: String,
    /// Ordered ways to find the element.
    pub locators: Vec<Locator>,
    /// For selects: acceptable option values/texts, best first (the filler also tries `value`).
    pub options: Vec<String>,
    /// Leave the field alone when it already has a value (the user's, or a signed-in account's).
    pub keep_existing: bool,
}

/// How to find an element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locator {
    /// `id`, `name`, `label`, `aria`, `placeholder`.
    pub by: String,
    pub value: String,
}

impl Locator {
    pub fn new(by: &str, value: &str) -> Self {
        Locator {
            by: by.to_string(),
            value: value.to_string(),
        }
    }
}

pub mod office365;
pub mod outlook;

impl FieldPlan {
    /// A field with the standard locator order: id, name, label text, aria-label, placeholder.
    pub fn new(key: &str, label: &str, control: &str, id: &str, texts: &[&str]) -> Self {
        let mut locators = vec![Locator::new("id", id), Locator::new("name", id)];
        for by in ["label", "aria", "placeholder"] {
            locators.extend(texts.iter().map(|t| Locator::new(by, t)));
        }
        FieldPlan {
            key: key.to_string(),
            label: label.to_string(),
            value: String::new(),
            control: control.to_string(),
            locators,
            options: Vec::new(),
            keep_existing: false,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn options(mut self, options: &[&str]) -> Self {
        self.options = options.iter().map(|o| o.to_string()).collect();
        self
    }

    pub fn keep_existing(mut self) -> Self {
        self.keep_existing = true;
        self
    }
}

impl FillPlan {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&FieldPlan> {
        self.fields.iter().find(|f| f.key == key)
    }
}
