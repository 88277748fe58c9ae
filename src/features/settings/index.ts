/** Public surface of the settings feature. */
export { SettingsPage } from './SettingsPage';
