/** CLI commands of the reports module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const reportsCommands: CliCommand[] = [];
