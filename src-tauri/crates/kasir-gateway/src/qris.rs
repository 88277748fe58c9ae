//! EMVCo Merchant-Presented-Mode QRIS payloads: TLV building, parsing and CRC-16/CCITT-FALSE.
//! Pure functions only (no I/O, no clock). Used by the emulator to mint dynamic QRIS and by the
//! app to sanity-check a gateway's `qr_string` (amount, merchant) before showing it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{GatewayError, Result};

/// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The merchant identity printed into a QRIS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantInfo {
    /// Reverse-domain id of the acquirer template (tag 26 sub-tag 00), e.g. `ID.CO.EMULATOR.WWW`.
    pub acquirer_domain: String,
    /// Merchant PAN (tag 26 sub-tag 01), digits.
    pub merchant_pan: String,
    /// Merchant id at the acquirer (tag 26 sub-tag 02).
    pub merchant_id: String,
    /// National merchant id (tag 51 sub-tag 02), e.g. `ID1020000000001`.
    pub nmid: String,
    /// Merchant category code, 4 digits.
    pub mcc: String,
    /// Criteria UMI/UKE/UME/UBE/URE.
    pub criteria: String,
    /// At most 25 characters (longer is cut).
    pub name: String,
    /// At most 15 characters (longer is cut).
    pub city: String,
    pub postal_code: String,
}

impl MerchantInfo {
    /// A harmless demo merchant for the emulator.
    pub fn demo() -> Self {
        Self {
            acquirer_domain: "ID.CO.EMULATOR.WWW".into(),
            merchant_pan: "936000000000000001".into(),
            merchant_id: "EMU0000001".into(),
            nmid: "ID1020000000001".into(),
            mcc: "5411".into(),
            criteria: "UMI".into(),
            name: "Toko Alpiant".into(),
            city: "BANDUNG".into(),
            postal_code: "40111".into(),
        }
    }
}

fn tlv(out: &mut String, tag: &str, value: &str) {
    // Values are ASCII here; lengths above 99 are clamped by the callers (truncate).
    out.push_str(tag);
    out.push_str(&format!("{:02}", value.len()));
    out.push_str(value);
}

fn ascii_cut(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .take(max)
        .collect()
}

/// Builds a dynamic (point of initiation `12`) QRIS for `amount` rupiah with `bill_ref` in the
/// additional data (sub-tags 01 bill number and 05 reference).
pub fn build_dynamic(merchant: &MerchantInfo, amount: i64, bill_ref: &str) -> String {
    let mut acq = String::new();
    tlv(&mut acq, "00", &ascii_cut(&merchant.acquirer_domain, 32));
    tlv(&mut acq, "01", &ascii_cut(&merchant.merchant_pan, 19));
    tlv(&mut acq, "02", &ascii_cut(&merchant.merchant_id, 15));
    tlv(&mut acq, "03", &ascii_cut(&merchant.criteria, 3));
    let mut national = String::new();
    tlv(&mut national, "00", "ID.CO.QRIS.WWW");
    tlv(&mut national, "02", &ascii_cut(&merchant.nmid, 15));
    tlv(&mut national, "03", &ascii_cut(&merchant.criteria, 3));
    let bill = ascii_cut(bill_ref, 25);
    let mut additional = String::new();
    tlv(&mut additional, "01", &bill);
    tlv(&mut additional, "05", &bill);

    let mut out = String::new();
    tlv(&mut out, "00", "01");
    tlv(&mut out, "01", "12");
    tlv(&mut out, "26", &acq);
    tlv(&mut out, "51", &national);
    tlv(&mut out, "52", &ascii_cut(&merchant.mcc, 4));
    tlv(&mut out, "53", "360");
    tlv(&mut out, "54", &amount.max(0).to_string());
    tlv(&mut out, "58", "ID");
    tlv(&mut out, "59", &ascii_cut(&merchant.name, 25));
    tlv(&mut out, "60", &ascii_cut(&merchant.city, 15));
    tlv(&mut out, "61", &ascii_cut(&merchant.postal_code, 10));
    tlv(&mut out, "62", &additional);
    out.push_str("6304");
    let crc = crc16_ccitt_false(out.as_bytes());
    out.push_str(&format!("{crc:04X}"));
    out
}

