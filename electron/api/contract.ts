/**
 * The contract: every API method and job of the workbench, by name. Each
 * module contributes its own map; the renderer imports only the types below.
 */
import type { InputOf, JobInputOf, JobOutputOf, OutputOf } from './define';
import { systemMethods } from '../domain/system/api';
import { settingsMethods } from '../domain/settings/api';
import { masterdataMethods, masterdataJobs } from '../domain/masterdata/api';
import { importsMethods, importsJobs } from '../domain/imports/api';
import { reportsMethods, reportsJobs } from '../domain/reports/api';
import { plansMethods, plansJobs } from '../domain/plans/api';
import { archiveMethods, archiveJobs } from '../domain/archive/api';
import { networkMethods, networkJobs } from '../domain/network/api';
import { accountsMethods, accountsJobs } from '../domain/accounts/api';
import { monitorMethods, monitorJobs } from '../domain/monitor/api';
import { gradingMethods, gradingJobs } from '../domain/grading/api';
import { supplyMethods, supplyJobs } from '../domain/supply/api';
import { cultivationMethods, cultivationJobs } from '../domain/cultivation/api';

export const methods = {
  ...systemMethods,
  ...settingsMethods,
  ...masterdataMethods,
  ...importsMethods,
  ...reportsMethods,
  ...plansMethods,
  ...archiveMethods,
  ...networkMethods,
  ...accountsMethods,
  ...monitorMethods,
  ...gradingMethods,
  ...supplyMethods,
  ...cultivationMethods,
};

export const jobs = {
  ...masterdataJobs,
  ...importsJobs,
  ...reportsJobs,
  ...plansJobs,
  ...archiveJobs,
  ...networkJobs,
  ...accountsJobs,
  ...monitorJobs,
  ...gradingJobs,
  ...supplyJobs,
  ...cultivationJobs,
};

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
