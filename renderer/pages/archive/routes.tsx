import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadRegisterPage = () => import('./RegisterPage');
const RegisterPage = lazyNamed(loadRegisterPage, 'RegisterPage');
const loadSearchPage = () => import('./SearchPage');
const SearchPage = lazyNamed(loadSearchPage, 'SearchPage');
const loadCataloguePage = () => import('./CataloguePage');
const CataloguePage = lazyNamed(loadCataloguePage, 'CataloguePage');
const loadCataloguePrint = () => import('./CataloguePrint');
const CataloguePrint = lazyNamed(loadCataloguePrint, 'CataloguePrint');
const loadStampPrint = () => import('./StampPrint');
const StampPrint = lazyNamed(loadStampPrint, 'StampPrint');
const loadLoansPage = () => import('./LoansPage');
const LoansPage = lazyNamed(loadLoansPage, 'LoansPage');
const loadArchiveSettingsPage = () => import('./ArchiveSettingsPage');
const ArchiveSettingsPage = lazyNamed(loadArchiveSettingsPage, 'ArchiveSettingsPage');

/** Pages of the archive module. */
export const archiveRoutes: PageRoute[] = [
  { path: '/archive', label: '收发文登记', group: '文档档案', element: <RegisterPage />, perm: 'read' },
  { path: '/archive/search', label: '文档检索', group: '文档档案', element: <SearchPage />, perm: 'read' },
  { path: '/archive/catalogue', label: '归档目录', group: '文档档案', element: <CataloguePage />, perm: 'read' },
  { path: '/archive/loans', label: '借阅管理', group: '文档档案', element: <LoansPage />, perm: 'read' },
  {
    path: '/archive/settings',
    label: '档案设置',
    group: '文档档案',
    element: <ArchiveSettingsPage />,
    perm: 'settings',
  },
  {
    path: '/archive/catalogue/print',
    label: '归档文件目录',
    group: '文档档案',
    element: <CataloguePrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
  {
    path: '/archive/stamp/print',
    label: '归档章',
    group: '文档档案',
    element: <StampPrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
];
