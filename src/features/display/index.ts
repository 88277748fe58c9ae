/**
 * Public surface of the customer display ("Layar Pelanggan"): the display window's page, the
 * header button that opens it, the checkout hook that puts the cart on it, and the promo-text
 * settings panel.
 */
export { CustomerDisplay, CustomerDisplayScreen } from './CustomerDisplay';
export { CustomerDisplayPanel } from './CustomerDisplayPanel';
export { DisplayButton } from './DisplayButton';
export { useCartOnDisplay } from './api';
