/** Public surface of the product management feature (Barang). */
export { ProductsPage } from './ProductsPage';