/// One merchant account template (tags 26–45) or the national repository (51).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantAccount {
    pub tag: String,
    pub global_id: Option<String>,
    pub pan: Option<String>,
    pub merchant_id: Option<String>,
    pub criteria: Option<String>,
}

/// A parsed QRIS payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrisPayload {
    pub payload_format: String,
    /// `"11"` static, `"12"` dynamic.
    pub point_of_initiation: Option<String>,
    pub accounts: Vec<MerchantAccount>,
    pub mcc: Option<String>,
    pub currency: Option<String>,
    /// Whole rupiah; `None` for a static QR without amount.
    pub amount: Option<i64>,
    pub country: Option<String>,
    pub merchant_name: Option<String>,
    pub merchant_city: Option<String>,
    pub postal_code: Option<String>,
    /// Sub-tags of tag 62 (01 bill number, 05 reference, 07 terminal, ...).
    pub additional: BTreeMap<String, String>,
    pub crc: String,
    /// All top-level tags in the order seen.
    pub tags: Vec<(String, String)>,
}

impl QrisPayload {
    pub fn is_dynamic(&self) -> bool {
        self.point_of_initiation.as_deref() == Some("12")
    }
    pub fn bill_number(&self) -> Option<&str> {
        self.additional.get("01").map(String::as_str)
    }
}

fn bad(msg: impl Into<String>) -> GatewayError {
    GatewayError::InvalidResponse(format!("QRIS: {}", msg.into()))
}

/// Splits a TLV string into (tag, value) pairs, checking every length.
fn split_tlv(s: &str) -> Result<Vec<(String, String)>> {
    if !s.is_ascii() {
        return Err(bad("non-ASCII payload"));
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        if i + 4 > b.len() {
            return Err(bad(format!("truncated TLV header at {i}")));
        }
        let tag = &s[i..i + 2];
        let len_s = &s[i + 2..i + 4];
        if !tag.bytes().all(|c| c.is_ascii_digit()) || !len_s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad(format!("bad tag/length at {i}")));
        }
        let len: usize = len_s.parse().map_err(|_| bad("bad length"))?;
        let start = i + 4;
        let end = start + len;
        if end > b.len() {
            return Err(bad(format!("tag {tag} runs past the end")));
        }
        out.push((tag.to_string(), s[start..end].to_string()));
        i = end;
    }
    Ok(out)
}

