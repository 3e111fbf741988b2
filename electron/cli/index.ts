import type { CliCommand } from './framework';
import { systemCommands } from './system';
import { masterdataCommands } from './masterdata';
import { reportsCommands } from './reports';
import { plansCommands } from './plans';
import { archiveCommands } from './archive';
import { networkCommands } from './network';
import { accountsCommands } from './accounts';
import { monitorCommands } from './monitor';
import { gradingCommands } from './grading';
import { supplyCommands } from './supply';
import { cultivationCommands } from './cultivation';

export const commands: CliCommand[] = [
  ...systemCommands,
  ...masterdataCommands,
  ...reportsCommands,
  ...plansCommands,
  ...archiveCommands,
  ...networkCommands,
  ...accountsCommands,
  ...monitorCommands,
  ...gradingCommands,
  ...supplyCommands,
  ...cultivationCommands,
];
