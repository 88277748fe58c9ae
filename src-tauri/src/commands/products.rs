//! Product management commands (Barang): list and edit products, stock, categories, and removing
//! the demo catalogue, and a product's stock history. One-line adapters onto `kasir_core::products`
//! and `kasir_core::stock`.

use kasir_command::command;
use kasir_core::import::{ImportPreview, ImportResult, ProductFileFormat};
use kasir_core::{
    CatalogSettings, CategoryInput, CategoryRow, DemoRemoval, IpcError, ProductInput, ProductQuery,
    ProductRow, StockAdjustment, StockMovement,
};
use kasir_reports::ProductExport;
use tauri::{AppHandle, State};

use crate::state::AppState;

#[command]
pub fn list_products(
    state: State<'_, AppState>,
    req: ProductQuery,
) -> Result<Vec<ProductRow>, IpcError> {
    Ok(state.store.list_products(&req)?)
}

#[command]
pub fn save_product(state: State<'_, AppState>, req: ProductInput) -> Result<ProductRow, IpcError> {
    Ok(state.store.save_product(&req, chrono::Utc::now())?)
}

#[command]
pub fn adjust_stock(
    state: State<'_, AppState>,
    req: StockAdjustment,
) -> Result<ProductRow, IpcError> {
    Ok(state.store.adjust_stock(&req, chrono::Utc::now())?)
}

/// How many movements "Riwayat stok" shows.
const STOCK_HISTORY_ROWS: u32 = 50;

#[command]
pub fn list_stock_movements(
    state: State<'_, AppState>,
    product_id: i64,
) -> Result<Vec<StockMovement>, IpcError> {
    Ok(state
        .store
        .stock_movements(product_id, STOCK_HISTORY_ROWS)?)
}

#[command]
pub fn list_categories(state: State<'_, AppState>) -> Result<Vec<CategoryRow>, IpcError> {
    Ok(state.store.list_categories()?)
}

#[command]
pub fn save_category(
    state: State<'_, AppState>,
    req: CategoryInput,
) -> Result<CategoryRow, IpcError> {
    Ok(state.store.save_category(&req, chrono::Utc::now())?)
}

#[command]
pub fn delete_category(state: State<'_, AppState>, category_id: i64) -> Result<(), IpcError> {
    Ok(state
        .store
        .delete_category(category_id, chrono::Utc::now())?)
}

#[command]
pub fn remove_demo_catalog(state: State<'_, AppState>) -> Result<DemoRemoval, IpcError> {
    Ok(state.store.remove_demo_catalog(chrono::Utc::now())?)
}

/// "Buat Barcode": a free EAN-13 in the in-store range (prefix 20–29); nothing is stored until
/// the product is saved with it.
#[command]
pub fn generate_barcode(state: State<'_, AppState>) -> Result<String, IpcError> {
    Ok(state.store.generate_barcode()?)
}

/// "Pilih foto": `path` is the image the owner chose in the file dialog.
#[command]
pub fn set_product_photo(
    state: State<'_, AppState>,
    product_id: i64,
    path: String,
) -> Result<ProductRow, IpcError> {
    Ok(state.store.set_product_photo(
        product_id,
        std::path::Path::new(&path),
        &state.photos,
        chrono::Utc::now(),
    )?)
}

#[command]
pub fn remove_product_photo(
    state: State<'_, AppState>,
    product_id: i64,
) -> Result<ProductRow, IpcError> {
    Ok(state
        .store
        .remove_product_photo(product_id, &state.photos, chrono::Utc::now())?)
}

/// What importing the CSV/XLSX at `path` would do; nothing is written.
#[command]
pub fn preview_product_import(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportPreview, IpcError> {
    Ok(kasir_reports::preview_product_import(
        &state.store,
        std::path::Path::new(&path),
    )?)
}

/// Import the previewed file, all or nothing; refused when it changed since the preview.
#[command]
pub fn commit_product_import(
    state: State<'_, AppState>,
    path: String,
    file_hash: String,
) -> Result<ImportResult, IpcError> {
    Ok(kasir_reports::commit_product_import(
        &state.store,
        std::path::Path::new(&path),
        &file_hash,
        chrono::Utc::now(),
    )?)
}

/// Every product as CSV or Excel into the Downloads folder.
#[command]
pub fn export_products(
    app: AppHandle,
    state: State<'_, AppState>,
    format: ProductFileFormat,
) -> Result<ProductExport, IpcError> {
    let dir = super::downloads(&app)?;
    Ok(kasir_reports::export_products_to_dir(
        &state.store,
        format,
        &dir,
        chrono::Utc::now(),
    )?)
}

/// "Stok Menipis": active products at or under their threshold, furthest under first.
#[command]
pub fn list_low_stock(state: State<'_, AppState>) -> Result<Vec<ProductRow>, IpcError> {
    Ok(state.store.list_low_stock()?)
}

#[command]
pub fn save_catalog_settings(
    state: State<'_, AppState>,
    settings: CatalogSettings,
) -> Result<CatalogSettings, IpcError> {
    Ok(state
        .store
        .save_catalog_settings(&settings, chrono::Utc::now())?)
}
