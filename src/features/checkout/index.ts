/** Public surface of the checkout feature (Kasir). */
export { CheckoutPage } from './CheckoutPage';
export { catalogQuery } from './api';
