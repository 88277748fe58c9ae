/**
 * TanStack Query hooks for product management (Barang). Every change also invalidates the
 * checkout's `['catalog']` query, so the till shows new prices, stock and products at once.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

/** The checkout's catalogue key (kept literal: features do not import each other). */
export const CATALOG_KEY = ['catalog'] as const;

export const productKeys = {
  all: ['products'] as const,
  list: (query: ProductQuery) => ['products', 'list', query] as const,
  categories: ['products', 'categories'] as const,
  stockMovements: (productId: number) => ['products', 'stock-movements', productId] as const,
};

export function useProductList(query: ProductQuery) {
  return useQuery<ProductRow[], Error>({
    queryKey: productKeys.list(query),
    queryFn: () => productsApi.listProducts(query),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** "Riwayat stok": the product's last 50 movements, newest first. */
export function useStockMovements(productId: number) {
  return useQuery<StockMovement[], Error>({
    queryKey: productKeys.stockMovements(productId),
    queryFn: () => productsApi.listStockMovements(productId),
    staleTime: 0,
  });
}

export function useCategories() {
  return useQuery<CategoryRow[], Error>({
    queryKey: productKeys.categories,
    queryFn: productsApi.listCategories,
    staleTime: 0,
  });
}

/** The same query the checkout uses; here only for `isDemo`. */
export function useCatalogInfo() {
  return useQuery({ queryKey: CATALOG_KEY, queryFn: api.getCatalog });
}

function useInvalidateAll() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: productKeys.all });
    void client.invalidateQueries({ queryKey: CATALOG_KEY });
  };
}

export function useSaveProduct() {
  const invalidate = useInvalidateAll();
  return useMutation<ProductRow, Error, ProductInput>({
    mutationFn: productsApi.saveProduct,
    onSuccess: invalidate,
  });
}

export function useAdjustStock() {
  const invalidate = useInvalidateAll();
  return useMutation<ProductRow, Error, StockAdjustment>({
    mutationFn: productsApi.adjustStock,
    onSuccess: invalidate,
  });
}

export function useSaveCategory() {
  const invalidate = useInvalidateAll();
  return useMutation<CategoryRow, Error, CategoryInput>({
    mutationFn: productsApi.saveCategory,
    onSuccess: invalidate,
  });
}

export function useDeleteCategory() {
  const invalidate = useInvalidateAll();
  return useMutation<null, Error, number>({
    mutationFn: productsApi.deleteCategory,
    onSuccess: invalidate,
  });
}

export function useRemoveDemoCatalog() {
  const invalidate = useInvalidateAll();
  return useMutation<DemoRemoval, Error, void>({
    mutationFn: () => productsApi.removeDemoCatalog(),
    onSuccess: invalidate,
  });
}
