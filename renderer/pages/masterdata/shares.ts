/** Display of category shares in the structure reports (pure; shared by grid, Excel and print). */

export interface Share {
  key: string | number;
  count: number;
  share: number | null;
}

/**
 * Shares as shown (0.01%): when a dimension splits the whole, the shown shares
 * add up to exactly 100.00% (largest remainder, ties to the earlier category);
 * otherwise each is rounded on its own. The CLI JSON keeps the exact fractions.
 */
export function shownShares(list: Share[]): (number | null)[] {
  const total = list.reduce((t, x) => t + x.count, 0);
  const base = list.find((x) => x.share !== null && x.count > 0);
  if (!base || base.share === null) return list.map((x) => x.share);
  const whole = Math.round(base.count / base.share);
  if (total !== whole) return list.map((x) => (x.share === null ? null : Math.round(x.share * 10000) / 10000));
  const exact = list.map((x) => (x.count * 10000) / whole);
  const units = exact.map(Math.floor);
  let left = 10000 - units.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    if (o.r > 0) {
      units[o.i]++;
      left--;
    }
  }
  return units.map((u) => u / 10000);
}

