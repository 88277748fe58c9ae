//! The one table of QRIS issuers (the payer's app). A gateway's code or name is normalised to a
//! stable id when a payment is stored ([`issuer_id`]); the name people see is rendered from the id
//! ([`issuer_label`]) on screen, on receipts and in reports, so they always agree.

use strum::IntoEnumIterator;

/// The payer apps we know by name. Anything else is kept as its lower-cased name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Issuer {
    GoPay,
    Ovo,
    Dana,
    ShopeePay,
    LinkAja,
    BcaMobile,
    Livin,
    Brimo,
    BniMobile,
    Jago,
    Danamon,
    Jenius,
}

impl Issuer {
    /// Every known issuer, in the order the demo panel shows them.
    pub fn all() -> impl Iterator<Item = Issuer> {
        Issuer::iter()
    }

    /// The stable id stored in SQLite and sent over IPC.
    pub fn id(self) -> &'static str {
        match self {
            Issuer::GoPay => "gopay",
            Issuer::Ovo => "ovo",
            Issuer::Dana => "dana",
            Issuer::ShopeePay => "shopeepay",
            Issuer::LinkAja => "linkaja",
            Issuer::BcaMobile => "bca",
            Issuer::Livin => "mandiri",
            Issuer::Brimo => "bri",
            Issuer::BniMobile => "bni",
            Issuer::Jago => "jago",
            Issuer::Danamon => "danamon",
            Issuer::Jenius => "jenius",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Issuer::GoPay => "GoPay",
            Issuer::Ovo => "OVO",
            Issuer::Dana => "DANA",
            Issuer::ShopeePay => "ShopeePay",
            Issuer::LinkAja => "LinkAja",
            Issuer::BcaMobile => "BCA mobile",
            Issuer::Livin => "Livin' by Mandiri",
            Issuer::Brimo => "BRImo",
            Issuer::BniMobile => "BNI Mobile",
            Issuer::Jago => "Bank Jago",
            Issuer::Danamon => "D-Bank PRO",
            Issuer::Jenius => "Jenius",
        }
    }

    /// Prefixes of the compacted (lower-case, alphanumeric) name that identify the app, checked
    /// in table order: `danamon` before `dana`, `brimo` before `bri`.
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            Issuer::GoPay => &["gopay"],
            Issuer::Ovo => &["ovo"],
            Issuer::Dana => &["dana"],
            Issuer::ShopeePay => &["shopee", "airpay"],
            Issuer::LinkAja => &["linkaja"],
            Issuer::BcaMobile => &["bca"],
            Issuer::Livin => &["mandiri", "livin"],
            Issuer::Brimo => &["brimo", "bri"],
            Issuer::BniMobile => &["bni"],
            Issuer::Jago => &["jago", "bankjago"],
            Issuer::Danamon => &["danamon", "dbank"],
            Issuer::Jenius => &["jenius"],
        }
    }

    /// A gateway's code or name (`GoPay`, `gopay`, `GOPAY `, `airpay shopee`, `livin`, a stored
    /// label such as `BCA mobile`) to the issuer; `None` for an app we do not know.
    pub fn parse(raw: &str) -> Option<Issuer> {
        let compact: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if compact.is_empty() {
            return None;
        }
        // `danamon` must win over `dana`: try the longest matching prefix.
        Issuer::iter()
            .flat_map(|i| i.prefixes().iter().map(move |p| (i, *p)))
            .filter(|(_, p)| compact.starts_with(p))
            .max_by_key(|(_, p)| p.len())
            .map(|(i, _)| i)
    }

    /// The issuer with this stored id.
    pub fn from_id(id: &str) -> Option<Issuer> {
        Issuer::iter().find(|i| i.id() == id)
    }
}

/// The id to store for a gateway's issuer text: a known app's id, or the trimmed lower-cased
/// name of an app we do not know (kept, so the owner still sees it).
pub fn issuer_id(raw: &str) -> String {
    Issuer::parse(raw).map_or_else(|| raw.trim().to_lowercase(), |i| i.id().to_string())
}

/// The name to show for a stored id (an unknown id is shown as it is).
pub fn issuer_label(id: &str) -> String {
    Issuer::from_id(id).map_or_else(|| id.to_string(), |i| i.label().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_labels_of_one_app_share_an_id() {
        for raw in ["gopay", "GoPay", " GOPAY "] {
            assert_eq!(issuer_label(&issuer_id(raw)), "GoPay", "{raw}");
        }
        assert_eq!(issuer_id("livin"), "mandiri");
        assert_eq!(issuer_id("brimo"), "bri");
        assert_eq!(issuer_id("airpay shopee"), "shopeepay");
        assert_eq!(issuer_id("Danamon"), "danamon", "danamon is not DANA");
        assert_eq!(issuer_id("dana"), "dana");
        assert_eq!(issuer_label(&issuer_id("jenius")), "Jenius");
        assert_eq!(issuer_label(&issuer_id("Bank Lokal")), "bank lokal");
    }

    #[test]
    fn every_issuer_round_trips_through_its_id_and_its_label() {
        for i in Issuer::all() {
            assert_eq!(Issuer::parse(i.id()), Some(i), "id of {i:?}");
            assert_eq!(Issuer::parse(i.label()), Some(i), "label of {i:?}");
            assert_eq!(Issuer::from_id(i.id()), Some(i));
        }
        assert_eq!(Issuer::parse(""), None);
    }
}
