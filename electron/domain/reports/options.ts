/** What the report pickers offer, read from the masters. */
import type { Database } from 'better-sqlite3';
import { yyyymmText } from '../../../common/days';
import { AREAS, FORMATS, PRICE_CLASSES as CLASSES } from '../masterdata';
import { lastOrderDay } from './query';
import { fmtDay, lastCompleteMonth, throughLabel } from './periods';

export function reportOptions(db: Database) {
  const months = (db.prepare('SELECT DISTINCT month FROM rpt_month_p ORDER BY month').all() as { month: number }[]).map(
    (r) => yyyymmText(r.month),
  );
  const lastDay = lastOrderDay(db);
  const complete = lastCompleteMonth(lastDay);
  return {
    managers: db.prepare('SELECT code, name FROM managers ORDER BY code').all() as { code: string; name: string }[],
    routes: db.prepare('SELECT code, name FROM routes ORDER BY code').all() as { code: string; name: string }[],
    retailerSets: db
      .prepare("SELECT name FROM code_sets WHERE kind = 'retailers' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name),
    productSets: db
      .prepare("SELECT name FROM code_sets WHERE kind = 'products' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name),
    brands: db
      .prepare("SELECT DISTINCT brand FROM products WHERE brand IS NOT NULL AND brand <> '' ORDER BY brand")
      .all()
      .map((r) => (r as { brand: string }).brand),
    products: db.prepare('SELECT code, name, brand, price_class AS priceClass FROM products ORDER BY code').all() as {
      code: string;
      name: string;
      brand: string | null;
      priceClass: string | null;
    }[],
    classes: [...CLASSES],
    formats: [...FORMATS],
    areas: [...AREAS],
    months,
    latestMonth: months.length ? months[months.length - 1] : null,
    /** the last day with order lines, and 「数据截至 M月D日」 */
    lastDay: lastDay === null ? null : fmtDay(lastDay),
    lastDayLabel: lastDay === null ? null : throughLabel(lastDay),
    /** the month reports open on: the last one whose data are complete (DOMAIN.md) */
    latestCompleteMonth: complete === null ? null : yyyymmText(complete),
  };
}
