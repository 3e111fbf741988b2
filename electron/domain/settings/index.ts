/** What other modules may use of settings (the lint zones allow only this file across modules). */
export { readSettings, writeSettings } from './settings';
