/**
 * A grid whose columns need more room than it has scrolls sideways, and then a clerk must see
 * that there is more and never a half column at the edge:
 * - the first data column (the key: 价类, 客户经理, 经营业态) is pinned on the left so each row
 *   keeps its name while the rest scrolls;
 * - the columns wholly in view are widened a little so the view ends exactly at a column's edge;
 * - the grid reports the titles of the columns still to the right (shown under the grid).
 * When the columns fit, the grid is left as its column definitions say (flex columns fill it).
 */
import type { Column, ColDef, ColumnState, GridApi } from 'ag-grid-community';

/** The width the columns have in all (pinned and scrolling, without the vertical scroll bar). */
function roomOf(host: HTMLElement): number {
  const v = host.querySelector<HTMLElement>('.ag-grid-viewport, .ag-body-viewport');
  return v?.clientWidth ?? 0;
}

/** The width a column asks for: its definition's width, or its minimum for a flex column. */
function baseWidth(c: Column): number {
  const d = c.getColDef();
  if (!d.field) return c.getActualWidth(); // the selection checkboxes
  return Math.max(d.width ?? 0, d.minWidth ?? 0) || c.getActualWidth();
}

const isData = (c: Column) => !!c.getColDef().field;
/** A top-level column (not under a merged header), which may be pinned on its own. */
const topLevel = (c: Column) => !c.getOriginalParent() || c.getOriginalParent()?.getColGroupDef() === null;

export interface FitResult {
  /** titles of the columns wholly or partly out of view to the right (after scrolling) */
  hiddenRight: string[];
  /** true when the columns need more room than the grid has */
  overflow: boolean;
}

/**
 * Fits the grid's columns to its width as described above; returns what is out of view. Applies
 * column state only when it changes something, so calling it again is harmless.
 */
export function fitColumns(api: GridApi, host: HTMLElement): FitResult {
  const room = roomOf(host);
  if (!room || api.isDestroyed()) return { hiddenRight: [], overflow: false };
  const left = api.getDisplayedLeftColumns();
  const center = api.getDisplayedCenterColumns();
  const right = api.getDisplayedRightColumns();
  const all = [...left, ...center, ...right];
  const need = all.reduce((s, c) => s + baseWidth(c), 0);
  const state: ColumnState[] = [];
  const defPinned = (c: Column) => (c.getColDef() as ColDef).pinned ?? null;

  if (need <= room + 1) {
    // everything fits: back to the definitions (flex columns fill the rest)
    for (const c of all) {
      const d = c.getColDef();
      if (!isData(c)) continue;
      const pinned = defPinned(c);
      const flex = d.flex ?? null;
      const width = flex ? undefined : (d.width ?? undefined);
      if (c.getPinned() !== pinned || (c.getFlex() ?? null) !== flex || (width && c.getActualWidth() !== width))
        state.push({ colId: c.getColId(), pinned, flex, ...(width ? { width } : {}) });
    }
    if (state.length) api.applyColumnState({ state });
    return { hiddenRight: [], overflow: false };
  }

  // pin the key column when nothing is pinned yet
  let pinnedLeft = left;
  let centerCols = center;
  if (!left.length) {
    const key = center.find(isData);
    if (key && topLevel(key) && center.indexOf(key) <= 1) {
      state.push({ colId: key.getColId(), pinned: 'left' });
      pinnedLeft = [key];
      centerCols = center.filter((c) => c !== key);
    }
  }
  const pinnedRoom = pinnedLeft.reduce((s, c) => s + baseWidth(c), 0) + right.reduce((s, c) => s + baseWidth(c), 0);
  const avail = room - pinnedRoom;
  // the columns wholly in view at their asked width, then the room left over shared among them
  let used = 0;
  let k = 0;
  while (k < centerCols.length && used + baseWidth(centerCols[k]) <= avail) used += baseWidth(centerCols[k++]);
  const shown = centerCols.slice(0, k);
  const stretch = shown.filter(isData);
  const stretchBase = stretch.reduce((s, c) => s + baseWidth(c), 0);
  let extra = Math.max(0, Math.floor(avail - used));
  const widths = new Map<Column, number>();
  for (const c of [...pinnedLeft, ...centerCols]) widths.set(c, baseWidth(c));
  stretch.forEach((c, i) => {
    const add = i === stretch.length - 1 ? extra : Math.floor(((avail - used) * baseWidth(c)) / stretchBase);
    extra -= add;
    widths.set(c, baseWidth(c) + add);
  });
  for (const [c, w] of widths) {
    if (!isData(c)) continue;
    const pin = state.find((s) => s.colId === c.getColId());
    if (pin) Object.assign(pin, { width: w, flex: null });
    else if (c.getActualWidth() !== w || c.getFlex()) state.push({ colId: c.getColId(), width: w, flex: null });
  }
  if (state.length) api.applyColumnState({ state });
  return { hiddenRight: hiddenRight(api, host), overflow: true };
}

/** Titles (with their merged header) of the center columns not wholly in view on the right. */
export function hiddenRight(api: GridApi, host: HTMLElement): string[] {
  if (!roomOf(host) || api.isDestroyed()) return [];
  const scroll = api.getHorizontalPixelRange();
  const out: string[] = [];
  for (const c of api.getDisplayedCenterColumns()) {
    if (!isData(c)) continue;
    const end = (c.getLeft() ?? 0) + c.getActualWidth();
    if (end > scroll.right + 1) {
      const group = c.getOriginalParent()?.getColGroupDef()?.headerName;
      const title = (c.getColDef().headerName ?? '').replace(/\u2060/g, '');
      out.push(group ? `${group}·${title}` : title);
    }
  }
  return out;
}
