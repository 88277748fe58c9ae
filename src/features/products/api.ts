/**
 * TanStack Query hooks for product management (Barang). The mutations invalidate nothing by
 * hand: Rust announces every change (`catalogChanged`, `stockChanged`) on the change feed, which
 * refreshes this table, the stock ledger and the till's catalogue alike (src/lib/events.ts).
 *
 * Changing products, prices, categories and stock is the owner's; a cashier may do it at the till
 * when the owner types their PIN on the spot: every mutation goes through the owner override.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  catalogApi,
  counterApi,
  type OptionGroup,
  type OptionGroupInput,
  productsApi,
  type CategoryInput,
  type ProductFileFormat,
  type ImportPreview,
  type ImportResult,
  type LabelPrintItem,
  type LabelPrintResult,
  type LabelPrintSettings,
  type LabelPrintTarget,
  type ProductExport,
  type CategoryRow,
  type DemoRemoval,
  type ProductInput,
  type ProductQuery,
  type ProductRow,
  type StockAdjustment,
  type StockMovement,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

export function useProductList(query: ProductQuery) {
  return useQuery<ProductRow[], Error>({
    queryKey: queryKeys.products.list(query),
    queryFn: () => productsApi.listProducts(query),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** "Riwayat stok": the product's last 50 movements, newest first. */
export function useStockMovements(productId: number) {
  return useQuery<StockMovement[], Error>({
    queryKey: queryKeys.products.stockMovements(productId),
    queryFn: () => productsApi.listStockMovements(productId),
    staleTime: 0,
  });
}

export function useCategories() {
  return useQuery<CategoryRow[], Error>({
    queryKey: queryKeys.products.categories,
    queryFn: productsApi.listCategories,
    staleTime: 0,
  });
}

/** The same query the checkout uses; here only for `isDemo`. */
export function useCatalogInfo() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: api.getCatalog });
}

export function useSaveProduct() {
  const { run } = useOwnerOverride();
  return useMutation<ProductRow, Error, ProductInput>({
    mutationFn: (req) => run('save_product', () => productsApi.saveProduct(req)),
  });
}

export function useAdjustStock() {
  const { run } = useOwnerOverride();
  return useMutation<ProductRow, Error, StockAdjustment>({
    mutationFn: (req) => run('adjust_stock', () => productsApi.adjustStock(req)),
  });
}

export function useSaveCategory() {
  const { run } = useOwnerOverride();
  return useMutation<CategoryRow, Error, CategoryInput>({
    mutationFn: (req) => run('save_category', () => productsApi.saveCategory(req)),
  });
}

export function useDeleteCategory() {
  const { run } = useOwnerOverride();
  return useMutation<null, Error, number>({
    mutationFn: (id) => run('delete_category', () => productsApi.deleteCategory(id)),
  });
}

export function useRemoveDemoCatalog() {
  const { run } = useOwnerOverride();
  return useMutation<DemoRemoval, Error, void>({
    mutationFn: () => run('remove_demo_catalog', () => productsApi.removeDemoCatalog()),
  });
}

// ---- catalogue (issue 13): photos, barcodes, import/export, low stock, labels ----

/** A fresh in-store EAN-13 (prefix 20–29) no product uses yet; asked each time, never cached. */
export function useGenerateBarcode() {
  const { run } = useOwnerOverride();
  return useMutation<string, Error, void>({
    mutationFn: () => run('generate_barcode', () => catalogApi.generateBarcode()),
  });
}

export function useSetProductPhoto() {
  const { run } = useOwnerOverride();
  return useMutation<ProductRow, Error, { productId: number; path: string }>({
    mutationFn: ({ productId, path }) =>
      run('set_product_photo', () => catalogApi.setProductPhoto(productId, path)),
  });
}

export function useRemoveProductPhoto() {
  const { run } = useOwnerOverride();
  return useMutation<ProductRow, Error, number>({
    mutationFn: (productId) => run('remove_product_photo', () => catalogApi.removeProductPhoto(productId)),
  });
}

/**
 * What importing the file at `path` would do (read by Rust, nothing written). Kept as read while
 * the dialog is open (no refetch on focus): the commit sends its `fileHash`, and Rust refuses if
 * the file changed since.
 */
export function useImportPreview(path: string) {
  return useQuery<ImportPreview, Error>({
    queryKey: queryKeys.catalogue.importPreview(path),
    queryFn: () => catalogApi.previewProductImport(path),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function useCommitImport() {
  const { run } = useOwnerOverride();
  return useMutation<ImportResult, Error, { path: string; fileHash: string }>({
    mutationFn: ({ path, fileHash }) =>
      run('commit_product_import', () => catalogApi.commitProductImport(path, fileHash)),
  });
}

export function useExportProducts() {
  return useMutation<ProductExport, Error, ProductFileFormat>({
    mutationFn: (format) => catalogApi.exportProducts(format),
  });
}

/** "Stok Menipis": refreshed by every stock and catalogue change (products prefix). */
export function useLowStock(enabled = true) {
  return useQuery<ProductRow[], Error>({
    queryKey: queryKeys.catalogue.lowStock,
    queryFn: catalogApi.listLowStock,
    enabled,
    staleTime: 0,
  });
}

export function useLabelSettings() {
  return useQuery<LabelPrintSettings, Error>({
    queryKey: queryKeys.receiptSettings.labelSettings,
    queryFn: catalogApi.getLabelSettings,
  });
}

export function usePrintLabels() {
  const { run } = useOwnerOverride();
  return useMutation<LabelPrintResult, Error, { items: LabelPrintItem[]; target: LabelPrintTarget }>({
    mutationFn: ({ items, target }) =>
      run('print_labels', () => catalogApi.printLabels(items, target)),
  });
}
// ---- end catalogue ----

/** "Pilihan (varian & tambahan)": the product's option groups as the form edits them. */
export function useProductOptions(productId: number) {
  return useQuery<OptionGroup[], Error>({
    queryKey: queryKeys.counter.productOptions(productId),
    queryFn: () => counterApi.getProductOptions(productId),
    staleTime: 0,
  });
}

/** The whole form at once; Rust validates it and answers the groups as saved (with their ids). */
export function useSaveProductOptions() {
  const { run } = useOwnerOverride();
  const client = useQueryClient();
  return useMutation<OptionGroup[], Error, { productId: number; groups: OptionGroupInput[] }>({
    mutationFn: ({ productId, groups }) =>
      run('save_product_options', () => counterApi.saveProductOptions(productId, groups)),
    onSuccess: (saved, { productId }) =>
      client.setQueryData(queryKeys.counter.productOptions(productId), saved),
  });
}
