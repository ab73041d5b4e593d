/**
 * The argument layer of every `ibh` command (and the bench): a command declares its options once
 * — type, validation, help text — with its examples, and gets from this module
 *   - `--help` / `-h` (usage line, options, examples), written to stdout with exit 0;
 *   - unknown options rejected with the closest valid one suggested (edit distance);
 *   - an option given twice rejected (never "the last one wins");
 *   - every value validated by its option's parser, the message naming the option and the value;
 *   - every output path created and probed for writing before the command runs;
 *   - options that exclude each other rejected together.
 * Every refusal is an ArgumentError, which `ibh` answers with exit 2.
 *
 * A command:
 *   export const gate = defineCommand(
 *     {
 *       name: 'gate',
 *       summary: 'one line for `ibh --help`',
 *       options: {
 *         optimizer: value({ placeholder: 'FILE', parse: nonEmpty, required: true, help: '…' }),
 *         seed: value({ placeholder: 'S', parse: parseSeed, help: '…' }),        // number | undefined
 *         runs: value({ placeholder: 'N', parse: positiveInteger, default: 20, help: '…' }), // number
 *         quick: flag('…'),                                                        // boolean
 *         out: outDir({ default: 'reports/out/gate', files: ['summary.json'], help: '…' }),
 *       },
 *       exclusive: [['seed', 'seeds']],
 *       examples: [{ cmd: 'ibh gate --optimizer my-opt.ts', what: '…' }],
 *     },
 *     async (values) => 0, // values typed from the options; outputs already created and probed
 *   );
 * and one line in main.ts's COMMANDS. A parser throws any Error whose message says what is
 * wrong ("must be …" reads as `--runs must be … (got "x")`).
 */
import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ArgumentError, HarnessError } from '../errors.js';

/** Where an output option writes: one file, or a directory holding the named files. */
export type OutputKind = { readonly kind: 'file' } | { readonly kind: 'dir'; readonly files: readonly string[] };

/** One option. `T` is the parsed value's type (it includes `undefined` when the option may be absent). */
export interface OptionSpec<T> {
  /** A flag takes no value (`--quick`); a value option takes one (`--seed 7` or `--seed=7`). */
  readonly takes: 'flag' | 'value';
  /** The value's placeholder in the usage line and help, e.g. `FILE`. */
  readonly placeholder?: string;
  readonly help: string;
  /** Turns the raw text into a value; throws (any Error) with the reason when the text is not valid. */
  readonly parse: (raw: string) => T;
  /** The value when the option is absent (for a flag: false). */
  readonly fallback: () => T;
  /** Shown as "(default: …)" in the help. */
  readonly defaultText?: string;
  readonly required?: boolean;
  /** A one-letter alias, e.g. `n` for `-n`. */
  readonly short?: string;
  /** The option names an output path: checked (created, probed for writing) before the command runs. */
  readonly output?: OutputKind;
}

