/** CLI commands of the network module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const networkCommands: CliCommand[] = [];
