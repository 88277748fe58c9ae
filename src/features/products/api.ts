/**
 * TanStack Query hooks for product management (Barang). The mutations invalidate nothing by
 * hand: Rust announces every change (`catalogChanged`, `stockChanged`) on the change feed, which
 * refreshes this table, the stock ledger and the till's catalogue alike (src/lib/events.ts).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  api,
  productsApi,
  type CategoryInput,
  type CategoryRow,
  type DemoRemoval,
  type ProductInput,
  type ProductQuery,
  type ProductRow,
  type StockAdjustment,
  type StockMovement,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

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
  return useMutation<ProductRow, Error, ProductInput>({ mutationFn: productsApi.saveProduct });
}

export function useAdjustStock() {
  return useMutation<ProductRow, Error, StockAdjustment>({ mutationFn: productsApi.adjustStock });
}

export function useSaveCategory() {
  return useMutation<CategoryRow, Error, CategoryInput>({ mutationFn: productsApi.saveCategory });
}

export function useDeleteCategory() {
  return useMutation<null, Error, number>({ mutationFn: productsApi.deleteCategory });
}

export function useRemoveDemoCatalog() {
  return useMutation<DemoRemoval, Error, void>({ mutationFn: () => productsApi.removeDemoCatalog() });
}
