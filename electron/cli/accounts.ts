/** CLI commands of the accounts module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const accountsCommands: CliCommand[] = [];