export type Options = Record<string, OptionSpec<unknown>>;
/** The parsed values of a command, keyed by option name. */
export type Values<O extends Options> = { -readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

export interface Example {
  /** The command line, as a user types it (starts with `ibh` or `npm run`). */
  readonly cmd: string;
  readonly what: string;
}

export interface CommandSpec<O extends Options> {
  /** The name after `ibh` (or the program name for a script such as the bench). */
  readonly name: string;
  /** How the command is invoked in the usage line (default: `ibh <name>`). */
  readonly invocation?: string;
  readonly summary: string;
  readonly options: O;
  /** At least one: the help prints them. */
  readonly examples: readonly [Example, ...Example[]];
  /** Groups of options of which at most one may be given. */
  readonly exclusive?: readonly (readonly (keyof O & string)[])[];
  /** Extra paragraphs printed after the options. */
  readonly notes?: readonly string[];
  /** Positional arguments after the options (`ibh merge DIR...`); without it, any is refused. */
  readonly operands?: Operands;
}

/** A command's positional arguments: `min` or more, each shown as `placeholder`. */
export interface Operands {
  readonly placeholder: string;
  readonly help: string;
  readonly min: number;
}

// ---------------------------------------------------------------------------------------------
// Option constructors.

/** A boolean flag, false when absent. */
export function flag(help: string): OptionSpec<boolean> {
  return { takes: 'flag', help, parse: () => true, fallback: () => false };
}

interface ValueOpts<T> {
  readonly help: string;
  readonly placeholder?: string;
  readonly short?: string;
  /** The default value (then the option's type has no `undefined`). */
  readonly default?: T;
  /** Text shown as the default when it is not a plain value (e.g. "IBH_SEED or 20251122"). */
  readonly defaultText?: string;
  readonly required?: boolean;
}

/** A value option with its own parser. Without `default` or `required` the value may be undefined. */
export function value<T>(o: ValueOpts<T> & { readonly parse: (raw: string) => T; readonly default: T }): OptionSpec<T>;
export function value<T>(o: ValueOpts<T> & { readonly parse: (raw: string) => T; readonly required: true }): OptionSpec<T>;
export function value<T>(o: ValueOpts<T> & { readonly parse: (raw: string) => T }): OptionSpec<T | undefined>;
export function value<T>(o: ValueOpts<T> & { readonly parse: (raw: string) => T }): OptionSpec<T | undefined> {
  const d = o.default;
  return {
    takes: 'value',
    help: o.help,
    placeholder: o.placeholder ?? 'VALUE',
    parse: o.parse,
    fallback: () => d,
    ...(o.defaultText !== undefined ? { defaultText: o.defaultText } : d !== undefined ? { defaultText: String(d) } : {}),
    ...(o.required ? { required: true } : {}),
    ...(o.short ? { short: o.short } : {}),
  };
}

/** Any non-empty text. */
export const nonEmpty = (raw: string): string => {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw;
};

/** An integer in [min, max] (inclusive). */
export function integerIn(min: number, max: number, what = `an integer in [${min}, ${max}]`): (raw: string) => number {
  return (raw) => {
    const v = /^\s*[-+]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new Error(`must be ${what}`);
    return v;
  };
}

/** A finite number > 0. */
export const positiveNumber = (raw: string): number => {
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!(v > 0) || !Number.isFinite(v)) throw new Error('must be a positive finite number');
  return v;
};

/**
 * fast-check's seed range. fast-check (readSeed in QualifiedParameters) uses `seed | 0` when the
 * seed is a 32-bit signed integer and folds any other value into 32 bits (4294967296 runs as 0),
 * so only [−2³¹, 2³¹ − 1] is recorded as it runs.
 */
export const SEED_MIN = -0x80000000;
export const SEED_MAX = 0x7fffffff;
export const parseSeed = integerIn(SEED_MIN, SEED_MAX, `an integer in fast-check's 32-bit seed range [${SEED_MIN}, ${SEED_MAX}]`);

