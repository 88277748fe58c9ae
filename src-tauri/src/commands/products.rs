//! Product management commands (Barang): list and edit products, stock, categories, and removing
//! the demo catalogue, and a product's stock history. One-line adapters onto `kasir_core::products`
//! and `kasir_core::stock`.

use kasir_core::{
    CategoryInput, CategoryRow, DemoRemoval, IpcError, ProductInput, ProductQuery, ProductRow,
    StockAdjustment, StockMovement,
};
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_products(
    state: State<'_, AppState>,
    req: ProductQuery,
) -> Result<Vec<ProductRow>, IpcError> {
    Ok(state.store.list_products(&req)?)
}

#[tauri::command(async)]
pub fn save_product(state: State<'_, AppState>, req: ProductInput) -> Result<ProductRow, IpcError> {
    Ok(state.store.save_product(&req, chrono::Utc::now())?)
}

#[tauri::command(async)]
pub fn adjust_stock(
    state: State<'_, AppState>,
    req: StockAdjustment,
) -> Result<ProductRow, IpcError> {
    Ok(state.store.adjust_stock(&req, chrono::Utc::now())?)
}

/// How many movements "Riwayat stok" shows.
const STOCK_HISTORY_ROWS: u32 = 50;

#[tauri::command(async)]
pub fn list_stock_movements(
    state: State<'_, AppState>,
    product_id: i64,
) -> Result<Vec<StockMovement>, IpcError> {
    Ok(state
        .store
        .stock_movements(product_id, STOCK_HISTORY_ROWS)?)
}

#[tauri::command(async)]
pub fn list_categories(state: State<'_, AppState>) -> Result<Vec<CategoryRow>, IpcError> {
    Ok(state.store.list_categories()?)
}

#[tauri::command(async)]
pub fn save_category(
    state: State<'_, AppState>,
    req: CategoryInput,
) -> Result<CategoryRow, IpcError> {
    Ok(state.store.save_category(&req, chrono::Utc::now())?)
}

#[tauri::command(async)]
pub fn delete_category(state: State<'_, AppState>, category_id: i64) -> Result<(), IpcError> {
    Ok(state
        .store
        .delete_category(category_id, chrono::Utc::now())?)
}

#[tauri::command(async)]
pub fn remove_demo_catalog(state: State<'_, AppState>) -> Result<DemoRemoval, IpcError> {
    Ok(state.store.remove_demo_catalog(chrono::Utc::now())?)
}