/// Parses and validates a QRIS payload: CRC, every TLV length, nested templates; tag order may
/// vary except that tag 00 must be first and tag 63 last.
pub fn parse(payload: &str) -> Result<QrisPayload> {
    let payload = payload.trim();
    let tags = split_tlv(payload)?;
    let first = tags.first().ok_or_else(|| bad("empty payload"))?;
    if first.0 != "00" {
        return Err(bad("tag 00 must come first"));
    }
    let last = tags.last().ok_or_else(|| bad("empty payload"))?;
    if last.0 != "63" || last.1.len() != 4 {
        return Err(bad("tag 63 (CRC) must come last with 4 hex digits"));
    }
    let body = &payload[..payload.len() - 4];
    let expected = crc16_ccitt_false(body.as_bytes());
    let given = u16::from_str_radix(&last.1, 16).map_err(|_| bad("CRC is not hex"))?;
    if given != expected {
        return Err(bad(format!(
            "CRC mismatch: payload says {}, computed {expected:04X}",
            last.1
        )));
    }

    let mut p = QrisPayload {
        payload_format: first.1.clone(),
        point_of_initiation: None,
        accounts: Vec::new(),
        mcc: None,
        currency: None,
        amount: None,
        country: None,
        merchant_name: None,
        merchant_city: None,
        postal_code: None,
        additional: BTreeMap::new(),
        crc: last.1.to_ascii_uppercase(),
        tags: tags.clone(),
    };
    let mut seen = std::collections::HashSet::new();
    for (tag, value) in &tags {
        if !seen.insert(tag.clone()) {
            return Err(bad(format!("tag {tag} appears twice")));
        }
        let n: u32 = tag.parse().map_err(|_| bad("bad tag"))?;
        match n {
            1 => p.point_of_initiation = Some(value.clone()),
            26..=51 => {
                let subs =
                    split_tlv(value).map_err(|_| bad(format!("bad template in tag {tag}")))?;
                let get = |t: &str| subs.iter().find(|(k, _)| k == t).map(|(_, v)| v.clone());
                p.accounts.push(MerchantAccount {
                    tag: tag.clone(),
                    global_id: get("00"),
                    pan: get("01"),
                    merchant_id: get("02"),
                    criteria: get("03"),
                });
            }
            52 => p.mcc = Some(value.clone()),
            53 => p.currency = Some(value.clone()),
            54 => p.amount = Some(parse_amount(value)?),
            58 => p.country = Some(value.clone()),
            59 => p.merchant_name = Some(value.clone()),
            60 => p.merchant_city = Some(value.clone()),
            61 => p.postal_code = Some(value.clone()),
            62 => {
                let subs = split_tlv(value).map_err(|_| bad("bad additional data (tag 62)"))?;
                p.additional = subs.into_iter().collect();
            }
            _ => {}
        }
    }
    if p.payload_format != "01" {
        return Err(bad("payload format indicator must be 01"));
    }
    Ok(p)
}

