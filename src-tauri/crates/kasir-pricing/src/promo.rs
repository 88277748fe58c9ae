//! Saved promos and when they apply. Conditions are judged on the **gross** (undiscounted)
//! amounts and on the passed-in shop-local time, so applying one promo never switches another on
//! or off, and the order they are listed in only matters for the arithmetic (see the crate docs).

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{PricingError, Result};
use crate::input::{DiscountValue, PricingLineInput};

/// Minutes in a day; hour windows use minutes since local midnight, `0..1440`.
pub const MINUTES_PER_DAY: u16 = 1440;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromoRule {
    #[ts(type = "number")]
    pub id: i64,
    /// Shown on screen and on the receipt as the discount's label.
    pub name: String,
    pub value: DiscountValue,
    pub target: PromoTarget,
    pub activation: PromoActivation,
    pub conditions: PromoConditions,
}

/// What a promo discounts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PromoTarget {
    /// The matching lines: a percentage off each of them, or a fixed amount off them together
    /// (split by largest remainder).
    Lines,
    /// The whole order (after line discounts); product/category conditions only say which
    /// goods must be in the cart and count towards the minimum purchase.
    Cart,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PromoActivation {
    /// Applies by itself whenever its conditions hold.
    Automatic,
    /// Applies only when the cashier picks it (and its conditions hold).
    Picked,
}

/// All conditions must hold. Empty lists and `None` mean "no condition".
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromoConditions {
    /// Gross amount of the matching lines must be at least this; `0` = none.
    #[ts(type = "number")]
    #[serde(default)]
    pub min_purchase: i64,
    /// A line matches when its product is listed **or** its category is listed; both lists
    /// empty = every line matches.
    #[ts(type = "number[]")]
    #[serde(default)]
    pub product_ids: Vec<i64>,
    #[ts(type = "number[]")]
    #[serde(default)]
    pub category_ids: Vec<i64>,
    /// First and last local date (`YYYY-MM-DD`), inclusive.
    #[ts(type = "string | null")]
    #[serde(default)]
    pub from_date: Option<NaiveDate>,
    #[ts(type = "string | null")]
    #[serde(default)]
    pub until_date: Option<NaiveDate>,
    #[serde(default)]
    pub days: Vec<PromoDay>,
    #[serde(default)]
    pub hours: Option<PromoHours>,
}

/// A daily window in minutes since local midnight: `start` inclusive, `end` exclusive, minute
/// resolution (seconds are ignored, so 15:00–17:00 holds from 15:00:00 through 16:59:59).
/// `start > end` spans midnight (22:00–02:00), and the part after midnight belongs to the
/// **day the window started**: for the day and date conditions, Saturday 01:00 in a Friday
/// 22:00–02:00 window counts as Friday. `start == end` is refused (ambiguous).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromoHours {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl PromoHours {
    /// `PromoHours::hm(15, 0, 17, 0)` = 15:00–17:00.
    pub fn hm(start_h: u16, start_m: u16, end_h: u16, end_m: u16) -> PromoHours {
        PromoHours {
            start_minute: start_h * 60 + start_m,
            end_minute: end_h * 60 + end_m,
        }
    }

    fn spans_midnight(&self) -> bool {
        self.start_minute > self.end_minute
    }

    fn contains(&self, minute: u16) -> bool {
        if self.spans_midnight() {
            minute >= self.start_minute || minute < self.end_minute
        } else {
            self.start_minute <= minute && minute < self.end_minute
        }
    }

    fn label(&self) -> String {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{}–{}", hm(self.start_minute), hm(self.end_minute))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PromoDay {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl PromoDay {
    pub fn of(weekday: Weekday) -> PromoDay {
        match weekday {
            Weekday::Mon => PromoDay::Monday,
            Weekday::Tue => PromoDay::Tuesday,
            Weekday::Wed => PromoDay::Wednesday,
            Weekday::Thu => PromoDay::Thursday,
            Weekday::Fri => PromoDay::Friday,
            Weekday::Sat => PromoDay::Saturday,
            Weekday::Sun => PromoDay::Sunday,
        }
    }

    /// Indonesian day name.
    pub fn label(self) -> &'static str {
        match self {
            PromoDay::Monday => "Senin",
            PromoDay::Tuesday => "Selasa",
            PromoDay::Wednesday => "Rabu",
            PromoDay::Thursday => "Kamis",
            PromoDay::Friday => "Jumat",
            PromoDay::Saturday => "Sabtu",
            PromoDay::Sunday => "Minggu",
        }
    }
}

