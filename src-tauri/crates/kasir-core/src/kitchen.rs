//! Kitchen and bar tickets. TRANSITIONAL on main: the routing and the tickets are being built on
//! the `wt-kitchen` branch; these two entry points are what the sale and bill code call.

use chrono::{DateTime, Utc};

use crate::db::Tx;
use crate::error::Result;
use crate::print_jobs::PrintJob;

pub(crate) fn enqueue_bill_tickets(
    _tx: &Tx<'_>,
    _bill_id: i64,
    _batch: i64,
    _now: DateTime<Utc>,
) -> Result<Vec<PrintJob>> {
    Ok(Vec::new())
}

pub(crate) fn enqueue_order_tickets(
    _tx: &Tx<'_>,
    _order_id: i64,
    _now: DateTime<Utc>,
) -> Result<Vec<PrintJob>> {
    Ok(Vec::new())
}
