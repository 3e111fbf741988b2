/**
 * What every table report says about itself (CLI.md "Every JSON report … echoes its
 * parameters"): the period with its label and days, the last day with data when the
 * period is not over, the customer and product scopes with their labels, the dimension.
 */
import { fmtDay, periodLabel, periodSpec, throughLabel, type Period } from './periods';
import { DIM_LABELS, type Dim, type QueryScope } from './query';

export interface ReportFrame {
  period: string;
  periodLabel: string;
  from: string;
  to: string;
  /** the last day with data when the period is not over (同期/上期 then cover the same days), else null */
  through: string | null;
  /** 「数据截至 M月D日」 or null */
  throughLabel: string | null;
  scope: string;
  scopeLabel: string;
  products: string;
  productsLabel: string;
  by: Dim;
  byLabel: string;
}

export function reportFrame(p: Period, through: number | null, scope: QueryScope, by: Dim): ReportFrame {
  return {
    period: periodSpec(p),
    periodLabel: periodLabel(p),
    from: fmtDay(p.from),
    to: fmtDay(p.to),
    through: through === null ? null : fmtDay(through),
    throughLabel: through === null ? null : throughLabel(through),
    scope: scope.customers.spec,
    scopeLabel: scope.customers.label,
    products: scope.products.spec,
    productsLabel: scope.products.label,
    by,
    byLabel: DIM_LABELS[by],
  };
}
