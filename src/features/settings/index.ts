/** Public surface of the settings feature. */
export { SettingsPage, type SettingsSection } from './SettingsPage';
