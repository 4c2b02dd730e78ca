/** The daily summary as a terminal table: Chinese first, English second, columns aligned for wide (CJK) characters. */
import { REJECT_REASONS, type Reason } from '@ymt/verifier-core';
import { cstIso, reasonText } from '@ymt/verifier-core/node';
import type { DailySummary, TubeLine } from './daily-summary.js';

const KNOWN_REASONS: readonly string[] = [...REJECT_REASONS, 'OK', 'YELLOW', 'RED'];
const OUTCOME_LABEL: Readonly<Record<string, string>> = { ACCEPT: '通过 ACCEPT', REFER: '转单管 REFER' };
const COLOUR_LABEL: Readonly<Record<string, string>> = { green: '绿码 green', yellow: '黄码 yellow', red: '红码 red' };

/** Terminal columns a string takes: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
const padStart = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
const num = (n: number): string => n.toLocaleString('en-US');

export function durationText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} 分钟 min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} 小时 h ${m % 60} 分钟 min`;
  return `${Math.floor(h / 24)} 天 days ${h % 24} 小时 h`;
}

function reasonLine(reason: string): string {
  return KNOWN_REASONS.includes(reason) ? reasonText(reason as Reason) : reason;
}

function tubeList(tubes: readonly TubeLine[]): string {
  const shown = tubes.slice(0, 12).map((t) => `${t.label} (${t.count}/${t.poolSize})`);
  return tubes.length > shown.length ? `${shown.join(', ')}, … +${tubes.length - shown.length}` : shown.join(', ');
}

export function summaryText(s: DailySummary): string {
  const L = 30;
  const out: string[] = [];
  const row = (label: string, value: string, rest = ''): void => {
    out.push(`  ${padEnd(label, L)}${padStart(value, 10)}${rest === '' ? '' : `   ${rest}`}`);
  };
  out.push(`每日汇总 Daily summary  ${s.day}  (中国标准时间 China Standard Time)`);
  out.push(`采样点 Site: ${s.site}   设备 Kiosk: ${s.kioskId}   生成于 Made at: ${cstIso(s.at)}`);
  out.push('');
  row('采样人数 People sampled', num(s.people.total));
  row('  个人码 personal codes', num(s.people.personal));
  row('  亲属码 kin codes', num(s.people.kin));
  row('转单管 Referred (REFER)', num(s.refers.total));
  for (const [colour, n] of Object.entries(s.refers.byColor).sort((a, b) => b[1] - a[1])) row(`  ${COLOUR_LABEL[colour] ?? colour}`, num(n));
  row('拒绝扫描 Rejected scans', num(s.rejectsTotal));

  out.push('', '每小时人数 People per hour');
  const max = Math.max(...s.perHour);
  if (max === 0) out.push('  无 none');
  else {
    const first = s.perHour.findIndex((n) => n > 0);
    const last = 23 - [...s.perHour].reverse().findIndex((n) => n > 0);
    for (let h = first; h <= last; h++) {
      const n = s.perHour[h] ?? 0;
      const hh = (x: number): string => String(x).padStart(2, '0');
      out.push(`  ${hh(h)}:00-${hh(h + 1)}:00 ${padStart(num(n), 8)}  ${'█'.repeat(Math.round((n / max) * 40))}`);
    }
  }

  out.push('', '结果与原因 Outcomes by reason');
  if (s.outcomes.length === 0) out.push('  无 none');
  for (const o of s.outcomes) row(`${padEnd(OUTCOME_LABEL[o.outcome] ?? o.outcome, 14)}${o.reason}`, num(o.count), reasonLine(o.reason));
  out.push('', '拒绝扫描 Rejected scans by reason (未登记 nothing registered)');
  if (s.rejects.length === 0) out.push('  无 none');
  for (const r of s.rejects) row(r.reason, num(r.count), reasonLine(r.reason));

  out.push('', `试管 Tubes${' '.repeat(L - 8)}混采 pooled  单管 single`);
  const tubeRow = (label: string, x: { pooled: number; single: number }): void => {
    out.push(`  ${padEnd(label, L)}${padStart(num(x.pooled), 11)}${padStart(num(x.single), 13)}`);
  };
  tubeRow('开管 opened', s.tubes.opened);
  tubeRow('满管封管 closed full', s.tubes.closedFull);
  row('未满封管 closed short', num(s.tubes.closedShort.length), tubeList(s.tubes.closedShort));
  row('仍开着 still open', num(s.tubes.stillOpen.length), tubeList(s.tubes.stillOpen));

  out.push('', '上传积压 Upload backlog (现在 now)');
  const age = s.upload.oldestPendingAgeSeconds;
  row('待上传 pending', num(s.upload.pending), s.upload.oldestPendingAt === null || age === null ? '' : `最早 oldest ${cstIso(s.upload.oldestPendingAt)} (${durationText(age)} 前 ago)`);
  row('上传失败 failed (dead)', num(s.upload.dead), s.upload.dead > 0 ? '需要处理 needs attention' : '');
  row('已上传 uploaded', num(s.upload.acked));
  return `${out.join('\n')}\n`;
}
