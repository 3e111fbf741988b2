/**
 * The bundles load a module of the contract (and of the CLI) at the first look-up of one of its
 * names. The tables that say which module holds a name must be complete (or a command would load
 * every module), and the lazy map must answer exactly as the plain object it replaces.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CONTRACT_MODULES, lazyContractMap, type ContractModule } from '../../../electron/api/contract';
import { COMMAND_MODULES, allCommands, findCommand } from '../../../electron/cli/index';
import type { MethodMap } from '../../../electron/api/define';

const ROOT = path.resolve(__dirname, '../../..');

describe('the contract table', () => {
  it('lists, for every module, the first part of each of its method and job names', () => {
    const unlisted: string[] = [];
    for (const m of CONTRACT_MODULES)
      for (const name of [...Object.keys(m.methods?.() ?? {}), ...Object.keys(m.jobs?.() ?? {})])
        if (!m.prefixes.includes(name.split('.')[0])) unlisted.push(name);
    expect(unlisted).toEqual([]);
  });

  it('marks the modules that register hooks at load, which every module not standalone loads first', () => {
    const registering = new Set<string>();
    const walk = (dir: string, mod: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, mod);
        else if (
          /\.ts$/.test(e.name) &&
          /^(registerDemoExtension|onOrders[A-Za-z]+)\(/m.test(fs.readFileSync(p, 'utf8'))
        )
          registering.add(mod);
      }
    };
    for (const d of fs.readdirSync(path.join(ROOT, 'electron', 'domain'), { withFileTypes: true }))
      if (d.isDirectory()) walk(path.join(ROOT, 'electron', 'domain', d.name), d.name);
    expect([...registering].sort()).toEqual(['archive', 'cultivation', 'monitor', 'network', 'reports']);
    const flagged = CONTRACT_MODULES.filter((m) => m.hooks).map((m) => m.prefixes[0]);
    expect(flagged.sort()).toEqual([...registering].sort());
    // the modules that set off those hooks (order lines, demo data) are not standalone
    for (const m of CONTRACT_MODULES.filter((x) => ['imports', 'masterdata'].includes(x.prefixes[0])))
      expect(m.standalone).toBeUndefined();
  });

  it('names every domain api module once', () => {
    const domains = fs
      .readdirSync(path.join(ROOT, 'electron', 'domain'))
      .filter((d) => fs.existsSync(path.join(ROOT, 'electron', 'domain', d, 'api.ts')));
    const source = fs.readFileSync(path.join(ROOT, 'electron', 'api', 'contract.ts'), 'utf8');
    for (const d of domains) expect(source, d).toContain(`import * as ${d} from '../domain/${d}/api'; // lazy`);
    expect(CONTRACT_MODULES.length).toBe(domains.length);
  });
});

describe('a lazy contract map', () => {
  const handler = () => null;
  const def = (perm: 'read' | 'edit') => ({ input: null as never, perm, write: false, handler });
  function fixture() {
    const loads: string[] = [];
    const mod = (name: string, prefixes: string[], methods: MethodMap): ContractModule => ({
      prefixes,
      methods: () => {
        loads.push(name);
        return methods;
      },
    });
    const a = { 'a.one': def('read'), 'a.two': def('edit') };
    const b = { 'b.one': def('read'), 'x.hidden': def('read') };
    const c = { 'c.one': def('edit') };
    const modules = [mod('A', ['a'], a), mod('B', ['b'], b), mod('C', ['c'], c)];
    return { loads, modules, a, b, c };
  }

  it('loads only the module listing a name’s first part, once', () => {
    const f = fixture();
    const map = lazyContractMap('methods', f.modules);
    expect(f.loads).toEqual([]);
    expect(map['c.one']).toBe(f.c['c.one']);
    expect(Object.prototype.hasOwnProperty.call(map, 'c.one')).toBe(true);
    expect('c.one' in map).toBe(true);
    expect(f.loads).toEqual(['C']);
    expect(Object.prototype.hasOwnProperty.call(map, 'c.missing')).toBe(false);
    // a name its module does not hold: every module is looked in
    expect(f.loads).toEqual(['C', 'A', 'B']);
  });

  it('finds a name no module lists by loading them all, and answers like a plain object', () => {
    const f = fixture();
    const map = lazyContractMap('methods', f.modules);
    expect(map['x.hidden']).toBe(f.b['x.hidden']);
    const plain: Record<string, unknown> = { ...f.a, ...f.b, ...f.c };
    for (const name of ['a.one', 'x.hidden', 'nope.nope', 'toString', 'constructor']) {
      expect(Object.prototype.hasOwnProperty.call(map, name), name).toBe(
        Object.prototype.hasOwnProperty.call(plain, name),
      );
      expect(map[name], name).toBe(plain[name]);
    }
  });

  it('loads the hook modules before any module that is not standalone', () => {
    const loads: string[] = [];
    const mod = (name: string, extra: Partial<ContractModule>): ContractModule => ({
      prefixes: [name],
      methods: () => (loads.push(name), { [`${name}.x`]: def('read') }),
      ...extra,
    });
    const modules = [
      mod('sys', { standalone: true }),
      mod('imp', {}),
      mod('rep', { hooks: true }),
      mod('mon', { hooks: true }),
    ];
    const map = lazyContractMap('methods', modules);
    expect(map['sys.x']).toBeDefined();
    expect(loads).toEqual(['sys']);
    expect(map['imp.x']).toBeDefined();
    // both hook modules in table order, then the module itself
    expect(loads).toEqual(['sys', 'rep', 'mon', 'imp']);
    expect(map['mon.x']).toBeDefined();
    expect(loads).toHaveLength(4);
  });

  it('does not load for a name without a dot, and lists every name in contract order', () => {
    const f = fixture();
    const map = lazyContractMap('methods', f.modules);
    expect(map.toString).toBe(Object.prototype.toString);
    expect(Object.prototype.hasOwnProperty.call(map, 'then')).toBe(false);
    expect(f.loads).toEqual([]);
    expect(map['c.one']).toBe(f.c['c.one']);
    expect(Object.keys(map)).toEqual(['a.one', 'a.two', 'b.one', 'x.hidden', 'c.one']);
    expect(Object.entries(map).map(([k, v]) => [k, (v as { perm: string }).perm])).toEqual([
      ['a.one', 'read'],
      ['a.two', 'edit'],
      ['b.one', 'read'],
      ['x.hidden', 'read'],
      ['c.one', 'edit'],
    ]);
  });
});

describe('the command table', () => {
  it('lists, for every command module, the first word of each of its commands', () => {
    const unlisted: string[] = [];
    for (const m of COMMAND_MODULES)
      for (const c of m.commands()) if (!m.words.includes(c.name.split(' ')[0])) unlisted.push(c.name);
    expect(unlisted).toEqual([]);
  });

  it('finds the same command as a search of every command (the longest name first)', () => {
    const all = allCommands();
    const naive = (words: string[]) =>
      all.find((c) => c.name === words.slice(0, 2).join(' ')) ?? all.find((c) => c.name === words[0]);
    const lines = [
      ...all.map((c) => [...c.name.split(' '), 'extra']),
      ...all.map((c) => c.name.split(' ').slice(0, 1)),
      ['init'],
      ['plan', 'nosuch'],
      ['frobnicate'],
      [],
    ];
    for (const words of lines) expect(findCommand(words)?.name, words.join(' ')).toBe(naive(words)?.name);
  });
});
