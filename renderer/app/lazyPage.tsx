/**
 * Each module's pages load when first opened (their code is split off the first screen's):
 * `lazyNamed(() => import('./SalesPage'), 'SalesPage')` is used like the component itself, and the
 * shell's <Suspense> shows <PageLoading /> until it has arrived.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { Spin } from 'antd';

export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

/** What a page shows while its code loads. */
export function PageLoading() {
  return (
    <div data-testid="page-loading" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 12, color: '#888' }}>正在加载页面……</div>
    </div>
  );
}
