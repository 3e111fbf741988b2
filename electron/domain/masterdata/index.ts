/** What other modules may use of master data (the lint zones allow only this file across modules). */
export { normaliseCategory, normaliseFlag, normaliseGrade, priceClassOf, type Category } from './categories';
export { registerDemoExtension, type DemoContext } from './demoHooks';
