/**
 * The app shell: left navigation of the modules that work, a header with the
 * unit name and the 示例数据 mark, and the pages. Print views render alone.
 */
import { Fragment, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HashRouter, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Layout, Menu, Result, Spin, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { allRoutes, GROUP_ORDER } from './modules';
import type { PageRoute } from './routeTypes';
import { AppContext, type AppState } from './AppContext';
import { PageLoading } from './lazyPage';
import { api, ApiError, useDataVersion } from '../api/client';
import { can, useMe, type Me } from '../pages/accounts/session';
import { UserMenu } from '../pages/accounts/UserMenu';
import { FileCheckNotice } from './FileCheckNotice';

const { Sider, Header, Content } = Layout;

/** What a logged-in user sees on a page their role may not use (opened by its address). */
function NoPermission({ route, me }: { route: PageRoute; me: Me }) {
  const navigate = useNavigate();
  const who = me.user ? `${me.user.name}（${me.user.roleLabel}）` : '当前账号';
  return (
    <div data-testid="no-permission">
      <Result
        status="403"
        title="无权限使用此页面"
        subTitle={`${who}不能使用“${route.label}”。如需使用，请联系主任或管理员调整账号角色。`}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回首页
          </Button>
        }
      />
    </div>
  );
}

function Shell({ state, error }: { state: AppState; error: ApiError | null }) {
  const location = useLocation();
  const navigate = useNavigate();
  const current = allRoutes.find((r) => r.path === location.pathname);
  const me = useMe();
  // Only a known, logged-in user is refused here; before login the backend sends the page to 登录.
  const refused = (r: PageRoute) => !!me?.user && !can(me, r.perm);
  const page = (r: PageRoute) => (refused(r) ? <NoPermission route={r} me={me!} /> : r.element);
  useEffect(() => api.onAuthRequired(() => navigate('/login')), [navigate]);
  useEffect(() => {
    // The app's first load may have failed for want of a login; once someone has logged in
    // (me.user), that stale error must not send them back while the app reloads.
    if (error?.code === 'login_required' && !me?.user && location.pathname !== '/login') navigate('/login');
  }, [error, me, location.pathname, navigate]);

  const items = useMemo<MenuProps['items']>(() => {
    // Pages a role cannot use are not offered (the router refuses them anyway).
    const visible = allRoutes.filter((r) => !r.hidden && !r.print && can(me, r.perm));
    return GROUP_ORDER.flatMap((g) => {
      const pages = visible.filter((r) => r.group === g);
      if (pages.length === 0) return [];
      if (pages.length === 1 && pages[0].label === g) return [{ key: pages[0].path, label: g }];
      return [
        {
          key: 'g:' + g,
          label: g,
          type: 'group' as const,
          children: pages.map((r) => ({ key: r.path, label: r.label })),
        },
      ];
    });
  }, [me]);

  // A print view reads its parameters from the address when it mounts; a new query (another
  // period, another plan) in the same window mounts it afresh, so it reads and loads them again.
  if (current?.print) {
    return (
      <Fragment key={location.pathname + location.search}>
        <Suspense fallback={<PageLoading />}>{page(current)}</Suspense>
      </Fragment>
    );
  }
  // The login page stands alone, without navigation to pages that would refuse.
  if (location.pathname === '/login' && current)
    return <Suspense fallback={<PageLoading />}>{current.element}</Suspense>;
  if (location.pathname === '/login' && !current) {
    return <Result status="warning" title="需要登录" subTitle="此工作台已开启登录，但登录页面不可用，请联系管理员。" />;
  }
  const unit = state.settings?.unitName || '（未设置单位名称）';
  return (
    // The menu stays where it is; only the page content scrolls (its own scroll box under the header).
    <Layout style={{ height: '100vh', overflow: 'hidden' }} data-scroll-root="">
      <style>{'body{margin:0}'}</style>
      <Sider
        width={200}
        theme="light"
        style={{ borderRight: '1px solid #f0f0f0', height: '100vh', overflowY: 'auto' }}
        data-testid="side-menu"
      >
        <div style={{ padding: '16px 16px 8px', fontWeight: 600, fontSize: 15 }}>县级营销内勤工作台</div>
        <Menu
          mode="inline"
          selectedKeys={[location.pathname]}
          items={items}
          onClick={(e) => navigate(e.key)}
          data-testid="nav"
        />
      </Sider>
      <Layout style={{ height: '100vh', overflow: 'hidden' }} data-scroll-root="">
        <Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            padding: '0 20px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
          }}
        >
          <Typography.Text strong data-testid="unit-name">
            {unit}
          </Typography.Text>
          {state.info?.demoData && <Tag color="orange">示例数据</Tag>}
          <span style={{ flex: 1 }} />
          <UserMenu />
        </Header>
        <Content style={{ padding: 20, overflow: 'auto', minHeight: 0 }} data-testid="content" data-scroll-root="">
          <FileCheckNotice />
          {error && error.code !== 'login_required' && (
            <Alert
              type="error"
              showIcon
              message="无法读取工作台状态"
              description={error.message}
              style={{ marginBottom: 16 }}
            />
          )}
          <Suspense fallback={<PageLoading />}>
            <Routes>
              {allRoutes.map((r) => (
                <Route key={r.path} path={r.path} element={page(r)} />
              ))}
              <Route path="*" element={<Result status="404" title="页面不存在" subTitle="请从左侧菜单选择功能。" />} />
            </Routes>
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

/** The waits between asks while today's automatic backup is still to come (about 3 minutes in all). */
const BACKUP_POLL_MS = [1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 15_000, 30_000, 30_000, 60_000];

export function App() {
  const [settings, setSettings] = useState<AppState['settings']>(null);
  const [info, setInfo] = useState<AppState['info']>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(() => {
    Promise.all([api.call('settings.get', {}), api.call('system.info', {})])
      .then(([s, i]) => {
        setSettings(s);
        setInfo(i);
        setError(null);
      })
      .catch((e: ApiError) => setError(e))
      .finally(() => setLoaded(true));
  }, []);
  // settings and the database facts (示例数据, backups) again after every change
  const version = useDataVersion();
  useEffect(reload, [reload, version]);
  // … and when the window comes back into view (a backup may have ended meanwhile)
  useEffect(() => {
    const back = () => {
      if (document.visibilityState === 'visible') reload();
    };
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', back);
    return () => {
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', back);
    };
  }, [reload]);
  // … and, while today's automatic backup is still to come, a few more times until it has ended
  // (plain requests that end; nothing is held open)
  const polls = useRef(0);
  useEffect(() => {
    if (!info?.backupPending) {
      polls.current = 0;
      return;
    }
    if (polls.current >= BACKUP_POLL_MS.length) return;
    const t = setTimeout(reload, BACKUP_POLL_MS[polls.current++]);
    return () => clearTimeout(t);
  }, [info, reload]);
  if (!loaded) return <Spin style={{ margin: 80 }} />;
  return (
    <AppContext.Provider value={{ settings, info, reload }}>
      <HashRouter>
        <Shell state={{ settings, info, reload }} error={error} />
      </HashRouter>
    </AppContext.Provider>
  );
}
