import type { GateReport } from './gate.js';

/** XML 1.0 text: the five entities escaped, characters XML cannot carry dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The gate report as JUnit XML (one testsuite, one testcase per check): a failing check is a
 * <failure> with its detail and replay line, a skipped one <skipped>, so CI shows each tier.
 */
export function junitXml(r: GateReport, optimizer: string): string {
  const failures = r.checks.filter((c) => c.status === 'fail').length;
  const skipped = r.checks.filter((c) => c.status === 'skipped').length;
  const time = (ms: number): string => (ms / 1000).toFixed(3);
  const total = r.checks.reduce((s, c) => s + c.durationMs, 0);
  const cases = r.checks.map((c) => {
    const head = `    <testcase classname="${xmlEscape(`ibh.gate.tier${c.tier}`)}" name="${xmlEscape(c.id)}" time="${time(c.durationMs)}"`;
    const replay = c.replay ? `\nreplay: ${c.replay}` : '';
    if (c.status === 'fail') return `${head}>\n      <failure message="${xmlEscape(c.detail.split('\n')[0]!.slice(0, 500))}">${xmlEscape(c.detail + replay)}</failure>\n    </testcase>`;
    if (c.status === 'skipped') return `${head}>\n      <skipped message="${xmlEscape(c.detail.slice(0, 500))}"/>\n    </testcase>`;
    return `${head}>\n      <system-out>${xmlEscape(c.detail)}</system-out>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ibh gate" tests="${r.checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(total)}">`,
    `  <testsuite name="${xmlEscape(`gate ${optimizer} as ${r.family}`)}" tests="${r.checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(total)}">`,
    `    <properties><property name="verdict" value="${r.verdict}"/><property name="family" value="${xmlEscape(r.family)}"/><property name="horizon" value="${xmlEscape(r.horizon === null ? 'none' : JSON.stringify(r.horizon))}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
