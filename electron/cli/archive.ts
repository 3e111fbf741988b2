/** CLI commands of the archive module (shared/spec/CLI.md). */
import type { CliCommand } from './framework';

export const archiveCommands: CliCommand[] = [];