/** A positive integer (workers, runs, steps). */
export const positiveInteger = integerIn(1, Number.MAX_SAFE_INTEGER, 'a positive integer');
/** A non-negative integer (a count where 0 means none). */
export const nonNegativeInteger = integerIn(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');

/** One of a fixed set of words. */
export function oneOf<const W extends string>(words: readonly W[]): (raw: string) => W {
  return (raw) => {
    if ((words as readonly string[]).includes(raw)) return raw as W;
    throw new Error(`must be one of ${words.join(', ')}${didYouMean(raw, words)}`);
  };
}

/** A comma-separated list of words from a fixed set (no repeats, at least one). */
export function listOf<const W extends string>(words: readonly W[]): (raw: string) => W[] {
  return (raw) => {
    const parts = raw.split(',').map((s) => s.trim());
    const out: W[] = [];
    for (const p of parts) {
      if (!(words as readonly string[]).includes(p)) throw new Error(`"${p}" is not one of ${words.join(', ')}${didYouMean(p, words)}`);
      if (out.includes(p as W)) throw new Error(`"${p}" is listed twice`);
      out.push(p as W);
    }
    return out;
  };
}

/** An output file: its directory is created and the file probed for writing before the command runs. */
export function outFile(o: ValueOpts<string>): OptionSpec<string | undefined> {
  return { ...value({ placeholder: 'FILE', ...o, parse: nonEmpty }), output: { kind: 'file' } };
}

/** An output directory holding `files`: created and each file probed for writing before the command runs. */
export function outDir(o: ValueOpts<string> & { readonly default: string; readonly files: readonly string[] }): OptionSpec<string> {
  return { ...value({ placeholder: 'DIR', ...o, parse: nonEmpty }), output: { kind: 'dir', files: o.files } };
}

// ---------------------------------------------------------------------------------------------
// Suggestions.

/** Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/**
 * The fewest edits that turn `needle` into some substring of `hay` (Sellers' approximate
 * substring match): 0 exactly when `hay` contains `needle`. Used for `--only`, a substring filter.
 */
export function substringDistance(needle: string, hay: string): number {
  let prev = Array.from({ length: hay.length + 1 }, () => 0);
  for (let i = 1; i <= needle.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hay.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (needle[i - 1] === hay[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return Math.min(...prev);
}

/** The candidates nearest to `word` (at most `max`, in the candidates' order among equals). */
export function closest(word: string, candidates: readonly string[], max = 3, dist: (a: string, b: string) => number = editDistance): string[] {
  const scored = candidates.map((c, i) => ({ c, i, d: dist(word, c) }));
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  const best = scored[0]?.d;
  return best === undefined ? [] : scored.filter((s) => s.d === best).slice(0, max).map((s) => s.c);
}

/** "; did you mean X?" when some candidate is within a third of the word's length (at least 2 edits), else "". */
export function didYouMean(word: string, candidates: readonly string[], render: (c: string) => string = (c) => c): string {
  const near = closest(word, candidates, 1);
  if (near.length === 0 || editDistance(word, near[0]!) > Math.max(2, Math.floor(word.length / 3))) return '';
  return `; did you mean ${render(near[0]!)}?`;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/** The result of reading argv: the help was asked for, or the validated values. */
export type Parsed<O extends Options> = { readonly help: true } | { readonly help: false; readonly values: Values<O>; readonly operands: readonly string[] };

const isNegativeNumber = (s: string): boolean => /^-\d/.test(s) || /^-\.\d/.test(s);

function optionLabel(name: string, o: OptionSpec<unknown>): string {
  return o.takes === 'flag' ? `--${name}` : `--${name} ${o.placeholder ?? 'VALUE'}`;
}

/**
 * Reads argv against the spec. Throws ArgumentError (naming the option and the problem, with
 * the usage line) on: an unknown option, a positional argument, an option given twice, a value
 * missing or invalid, a flag given a value, a required option absent, exclusive options together.
 * `--help` / `-h` anywhere wins over everything else.
 */
export function parseArgv<O extends Options>(spec: CommandSpec<O>, argv: readonly string[]): Parsed<O> {
  if (argv.some((a) => a === '--help' || a === '-h')) return { help: true };
  const names = Object.keys(spec.options);
  const byShort = new Map(names.flatMap((n) => (spec.options[n]!.short ? [[spec.options[n]!.short!, n] as const] : [])));
  function fail(msg: string): never {
    throw new ArgumentError(`${msg}\n${usageLine(spec)}\n(${spec.invocation ?? `ibh ${spec.name}`} --help for the options and examples)`);
  }
  const raw = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    let name: string;
    let inline: string | undefined;
    if (tok.startsWith('--') && tok.length > 2) {
      const eq = tok.indexOf('=');
      name = eq === -1 ? tok.slice(2) : tok.slice(2, eq);
      if (eq !== -1) inline = tok.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(tok)) {
      const n = byShort.get(tok.slice(1));
      if (n === undefined) fail(`unknown option ${tok}${didYouMean(tok.slice(1), [...byShort.keys()], (c) => `-${c}`)}`);
      name = n;
    } else if (spec.operands) {
      operands.push(tok);
      continue;
    } else {
      fail(`unexpected argument "${tok}": ${spec.invocation ?? `ibh ${spec.name}`} takes only options`);
    }
    const o = spec.options[name];
    if (!o || !Object.hasOwn(spec.options, name)) {
      fail(`unknown option --${name}${didYouMean(name, [...names, 'help'], (c) => `--${c}`)}`);
    }
    let text: string;
    if (o.takes === 'flag') {
      if (inline !== undefined) fail(`--${name} is a flag and takes no value (got "--${name}=${inline}")`);
      text = '';
    } else if (inline !== undefined) text = inline;
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && !isNegativeNumber(next))) fail(`--${name} needs a value: ${optionLabel(name, o)}`);
      text = next;
      i++;
    }
    if (raw.has(name)) {
      fail(o.takes === 'flag' ? `--${name} is given twice; give it once` : `--${name} is given twice ("${raw.get(name)}" and "${text}"); give it once`);
    }
    raw.set(name, text);
  }
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((n) => raw.has(n));
    if (given.length === 2) fail(`give --${given[0]} or --${given[1]}, not both`);
    if (given.length > 2) fail(`give only one of ${given.map((n) => `--${n}`).join(', ')}`);
  }
  if (spec.operands && operands.length < spec.operands.min) {
    fail(`missing ${spec.operands.placeholder}: give at least ${spec.operands.min} (${spec.operands.help})`);
  }
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const o = spec.options[name]!;
    const text = raw.get(name);
    if (text === undefined) {
      if (o.required) fail(`missing ${optionLabel(name, o)}: ${o.help}`);
      values[name] = o.fallback();
      continue;
    }
    try {
      values[name] = o.parse(text);
    } catch (e) {
      const reason = (e as Error).message.startsWith(`--${name}: `) ? (e as Error).message.slice(name.length + 4) : (e as Error).message;
      fail(reason.startsWith('must ') ? `--${name} ${reason} (got ${JSON.stringify(text)})` : `--${name} ${JSON.stringify(text)}: ${reason}`);
    }
  }
  return { help: false, values: values as Values<O>, operands };
}

