/** CLI commands of the masterdata module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const masterdataCommands: CliCommand[] = [];
