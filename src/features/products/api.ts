/**
 * TanStack Query hooks for product management (Barang). The mutations invalidate nothing by
 * hand: Rust announces every change (`catalogChanged`, `stockChanged`) on the change feed, which
 * refreshes this table, the stock ledger and the till's catalogue alike (src/lib/events.ts).
 *
 * Changing products, prices, categories and stock is the owner's; a cashier may do it at the till
 * when the owner types their PIN on the spot: every mutation goes through the owner override.
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
