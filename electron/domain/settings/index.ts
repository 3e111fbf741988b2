/** What other modules may use of settings (the lint zones allow only this file across modules). */
export { SUPPLY_EXPORT_FIELDS, readSettings, writeSettings } from './settings';
