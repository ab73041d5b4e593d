import { ArgumentError } from '../errors.js';
import { adam, gd, nsd, signum } from '../optimizers/optimizers.js';
import type { OptimizerFactory } from '../optimizers/types.js';

/**
 * What an optimizer under test claims to be (issue #9, `--as FAMILY`): a named family with its
 * reference optimizer (tier 1 compares against it) and the norm of its predicted implicit bias
 * (tier 3), or `custom`, only claimed to have a given bias.
 */
export type FamilyName = 'gd' | 'ngd' | 'signgd' | 'cd' | 'nsd' | 'adam' | 'adam-eps' | 'signum' | 'custom';
export const FAMILY_NAMES: readonly string[] = ['gd', 'ngd', 'signgd', 'cd', 'nsd:P', 'adam', 'adam-eps', 'signum', 'custom'];

/** Hyperparameters of a family (CLI flags `--beta1 --beta2 --eps --bias-correction --beta --expect`, or a module's `gate` export). */
export interface FamilyOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly biasCorrection?: boolean;
  /** Signum's momentum β. */
  readonly beta?: number;
  /** custom: the predicted norm, 'max' | '2' | '1' | P. */
  readonly expect?: string | number;
}

export interface FamilySpec {
  readonly name: FamilyName;
  /** As the user wrote it, with hyperparameters: e.g. "adam(β₁=0.9, β₂=0.99)". */
  readonly label: string;
  /** The reference optimizer (null for custom: no reference to compare with). */
  readonly reference: OptimizerFactory | null;
  /** The norm p whose max-margin solution the iterates are predicted to approach. */
  readonly predicted: number;
  /** Where the prediction comes from, and how strong it is. */
  readonly basis: string;
  /** NSD's p (gd: none; signgd ∞, ngd 2, cd 1, nsd:P P). */
  readonly p?: number;
  readonly adam?: { readonly beta1: number; readonly beta2: number; readonly eps: number; readonly biasCorrection: boolean };
  readonly beta?: number;
}

const OPTION_OWNERS: Readonly<Record<keyof FamilyOptions, readonly FamilyName[]>> = {
  beta1: ['adam', 'adam-eps'],
  beta2: ['adam', 'adam-eps'],
  eps: ['adam-eps'],
  biasCorrection: ['adam', 'adam-eps'],
  beta: ['signum'],
  expect: ['custom'],
};
const FLAG: Readonly<Record<keyof FamilyOptions, string>> = { beta1: '--beta1 (gate.beta1)', beta2: '--beta2 (gate.beta2)', eps: '--eps (gate.eps)', biasCorrection: '--bias-correction (gate.biasCorrection)', beta: '--beta (gate.beta)', expect: '--expect (gate.expect)' };

export const normLabel = (p: number): string => (p === Infinity ? 'max-norm (∞)' : `${p}-norm`);

/** 'max' | 'inf' | '∞' → ∞; a number P ≥ 1 → P. */
export function parseNorm(x: string | number, what: string): number {
  if (typeof x === 'number') {
    if (x >= 1) return x;
    throw new ArgumentError(`${what}: the norm must be max, 2, 1 or a number P ≥ 1, got ${x}`);
  }
  const s = x.trim().toLowerCase();
  if (s === 'max' || s === 'inf' || s === 'infinity' || s === '∞') return Infinity;
  const p = Number(s);
  if (s !== '' && p >= 1) return p;
  throw new ArgumentError(`${what}: the norm must be max, 2, 1 or a number P ≥ 1, got "${x}"`);
}

function inUnit(x: number | undefined, def: number, flag: string): number {
  const v = x ?? def;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new ArgumentError(`${flag} must be a number in [0, 1), got ${String(x)}`);
  return v;
}

/**
 * Parses FAMILY (`gd`, `ngd`, `signgd`, `cd`, `nsd:P`, `adam`, `adam-eps`, `signum`, `custom`)
 * with its options. Options that do not belong to the family are an error, not ignored.
 *
 * Predicted norms and what backs them:
 * - gd: 2 (Ravi et al. 2024 Thm 3.4; Soudry et al. for binary);
 * - ngd, signgd, cd, nsd:P: P (Fan et al. 2025 Thm 5.3 / Cor. 5.4, any p ≥ 1);
 * - adam (ε = 0, no bias correction as in the paper): ∞ (Fan et al. Thm 6.3 / Cor. 6.4); with
 *   --bias-correction the theorem does not cover it (the correction tends to 1, so the same
 *   limit is expected, not proved);
 * - adam-eps (ε > 0): ∞ only while √v ≫ ε (the paper's Sec. 6 experiments, a finite-horizon
 *   observation; THEOREMS.md §14 P5: below ε it behaves like GD with a tiny step, ℓ2 bias);
 *   the gate checks the bias up to the ε-horizon min √v < 10³ε;
 * - signum: ∞ is a conjecture, not a theorem of either paper (Fan et al. list SignGD with
 *   momentum as future work, Sec. 7); the gate checks it as an empirical prediction.
 */
