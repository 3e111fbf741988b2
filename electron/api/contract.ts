/**
 * The contract: every API method and job of the workbench, by name. Each
 * module contributes its own map; the renderer imports only the types below.
 *
 * In the bundles each module is loaded when a method or job of it is first looked up (see
 * LAZY_IMPORT in scripts/build-electron.mjs): a command line that calls one method builds
 * only that module's schemas. A name is looked up in the modules listing its first part
 * ('audit.list' → accounts); a name no module lists loads them all, so the list decides
 * only how much is loaded, never whether a method is found.
 *
 * Some modules register hooks when they load (the reports summaries follow every change of
 * order lines, 内管 scans after an orders import, demo data of 网建 and 档案): those are
 * loaded with every module that is not `standalone`, before it runs anything.
 */
import type { InputOf, JobInputOf, JobMap, JobOutputOf, MethodMap, OutputOf } from './define';
import * as system from '../domain/system/api'; // lazy
import * as settings from '../domain/settings/api'; // lazy
import * as masterdata from '../domain/masterdata/api'; // lazy
import * as imports from '../domain/imports/api'; // lazy
import * as reports from '../domain/reports/api'; // lazy
import * as plans from '../domain/plans/api'; // lazy
import * as archive from '../domain/archive/api'; // lazy
import * as network from '../domain/network/api'; // lazy
import * as accounts from '../domain/accounts/api'; // lazy
import * as monitor from '../domain/monitor/api'; // lazy
import * as grading from '../domain/grading/api'; // lazy
import * as supply from '../domain/supply/api'; // lazy
import * as cultivation from '../domain/cultivation/api'; // lazy

export interface ContractModule {
  /** the first parts of its method and job names */
  prefixes: string[];
  methods?: () => MethodMap;
  jobs?: () => JobMap;
  /** registers hooks (imports/hooks.ts, masterdata/demoHooks.ts) when it loads */
  hooks?: true;
  /** sets off no other module's hooks: loaded without the hook modules */
  standalone?: true;
}

/** The modules in contract order (a name defined twice keeps the later definition). */
export const CONTRACT_MODULES: ContractModule[] = [
  { prefixes: ['system'], methods: () => system.systemMethods, standalone: true },
  { prefixes: ['settings'], methods: () => settings.settingsMethods, standalone: true },
  { prefixes: ['masterdata'], methods: () => masterdata.masterdataMethods, jobs: () => masterdata.masterdataJobs },
  { prefixes: ['imports'], methods: () => imports.importsMethods, jobs: () => imports.importsJobs },
  { prefixes: ['reports'], methods: () => reports.reportsMethods, jobs: () => reports.reportsJobs, hooks: true },
  { prefixes: ['plans'], methods: () => plans.plansMethods, jobs: () => plans.plansJobs },
  { prefixes: ['archive'], methods: () => archive.archiveMethods, jobs: () => archive.archiveJobs, hooks: true },
  { prefixes: ['network'], methods: () => network.networkMethods, jobs: () => network.networkJobs, hooks: true },
  {
    prefixes: ['accounts', 'audit'],
    methods: () => accounts.accountsMethods,
    jobs: () => accounts.accountsJobs,
    standalone: true,
  },
  { prefixes: ['monitor'], methods: () => monitor.monitorMethods, jobs: () => monitor.monitorJobs, hooks: true },
  { prefixes: ['grading'], methods: () => grading.gradingMethods, jobs: () => grading.gradingJobs },
  { prefixes: ['supply'], methods: () => supply.supplyMethods, jobs: () => supply.supplyJobs },
  {
    prefixes: ['cultivation'],
    methods: () => cultivation.cultivationMethods,
    jobs: () => cultivation.cultivationJobs,
    hooks: true,
  },
];

/**
 * A map of every method (or job) that loads a module at the first look-up of one of its names.
 * It behaves as the plain object it replaces: `name in`, hasOwnProperty, indexing and
 * Object.keys/entries (which load every module, in contract order).
 */
export function lazyContractMap(part: 'methods' | 'jobs', modules = CONTRACT_MODULES): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const loaded = new Set<ContractModule>();
  const loadOne = (m: ContractModule) => {
    if (loaded.has(m)) return;
    loaded.add(m);
    Object.assign(target, m[part]?.() ?? {});
  };
  // In contract order, as the plain imports registered them: demo extensions share one random sequence.
  let hooked = false;
  const load = (m: ContractModule) => {
    if (!m.standalone && !hooked) {
      hooked = true;
      for (const h of modules) if (h.hooks) loadOne(h);
    }
    loadOne(m);
  };
  let all = false;
  const loadAll = () => {
    if (all) return;
    all = true;
    for (const m of modules) load(m);
  };
  const ensure = (name: string | symbol) => {
    if (typeof name !== 'string' || !name.includes('.') || Object.prototype.hasOwnProperty.call(target, name)) return;
    const prefix = name.slice(0, name.indexOf('.'));
    for (const m of modules) if (m.prefixes.includes(prefix)) load(m);
    if (!Object.prototype.hasOwnProperty.call(target, name)) loadAll();
  };
  return new Proxy(target, {
    get: (t, k, r) => (ensure(k), Reflect.get(t, k, r)),
    has: (t, k) => (ensure(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (ensure(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: () => {
      loadAll();
      // contract order, whatever order the modules were loaded in
      const keys = new Set<string>();
      for (const m of modules) for (const k of Object.keys(m[part]?.() ?? {})) keys.add(k);
      return [...keys];
    },
  });
}

type AllMethods = typeof system.systemMethods &
  typeof settings.settingsMethods &
  typeof masterdata.masterdataMethods &
  typeof imports.importsMethods &
  typeof reports.reportsMethods &
  typeof plans.plansMethods &
  typeof archive.archiveMethods &
  typeof network.networkMethods &
  typeof accounts.accountsMethods &
  typeof monitor.monitorMethods &
  typeof grading.gradingMethods &
  typeof supply.supplyMethods &
  typeof cultivation.cultivationMethods;

type AllJobs = typeof masterdata.masterdataJobs &
  typeof imports.importsJobs &
  typeof reports.reportsJobs &
  typeof plans.plansJobs &
  typeof archive.archiveJobs &
  typeof network.networkJobs &
  typeof accounts.accountsJobs &
  typeof monitor.monitorJobs &
  typeof grading.gradingJobs &
  typeof supply.supplyJobs &
  typeof cultivation.cultivationJobs;

export const methods = lazyContractMap('methods') as AllMethods;
export const jobs = lazyContractMap('jobs') as AllJobs;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Input<M extends MethodName> = InputOf<Methods[M]>;
export type Output<M extends MethodName> = OutputOf<Methods[M]>;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export type JobInput<J extends JobName> = JobInputOf<Jobs[J]>;
export type JobOutput<J extends JobName> = JobOutputOf<Jobs[J]>;

export type { JobEvent, Role } from './define';
export type { ErrorPayload, Result } from './errors';