fn date_id(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl PromoRule {
    /// Refuses a promo that could never be stored sensibly: percent above 100 %, negative
    /// amount or minimum, dates that end before they start, an impossible hours window.
    pub fn validate(&self) -> Result<()> {
        self.value.validate(&format!("Promo \"{}\"", self.name))?;
        let c = &self.conditions;
        if c.min_purchase < 0 {
            return Err(PricingError::NegativeAmount {
                what: format!("Minimum belanja promo \"{}\"", self.name),
                amount: c.min_purchase,
            });
        }
        if let (Some(from), Some(until)) = (c.from_date, c.until_date) {
            if until < from {
                return Err(PricingError::PromoDatesReversed {
                    name: self.name.clone(),
                    from,
                    until,
                });
            }
        }
        if let Some(h) = c.hours {
            let reason = if h.start_minute >= MINUTES_PER_DAY || h.end_minute >= MINUTES_PER_DAY {
                Some("menit harus 0–1439".to_string())
            } else if h.start_minute == h.end_minute {
                Some("jam mulai sama dengan jam selesai".to_string())
            } else {
                None
            };
            if let Some(reason) = reason {
                return Err(PricingError::PromoHoursInvalid {
                    name: self.name.clone(),
                    reason,
                });
            }
        }
        Ok(())
    }

    /// Does this line count for the promo?
    pub(crate) fn matches_line(&self, line: &PricingLineInput) -> bool {
        let c = &self.conditions;
        if c.product_ids.is_empty() && c.category_ids.is_empty() {
            return true;
        }
        c.product_ids.contains(&line.product_id)
            || line
                .category_id
                .is_some_and(|id| c.category_ids.contains(&id))
    }

    /// `Ok(indices of the matching lines)` when every condition holds at `at`, else
    /// `Err(why not)` in Indonesian. `gross` is each line's undiscounted amount.
    pub(crate) fn evaluate(
        &self,
        lines: &[PricingLineInput],
        gross: &[i64],
        at: NaiveDateTime,
    ) -> Result<std::result::Result<Vec<usize>, String>> {
        let c = &self.conditions;
        let minute = (at.hour() * 60 + at.minute()) as u16;
        let mut day = at.date();
        if let Some(h) = c.hours {
            if !h.contains(minute) {
                return Ok(Err(format!("hanya berlaku jam {}", h.label())));
            }
            if h.spans_midnight() && minute < h.end_minute {
                // After midnight in a window that started yesterday.
                day = day.checked_sub_days(Days::new(1)).unwrap_or(day);
            }
        }
        if let Some(from) = c.from_date {
            if day < from {
                return Ok(Err(format!("belum mulai (mulai {})", date_id(from))));
            }
        }
        if let Some(until) = c.until_date {
            if day > until {
                return Ok(Err(format!("sudah berakhir ({})", date_id(until))));
            }
        }
        if !c.days.is_empty() && !c.days.contains(&PromoDay::of(day.weekday())) {
            let names: Vec<&str> = c.days.iter().map(|d| d.label()).collect();
            return Ok(Err(format!("hanya berlaku hari {}", names.join(", "))));
        }
        let matching: Vec<usize> = (0..lines.len())
            .filter(|&i| self.matches_line(&lines[i]))
            .collect();
        if matching.is_empty() {
            return Ok(Err("tidak ada barang yang termasuk promo".to_string()));
        }
        let matched_gross = crate::arith::sum(matching.iter().map(|&i| gross[i]))?;
        if matched_gross < c.min_purchase {
            return Ok(Err(format!(
                "minimum belanja {} (baru {})",
                kasir_shared::format_rupiah(c.min_purchase),
                kasir_shared::format_rupiah(matched_gross)
            )));
        }
        Ok(Ok(matching))
    }
}
