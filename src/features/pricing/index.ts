/** Public surface of the pricing feature: Pajak & Harga and promos (Pengaturan). */
export { PricingPanel } from './PricingPanel';
export { PromosPanel } from './PromosPanel';