/// `"15000"`, `"15000.00"` or `"15000.0"` → 15000; real fractions are refused (IDR has none).
fn parse_amount(v: &str) -> Result<i64> {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, f),
        None => (v, ""),
    };
    if int.is_empty()
        || !int.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c == b'0')
    {
        return Err(bad(format!("bad amount {v:?}")));
    }
    int.parse().map_err(|_| bad(format!("bad amount {v:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From docs.midtrans.com "GoPay QRIS POS Integration" (charge response example).
    const MIDTRANS_DOC_QR: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";
    /// From the xendit-python README (legacy QR codes API): tags 53/54 come after 62.
    const XENDIT_DOC_QR: &str = "00020101021226660014ID.LINKAJA.WWW011893600911002411480002152004230411480010303UME51450015ID.OR.GPNQR.WWW02150000000000000000303UME520454995802ID5920Placeholder merchant6007Jakarta610612345662380115wLoc6DRGwAOgSkZ0715wLoc6DRGwAOgSkZ53033605404400063047668";

    #[test]
    fn crc_check_value() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }

    #[test]
    fn build_then_parse_round_trip() {
        let m = MerchantInfo::demo();
        let s = build_dynamic(&m, 15_000, "INV-001");
        let p = parse(&s).expect("own payload must parse");
        assert!(p.is_dynamic());
        assert_eq!(p.amount, Some(15_000));
        assert_eq!(p.merchant_name.as_deref(), Some("Toko Alpiant"));
        assert_eq!(p.merchant_city.as_deref(), Some("BANDUNG"));
        assert_eq!(p.currency.as_deref(), Some("360"));
        assert_eq!(p.country.as_deref(), Some("ID"));
        assert_eq!(p.bill_number(), Some("INV-001"));
        assert_eq!(
            p.accounts[0].global_id.as_deref(),
            Some("ID.CO.EMULATOR.WWW")
        );
        assert_eq!(p.accounts[1].global_id.as_deref(), Some("ID.CO.QRIS.WWW"));
        assert!(s.starts_with("000201010212"));
        assert!(s[s.len() - 8..].starts_with("6304"));
    }

    #[test]
    fn long_name_and_city_are_cut() {
        let mut m = MerchantInfo::demo();
        m.name = "Toko Kelontong Sejahtera Abadi Makmur".into();
        m.city = "KABUPATEN BANDUNG BARAT".into();
        let p = parse(&build_dynamic(&m, 1, "x")).unwrap();
        assert_eq!(p.merchant_name.unwrap().len(), 25);
        assert_eq!(p.merchant_city.unwrap().len(), 15);
    }

    #[test]
    fn bad_crc_rejected() {
        let s = build_dynamic(&MerchantInfo::demo(), 15_000, "INV-001");
        let mut broken = s[..s.len() - 4].to_string();
        let last = if s.ends_with("0000") { "0001" } else { "0000" };
        broken.push_str(last);
        assert!(parse(&broken).is_err(), "a wrong CRC must be refused");
        // Tampered amount with the old CRC: a classic QRIS fraud.
        let tampered = s.replace("540515000", "540519000");
        assert_ne!(tampered, s);
        assert!(
            parse(&tampered).is_err(),
            "an edited amount must break the CRC"
        );
    }

    #[test]
    fn truncated_rejected() {
        let s = build_dynamic(&MerchantInfo::demo(), 15_000, "INV-001");
        for cut in [1, 5, 10, 30] {
            assert!(parse(&s[..s.len() - cut]).is_err(), "cut {cut} must fail");
        }
        assert!(parse("").is_err());
        assert!(parse("0002").is_err());
    }

    #[test]
    fn midtrans_documented_example_decodes() {
        let p = parse(MIDTRANS_DOC_QR).expect("Midtrans doc example must parse");
        assert_eq!(p.amount, Some(789_000), "amount written as 789000.00");
        assert_eq!(p.merchant_name.as_deref(), Some("Test"));
        assert_eq!(p.merchant_city.as_deref(), Some("BANDUNG"));
        assert!(p.is_dynamic());
        assert_eq!(p.accounts[0].global_id.as_deref(), Some("COM.GO-JEK.WWW"));
        assert_eq!(p.additional.get("07").map(String::as_str), Some("A01"));
        assert_eq!(p.crc, "A623");
    }

    #[test]
    fn tag_order_variant_decodes() {
        let p = parse(XENDIT_DOC_QR).expect("Xendit doc example must parse");
        assert_eq!(p.amount, Some(4000));
        assert_eq!(p.currency.as_deref(), Some("360"));
        assert_eq!(p.merchant_name.as_deref(), Some("Placeholder merchant"));
        assert_eq!(p.tags.last().unwrap().0, "63");
    }

    #[test]
    fn hand_built_reordered_payload_decodes() {
        // Same content as build_dynamic, but 54 before 53 and 62 before 58.
        let mut s = String::new();
        tlv(&mut s, "00", "01");
        tlv(&mut s, "01", "12");
        tlv(&mut s, "26", "0018ID.CO.EMULATOR.WWW0303UMI");
        tlv(&mut s, "54", "2500.00");
        tlv(&mut s, "53", "360");
        tlv(&mut s, "62", "0105AB-12");
        tlv(&mut s, "58", "ID");
        tlv(&mut s, "59", "Warung");
        tlv(&mut s, "60", "Depok");
        s.push_str("6304");
        s.push_str(&format!("{:04X}", crc16_ccitt_false(s.as_bytes())));
        let p = parse(&s).unwrap();
        assert_eq!(p.amount, Some(2500));
        assert_eq!(p.bill_number(), Some("AB-12"));
    }

    #[test]
    fn bad_nesting_and_amount_rejected() {
        let mk = |inner26: &str, amount: &str| {
            let mut s = String::new();
            tlv(&mut s, "00", "01");
            tlv(&mut s, "26", inner26);
            tlv(&mut s, "54", amount);
            s.push_str("6304");
            s.push_str(&format!("{:04X}", crc16_ccitt_false(s.as_bytes())));
            s
        };
        assert!(
            parse(&mk("0099ABC", "100")).is_err(),
            "inner length overrun"
        );
        assert!(parse(&mk("0003ABC", "12.50")).is_err(), "IDR has no cents");
        assert!(parse(&mk("0003ABC", "1e3")).is_err());
        assert!(parse(&mk("0003ABC", "100")).is_ok());
    }
}
