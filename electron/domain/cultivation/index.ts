/** What other modules may use of 品牌培育 (the lint zones allow only this file across modules). */
export { cultivationStatus, type CultivationStatus, RATES, RATE_LABELS } from './rates';
