//! The one table of QRIS issuers (the payer's app): a gateway's code or name normalised to a
//! stable id, and the name shown to people. Used when a payment is stored and when the report
//! groups and labels it, so both always agree.

/// Normalise a gateway's issuer name: `GoPay`, `gopay`, `GOPAY ` → `gopay`; `airpay shopee` →
/// `shopeepay`. Unknown names are kept, lower-cased.
pub fn issuer_id(raw: &str) -> String {
    let s = raw.trim().to_lowercase();
    let compact: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let known = [
        ("gopay", "gopay"),
        ("ovo", "ovo"),
        ("danamon", "danamon"),
        ("dana", "dana"),
        ("shopee", "shopeepay"),
        ("airpay", "shopeepay"),
        ("linkaja", "linkaja"),
        ("bca", "bca"),
        ("mandiri", "mandiri"),
        ("livin", "mandiri"),
        ("brimo", "bri"),
        ("bri", "bri"),
        ("bni", "bni"),
        ("jago", "jago"),
        ("jenius", "jenius"),
    ];
    known
        .iter()
        .find(|(needle, _)| compact.starts_with(needle))
        .map_or(s, |(_, id)| (*id).to_string())
}

/// Name to show for a normalised issuer id.
pub fn issuer_label(id: &str) -> String {
    match id {
        "gopay" => "GoPay",
        "ovo" => "OVO",
        "dana" => "DANA",
        "shopeepay" => "ShopeePay",
        "linkaja" => "LinkAja",
        "bca" => "BCA mobile",
        "mandiri" => "Livin' by Mandiri",
        "bri" => "BRImo",
        "bni" => "BNI Mobile",
        "jago" => "Bank Jago",
        "danamon" => "D-Bank PRO",
        "jenius" => "Jenius",
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_of_one_app_share_an_id_and_a_label() {
        for raw in ["gopay", "GoPay", " GOPAY "] {
            assert_eq!(issuer_label(&issuer_id(raw)), "GoPay", "{raw}");
        }
        assert_eq!(issuer_label(&issuer_id("livin")), "Livin' by Mandiri");
        assert_eq!(issuer_label(&issuer_id("brimo")), "BRImo");
        assert_eq!(issuer_label(&issuer_id("jenius")), "Jenius");
        assert_eq!(issuer_label(&issuer_id("Bank Lokal")), "bank lokal");
    }
}
