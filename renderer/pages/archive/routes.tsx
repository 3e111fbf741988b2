import type { PageRoute } from '../../app/routeTypes';
import { RegisterPage } from './RegisterPage';
import { SearchPage } from './SearchPage';
import { CataloguePage } from './CataloguePage';
import { CataloguePrint } from './CataloguePrint';
import { StampPrint } from './StampPrint';
import { LoansPage } from './LoansPage';
import { ArchiveSettingsPage } from './ArchiveSettingsPage';

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
