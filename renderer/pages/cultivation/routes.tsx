import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadProjects = () => import('./ProjectsPage');
const ProjectsPage = lazyNamed(loadProjects, 'ProjectsPage');
const loadProject = () => import('./ProjectPage');
const ProjectPage = lazyNamed(loadProject, 'ProjectPage');
const loadPrint = () => import('./CultivationPrint');
const CultivationPrint = lazyNamed(loadPrint, 'CultivationPrint');

/** Pages of 品牌培育. */
export const cultivationRoutes: PageRoute[] = [
  { path: '/cultivation', label: '品牌培育', group: '统计报表', element: <ProjectsPage />, perm: 'read' },
  {
    path: '/cultivation/project',
    label: '培育项目',
    group: '统计报表',
    element: <ProjectPage />,
    hidden: true,
    perm: 'read',
  },
  {
    path: '/cultivation/print',
    label: '培育通报（打印）',
    group: '统计报表',
    element: <CultivationPrint />,
    print: true,
    perm: 'print',
  },
];
