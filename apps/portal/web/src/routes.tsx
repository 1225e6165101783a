import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AccessKey } from './access';
import i18n from './i18n';

/**
 * The one route table: path, menu label (an i18n key), icon name, menu group and who may open it. The
 * menu shows a route only to those its access key allows; a page opened anyway still gets the services'
 * refusal. Every page is its own chunk, loaded on first use.
 */
export interface PortalRoute {
  path: string;
  name: string;
  icon?: string;
  access: AccessKey;
  /** shown under a submenu of this name (menu.groups.<group>) */
  group?: 'subsidies' | 'training';
  component: LazyExoticComponent<ComponentType>;
  /** loads the page's code (what `component` loads on first render) and the words it uses */
  load: () => Promise<unknown>;
  hideInMenu?: boolean;
}

/**
 * A route whose page code loads on first use (its own chunk), and can be fetched ahead with `load`
 * together with its locale namespaces (so the page does not wait for its words after its code).
 */
function page(load: () => Promise<{ default: ComponentType }>, ns: string[]): Pick<PortalRoute, 'component' | 'load'> {
  return { component: lazy(load), load: () => Promise.all([load(), i18n.loadNamespaces(ns)]) };
}

export const ROUTES: PortalRoute[] = [
  { path: '/teacher', name: 'menu.teacherHome', icon: 'home', access: 'teacher', ...page(() => import('./pages/teacher/TeacherHome'), ['teacher']) },
  { path: '/teacher/cycle', name: 'menu.teacherCycle', icon: 'swap', access: 'teacher', ...page(() => import('./pages/teacher/TeacherCycle'), ['teacher']) },
  { path: '/teacher/subsidies', name: 'menu.teacherSubsidies', icon: 'wallet', access: 'teacher', ...page(() => import('./pages/teacher/MySubsidies'), ['subsidies']) },
  { path: '/teacher/training', name: 'menu.teacherTraining', icon: 'book', access: 'teacher', ...page(() => import('./pages/teacher/MyTraining'), ['training']) },
  { path: '/teacher/appeals', name: 'menu.teacherAppeals', icon: 'flag', access: 'teacher', ...page(() => import('./pages/teacher/MyAppeals'), ['appeals']) },
  { path: '/teacher/contact', name: 'menu.teacherContact', icon: 'contacts', access: 'teacher', ...page(() => import('./pages/teacher/MyContact'), ['notices']) },
  { path: '/hr', name: 'menu.hrOverview', icon: 'dashboard', access: 'countyHr', ...page(() => import('./pages/hr/Overview'), ['hr']) },
  { path: '/hr/schools', name: 'menu.hrSchools', icon: 'bank', access: 'countyHr', ...page(() => import('./pages/hr/Schools'), ['hr']) },
  { path: '/hr/schools/:id', name: 'menu.hrSchool', access: 'countyHr', ...page(() => import('./pages/hr/SchoolDetail'), ['hr']), hideInMenu: true },
  { path: '/hr/teachers', name: 'menu.hrTeachers', icon: 'team', access: 'countyHr', ...page(() => import('./pages/hr/Teachers'), ['hr']) },
  { path: '/hr/teachers/:id', name: 'menu.hrTeacher', access: 'countyHr', ...page(() => import('./pages/hr/TeacherDetail'), ['hr']), hideInMenu: true },
  { path: '/hr/imports', name: 'menu.hrImports', icon: 'upload', access: 'countyHr', ...page(() => import('./pages/hr/Imports'), ['hr']) },
  { path: '/hr/cycles', name: 'menu.hrCycles', icon: 'swap', access: 'countyHr', ...page(() => import('./pages/hr/Cycles'), ['hr']) },
  { path: '/hr/cycles/:id', name: 'menu.hrCycle', access: 'countyHr', ...page(() => import('./pages/hr/CycleDetail'), ['hr']), hideInMenu: true },
  { path: '/hr/appeals', name: 'menu.hrAppeals', icon: 'flag', access: 'countyHr', ...page(() => import('./pages/hr/Appeals'), ['appeals']) },
  { path: '/hr/obligations', name: 'menu.hrObligations', icon: 'alert', access: 'countyHr', ...page(() => import('./pages/hr/Obligations'), ['hr']) },
  { path: '/hr/subsidies', name: 'menu.hrSubsidies', icon: 'wallet', group: 'subsidies', access: 'countyHr', ...page(() => import('./pages/hr/subsidies/SubsidySummary'), ['subsidies']) },
  { path: '/hr/subsidies/batches', name: 'menu.hrBatches', icon: 'wallet', group: 'subsidies', access: 'countyHr', ...page(() => import('./pages/hr/subsidies/Batches'), ['subsidies']) },
  { path: '/hr/subsidies/batches/:id', name: 'menu.hrBatch', access: 'countyHr', ...page(() => import('./pages/hr/subsidies/BatchDetail'), ['subsidies']), hideInMenu: true },
  { path: '/hr/subsidies/scheme', name: 'menu.hrScheme', icon: 'wallet', group: 'subsidies', access: 'countyHr', ...page(() => import('./pages/hr/subsidies/Scheme'), ['subsidies']) },
  { path: '/hr/training', name: 'menu.hrActivities', icon: 'book', group: 'training', access: 'countyHr', ...page(() => import('./pages/hr/training/Activities'), ['training']) },
  { path: '/hr/training/compliance', name: 'menu.hrCompliance', icon: 'book', group: 'training', access: 'countyHr', ...page(() => import('./pages/hr/training/Compliance'), ['training']) },
  { path: '/hr/training/stages', name: 'menu.hrStages', icon: 'book', group: 'training', access: 'countyHr', ...page(() => import('./pages/hr/training/Stages'), ['training']) },
  { path: '/hr/kindergartens', name: 'menu.hrKindergartens', icon: 'heart', access: 'countyHr', ...page(() => import('./pages/hr/Kindergartens'), ['hr']) },
  { path: '/hr/audit', name: 'menu.hrAudit', icon: 'audit', access: 'countyHr', ...page(() => import('./pages/hr/Audit'), ['hr']) },
  { path: '/school', name: 'menu.school', icon: 'bank', access: 'schoolAdmin', ...page(() => import('./pages/school/SchoolHome'), ['school', 'hr']) },
  { path: '/city', name: 'menu.city', icon: 'fund', access: 'city', ...page(() => import('./pages/city/CityDashboard'), ['city', 'training']) },
  { path: '/city/policy', name: 'menu.cityPolicy', icon: 'setting', access: 'city', ...page(() => import('./pages/city/PolicyValues'), ['policy']) },
  { path: '/ops', name: 'menu.ops', icon: 'schedule', access: 'operator', ...page(() => import('./pages/ops/Runs'), ['ops']) },
  { path: '/ops/deliveries', name: 'menu.opsDeliveries', icon: 'mail', access: 'operator', ...page(() => import('./pages/ops/Deliveries'), ['notices']) },
  { path: '/notices', name: 'menu.notices', icon: 'bell', access: 'inbox', ...page(() => import('./pages/shared/Inbox'), ['notices']) },
];

/**
 * Starts loading the code of the page at this path while the session is still being asked for, so the
 * page's chunk and the session arrive together instead of one after the other.
 */
export function preloadPage(pathname: string): void {
  const pattern = (p: string) => new RegExp(`^${p.replace(/:[^/]+/g, '[^/]+')}$`);
  void ROUTES.find((r) => pattern(r.path).test(pathname))?.load().catch(() => undefined);
}

/** Where a person lands after signing in: the first page their access allows. */
export function homeFor(access: Record<AccessKey, boolean>): string {
  const order: AccessKey[] = ['teacher', 'schoolAdmin', 'city', 'countyHr', 'operator'];
  const key = order.find((k) => access[k]);
  return ROUTES.find((r) => r.access === key)?.path ?? '/sign-in';
}
