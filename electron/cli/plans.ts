/** CLI commands of the plans module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const plansCommands: CliCommand[] = [];