// ---------------------------------------------------------------------------------------------
// Output paths.

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
      return 'ENOENT (the parent directory does not take new entries)';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (e as Error).message;
  }
}

/**
 * Creates `dir` one level at a time (never `mkdirSync(…, { recursive: true })`, which loops
 * forever on Node 20 where a parent refuses new entries, e.g. /proc/x).
 */
function makeDir(dir: string, label: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        missing.push(p);
        const up = dirname(p);
        if (up === p) break;
        p = up;
        continue;
      }
      throw new ArgumentError(`${label}: cannot write ${dir}: ${describeFsError(e)}`);
    }
    if (!st.isDirectory()) throw new ArgumentError(`${label}: cannot write ${dir}: ${p} is a file, not a directory`);
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new ArgumentError(`${label}: cannot create directory ${m}: ${describeFsError(e)}`);
    }
  }
}

/** Opens `file` for appending (never truncating) and closes it; removes it again if it did not exist. */
function probeFile(file: string, label: string): void {
  let existed = true;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new ArgumentError(`${label}: cannot write ${file}: it is a directory`);
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    existed = false;
  }
  try {
    closeSync(openSync(file, 'a'));
  } catch (e) {
    throw new ArgumentError(`${label}: cannot write ${file}: ${describeFsError(e)}`);
  }
  if (!existed) unlinkSync(file);
}

/** Makes sure an output path can be written: creates its directory, probes each file it will hold. */
export function prepareOutput(path: string, kind: OutputKind, label: string): void {
  if (kind.kind === 'file') {
    makeDir(dirname(path), label);
    probeFile(path, label);
  } else {
    makeDir(path, label);
    for (const f of kind.files) probeFile(join(path, f), label);
  }
}