export function parseFamily(family: string, o: FamilyOptions = {}): FamilySpec {
  const raw = family.trim().toLowerCase();
  let name: FamilyName;
  let p: number | undefined;
  if (raw.startsWith('nsd:')) {
    name = 'nsd';
    p = parseNorm(raw.slice(4), `--as ${family}`);
  } else if (['gd', 'ngd', 'signgd', 'cd', 'adam', 'adam-eps', 'signum', 'custom'].includes(raw)) {
    name = raw as FamilyName;
  } else if (raw === 'nsd') {
    throw new ArgumentError('--as nsd needs the norm: nsd:P (e.g. nsd:3, nsd:max)');
  } else {
    throw new ArgumentError(`unknown family "${family}"; expected one of ${FAMILY_NAMES.join(', ')}`);
  }
  for (const key of Object.keys(o) as (keyof FamilyOptions)[]) {
    if (o[key] === undefined) continue;
    if (!(key in OPTION_OWNERS)) throw new ArgumentError(`unknown gate option "${key}"`);
    if (!OPTION_OWNERS[key].includes(name)) throw new ArgumentError(`${FLAG[key]} applies to ${OPTION_OWNERS[key].join(' and ')}, not ${family}`);
  }
  switch (name) {
    case 'gd':
      return { name, label: 'gd', reference: (s) => gd(s), predicted: 2, basis: 'Ravi et al. 2024, Thm 3.4: GD → the multiclass 2-norm SVM' };
    case 'ngd':
    case 'signgd':
    case 'cd':
    case 'nsd': {
      const q = p ?? (name === 'ngd' ? 2 : name === 'signgd' ? Infinity : 1);
      return { name, label: name === 'nsd' ? `nsd:${q === Infinity ? 'max' : q}` : name, p: q, reference: (s) => nsd(q, s), predicted: q, basis: `Fan et al. 2025, Thm 5.3 / Cor. 5.4: NSD in the ${normLabel(q)} → the ${normLabel(q)} max-margin solution` };
    }
    case 'adam':
    case 'adam-eps': {
      const beta1 = inUnit(o.beta1, 0.9, '--beta1');
      const beta2 = inUnit(o.beta2, 0.99, '--beta2');
      const biasCorrection = o.biasCorrection ?? false;
      if (typeof biasCorrection !== 'boolean') throw new ArgumentError(`--bias-correction must be true or false, got ${String(o.biasCorrection)}`);
      let eps = 0;
      if (name === 'adam-eps') {
        eps = o.eps ?? 1e-8;
        if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new ArgumentError(`--eps must be a positive number for adam-eps, got ${String(o.eps)}`);
      }
      const hp = { beta1, beta2, eps, biasCorrection };
      const label = `${name}(β₁=${beta1}, β₂=${beta2}${name === 'adam-eps' ? `, ε=${eps}` : ''}${biasCorrection ? ', bias-corrected' : ''})`;
      const basis =
        name === 'adam'
          ? `Fan et al. 2025, Thm 6.3 / Cor. 6.4: Adam (ε = 0) → the max-norm max-margin solution${biasCorrection ? ' (proved without bias correction; with it the same limit is expected, not proved)' : ''}`
          : 'Fan et al. 2025, Sec. 6 experiments: Adam with small ε follows ε = 0 (max-norm bias) only while √v ≫ ε (THEOREMS.md §14 P5); checked up to min √v < 10³ε';
      return { name, label, adam: hp, reference: (s) => adam(s, hp), predicted: Infinity, basis };
    }
    case 'signum': {
      const beta = inUnit(o.beta, 0.9, '--beta');
      return { name, label: `signum(β=${beta})`, beta, reference: (s) => signum(s, beta), predicted: Infinity, basis: 'conjecture: SignGD with momentum → max-norm (no theorem in either paper; Fan et al. 2025 Sec. 7 lists it as future work)' };
    }
    case 'custom': {
      if (o.expect === undefined) throw new ArgumentError('--as custom needs --expect max|2|1|P (the norm of the claimed implicit bias)');
      const q = parseNorm(o.expect, '--expect');
      return { name, label: `custom(expect ${q === Infinity ? 'max' : q})`, reference: null, predicted: q, basis: `the user's claim: the iterates approach the ${normLabel(q)} max-margin solution` };
    }
  }
}
