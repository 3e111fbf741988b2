/**
 * 网建 words shared by the page and the backend: the kinds of scope a target or a figure is
 * for, and the units of an indicator, with their Chinese names (the page's headings, the
 * backend's exports and messages).
 */
export type ScopeKind = 'county' | 'manager' | 'route';
export const SCOPE_LABELS: Record<ScopeKind, string> = { county: '全县', manager: '客户经理', route: '线路' };

export type Unit = 'rate' | 'count' | 'score';
export const UNIT_LABELS: Record<Unit, string> = { rate: '比率', count: '户数', score: '分值' };