/** Checks every output option that has a value (see `prepareOutput`). */
export function prepareOutputs<O extends Options>(spec: CommandSpec<O>, values: Values<O>): void {
  for (const [name, o] of Object.entries(spec.options)) {
    const v = values[name as keyof O];
    if (o.output && typeof v === 'string') prepareOutput(v, o.output, `--${name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Help.

/** `usage: ibh verify [--quick] [--seed S | --seeds LIST] …`, from the spec. */
export function usageLine<O extends Options>(spec: CommandSpec<O>): string {
  const names = Object.keys(spec.options);
  const done = new Set<string>();
  const parts: string[] = [];
  for (const name of names) {
    if (done.has(name)) continue;
    const group = spec.exclusive?.find((g) => g.includes(name));
    const members = group ? group.filter((n) => Object.hasOwn(spec.options, n)) : [name];
    members.forEach((n) => done.add(n));
    const text = members.map((n) => optionLabel(n, spec.options[n]!)).join(' | ');
    parts.push(members.length === 1 && spec.options[name]!.required ? text : `[${text}]`);
  }
  if (spec.operands) parts.push(`${spec.operands.placeholder}...`);
  return `usage: ${spec.invocation ?? `ibh ${spec.name}`} ${parts.join(' ')}`.trimEnd();
}

/** The full help: summary, usage, every option with its default, notes, examples. */
export function helpText<O extends Options>(spec: CommandSpec<O>): string {
  const rows = Object.entries(spec.options).map(([n, o]) => {
    const label = (o.short ? `-${o.short}, ` : '') + optionLabel(n, o);
    const extra = [o.required ? 'required' : '', o.defaultText !== undefined ? `default: ${o.defaultText}` : ''].filter(Boolean).join('; ');
    return [label, o.help + (extra ? ` (${extra})` : '')] as const;
  });
  rows.push(['-h, --help', 'print this help']);
  if (spec.operands) rows.unshift([`${spec.operands.placeholder}...`, spec.operands.help]);
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `${spec.invocation ?? `ibh ${spec.name}`}: ${spec.summary}`,
    '',
    usageLine(spec),
    '',
    'options:',
    ...rows.map(([l, h]) => `  ${l.padEnd(w)}${h}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
    '',
    'examples:',
    ...spec.examples.flatMap((e) => [`  ${e.cmd}`, `      ${e.what}`]),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Commands.

/** A command as `ibh` dispatches it: its spec erased to what help and dispatch need. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: () => string;
  readonly usage: () => string;
  /** Parses argv (help → prints it, exit 0), checks the outputs, then runs. Throws ArgumentError on bad input. */
  readonly invoke: (argv: readonly string[]) => Promise<number>;
}

/**
 * Runs a command as a script's entry point (bench, sweep): its exit code, and a HarnessError
 * as one line naming the command, exit 3 for a solver failure and 2 otherwise.
 */
export async function runAsScript(command: Command, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await command.invoke(argv);
  } catch (e) {
    if (!(e instanceof HarnessError)) throw e;
    process.stderr.write(`${command.name}: ${e.message}\n`);
    process.exitCode = e.code === 'solver' ? 3 : 2;
  }
}

/**
 * Ties a spec to the function that runs it with the parsed, validated values; output paths are
 * prepared in between, so a path that cannot be written is refused before any work.
 */
export function defineCommand<O extends Options>(
  spec: CommandSpec<O>,
  run: (values: Values<O>, operands: readonly string[]) => number | Promise<number>,
): Command & { readonly spec: CommandSpec<O> } {
  return {
    name: spec.name,
    summary: spec.summary,
    spec,
    help: () => helpText(spec),
    usage: () => usageLine(spec),
    invoke: async (argv) => {
      const parsed = parseArgv(spec, argv);
      if (parsed.help) {
        process.stdout.write(helpText(spec) + '\n');
        return 0;
      }
      prepareOutputs(spec, parsed.values);
      return run(parsed.values, parsed.operands);
    },
  };
}

/**
 * The options of a script that runs as top-level code (`npm run rates -- …`): `--help` prints the
 * help and exits 0; bad arguments print the refusal and exit 2; otherwise the parsed values.
 */
export function scriptArgs<O extends Options>(spec: CommandSpec<O>, argv: readonly string[] = process.argv.slice(2)): Values<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgv(spec, argv);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    process.stderr.write(`${spec.name}: ${e.message}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(helpText(spec) + '\n');
    process.exit(0);
  }
  try {
    prepareOutputs(spec, parsed.values);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    process.stderr.write(`${spec.name}: ${e.message}\n`);
    process.exit(2);
  }
  return parsed.values;
}
