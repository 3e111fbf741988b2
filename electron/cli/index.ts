/**
 * The commands, by module. In the bundle a module is loaded when a command of it runs (see
 * LAZY_IMPORT in scripts/build-electron.mjs): `init` does not load the report commands and the
 * libraries they write workbooks with. A command is looked for in the modules listing its
 * first word; when none has it, in every module — the words decide only how much is loaded.
 */
import type { CliCommand } from './framework';
import * as system from './system'; // lazy
import * as masterdata from './masterdata'; // lazy
import * as reports from './reports'; // lazy
import * as plans from './plans'; // lazy
import * as archive from './archive'; // lazy
import * as network from './network'; // lazy
import * as accounts from './accounts'; // lazy
import * as monitor from './monitor'; // lazy
import * as grading from './grading'; // lazy
import * as supply from './supply'; // lazy
import * as cultivation from './cultivation'; // lazy

export interface CommandModule {
  /** the first words of its commands */
  words: string[];
  commands: () => CliCommand[];
}

/** In the order `help` lists them. */
export const COMMAND_MODULES: CommandModule[] = [
  { words: ['init', 'check', 'backup', 'restore'], commands: () => system.systemCommands },
  {
    words: ['demo', 'import', 'imports', 'report', 'rollback', 'set'],
    commands: () => masterdata.masterdataCommands,
  },
  { words: ['report'], commands: () => reports.reportsCommands },
  { words: ['plan'], commands: () => plans.plansCommands },
  { words: ['archive'], commands: () => archive.archiveCommands },
  { words: ['network', 'report'], commands: () => network.networkCommands },
  { words: ['audit', 'login', 'user', 'whoami'], commands: () => accounts.accountsCommands },
  { words: ['monitor'], commands: () => monitor.monitorCommands },
  { words: ['grading'], commands: () => grading.gradingCommands },
  { words: ['supply'], commands: () => supply.supplyCommands },
  { words: ['cultivation'], commands: () => cultivation.cultivationCommands },
];

/** Every command (loads every module): the help and the list shown with an unknown command. */
export function allCommands(): CliCommand[] {
  return COMMAND_MODULES.flatMap((m) => m.commands());
}

/**
 * The command named by the first words of a command line: the longest registered name
 * ('plan breakdown' before 'plan'), or undefined.
 */
export function findCommand(words: string[]): CliCommand | undefined {
  const pick = (list: CliCommand[]) => {
    const two = words.slice(0, 2).join(' ');
    return list.find((c) => c.name === two) ?? list.find((c) => c.name === words[0]);
  };
  if (!words.length) return undefined;
  const listed = COMMAND_MODULES.filter((m) => m.words.includes(words[0])).flatMap((m) => m.commands());
  return pick(listed) ?? pick(allCommands());
}
