/**
 * The printable offline-code card as an SVG document: title, status band,
 * QR, holder, and the generation and expiry times in large type, since the
 * checker at a testing site reads those first.
 */
import { CJK_FONT_FAMILY, CJK_MONO_FONT_FAMILY } from './cjk-font.js';
import { formatCstMinute } from './cst-time.js';
import { qrMatrix, qrPathData } from './qr-svg.js';
import { escapeXml } from './xml-escape.js';

export interface CardInfo {
  /** Chinese name, e.g. 张小明. */
  name: string;
  /** e.g. 6101**********123X. */
  idMasked: string;
  kind: 'personal' | 'kin';
  colour: 'green' | 'yellow' | 'red';
  /** Unix seconds: the generation time. */
  issuedAt: number;
  /** Unix seconds. */
  expiresAt: number;
  /** 6-digit region code. */
  issuer: string;
  guardian?: { maskedName: string; phoneLast4: string } | null;
}

export interface CardSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Card width in pixels: about A6 width at 240 dpi. */
export const CARD_WIDTH = 1000;
const MARGIN = 48;
const CONTENT_WIDTH = CARD_WIDTH - 2 * MARGIN;
/** The QR's quiet zone, in modules, inside its frame. */
const QR_QUIET_ZONE = 4;
/** Upper bound for the framed QR's side; the module size is the largest whole number that fits. */
const QR_MAX_SIDE = 700;
/**
 * Policy: at least 8 px per module, which at 240 dpi is 0.85 mm, well above
 * what phone cameras and HID scanners read from paper.
 */
const QR_MIN_MODULE = 8;

/** A full-width space, the gap Chinese typesetting puts between two fields. */
const IDEOGRAPHIC_SPACE = '\u3000';

const INK = '#1a1a1a';
const MUTED = '#5f6368';
const RULE = '#dadce0';

interface StatusStyle {
  readonly fill: string;
  readonly ink: string;
  readonly zh: string;
  readonly en: string;
}

// A Record keyed by the colour union: adding a colour fails to compile here.
const STATUS: Readonly<Record<CardInfo['colour'], StatusStyle>> = {
  green: { fill: '#1e8e3e', ink: '#ffffff', zh: '绿码', en: 'Green' },
  // White on yellow is hard to read on paper, so the yellow band has dark text.
  yellow: { fill: '#f9c80e', ink: INK, zh: '黄码', en: 'Yellow' },
  red: { fill: '#d93025', ink: '#ffffff', zh: '红码', en: 'Red' },
};

interface KindText {
  readonly titleZh: string;
  readonly titleEn: string;
  readonly captionZh: string;
  readonly captionEn: string;
}

const KIND: Readonly<Record<CardInfo['kind'], KindText>> = {
  personal: {
    titleZh: '离线健康码',
    titleEn: 'Offline health code',
    captionZh: '请与本人有效身份证件一并出示',
    captionEn: "Show together with the holder's identity document",
  },
  kin: {
    titleZh: '离线亲属码',
    titleEn: 'Offline kin code',
    captionZh: '仅限核酸检测点使用',
    captionEn: 'Valid for testing sites only; not at airports or railway stations',
  },
};

export function offlineCardSvg(text: string, info: CardInfo): CardSvg {
  const kind = KIND[info.kind];
  const status = STATUS[info.colour];
  const els: string[] = [];
  let y = MARGIN;

  // Title, Chinese over English.
  y += 60;
  els.push(textEl(kind.titleZh, CARD_WIDTH / 2, y, { size: 60, weight: 700, anchor: 'middle' }));
  y += 44;
  els.push(textEl(kind.titleEn, CARD_WIDTH / 2, y, { size: 30, fill: MUTED, anchor: 'middle' }));

  // Status band.
  y += 32;
  const bandHeight = 100;
  els.push(`<rect x="${MARGIN}" y="${y}" width="${CONTENT_WIDTH}" height="${bandHeight}" rx="16" fill="${status.fill}"/>`);
  const bandBaseline = y + bandHeight / 2 + 20;
  els.push(
    `<text x="${CARD_WIDTH / 2}" y="${bandBaseline}" text-anchor="middle" font-family="${CJK_FONT_FAMILY}" fill="${status.ink}">` +
      `<tspan font-size="58" font-weight="700">${escapeXml(status.zh)}</tspan>` +
      `<tspan font-size="34" dx="24">${escapeXml(status.en)}</tspan></text>`,
  );
  y += bandHeight;

  // QR, black on white, framed in the status colour outside its quiet zone.
  y += 32;
  const matrix = qrMatrix(text, 'Q');
  const sideModules = matrix.size + 2 * QR_QUIET_ZONE;
  const moduleSize = Math.max(QR_MIN_MODULE, Math.floor(QR_MAX_SIDE / sideModules));
  const qrSide = sideModules * moduleSize;
  const frame = 6;
  const qrX = Math.round((CARD_WIDTH - qrSide) / 2);
  const qrY = y + frame;
  els.push(
    `<rect x="${qrX - frame / 2}" y="${qrY - frame / 2}" width="${qrSide + frame}" height="${qrSide + frame}" rx="8" fill="#ffffff" stroke="${status.fill}" stroke-width="${frame}"/>`,
  );
  const origin = QR_QUIET_ZONE * moduleSize;
  els.push(`<path fill="#000000" shape-rendering="crispEdges" d="${qrPathData(matrix, moduleSize, qrX + origin, qrY + origin)}"/>`);
  y = qrY + qrSide + frame;

  // Holder.
  const nameSize = fitFontSize(info.name, 76, CONTENT_WIDTH);
  y += 40 + nameSize;
  els.push(textEl(info.name, CARD_WIDTH / 2, y, { size: nameSize, weight: 700, anchor: 'middle' }));
  y += 62;
  els.push(textEl(info.idMasked, CARD_WIDTH / 2, y, { size: 40, anchor: 'middle', family: CJK_MONO_FONT_FAMILY, spacing: 2 }));
  if (info.kind === 'kin' && info.guardian) {
    y += 54;
    const guardian = `监护人 ${info.guardian.maskedName}${IDEOGRAPHIC_SPACE}尾号 ${info.guardian.phoneLast4}`;
    els.push(textEl(guardian, CARD_WIDTH / 2, y, { size: fitFontSize(guardian, 36, CONTENT_WIDTH), anchor: 'middle' }));
  }

  // Times, label left and value right on one baseline.
  y += 36;
  els.push(ruleEl(y));
  for (const [zh, en, at] of [
    ['生成时间', 'Generated', info.issuedAt],
    ['有效期至', 'Valid until', info.expiresAt],
  ] as const) {
    y += 76;
    els.push(textEl(zh, MARGIN, y - 20, { size: 36, weight: 700 }));
    els.push(textEl(en, MARGIN, y + 12, { size: 24, fill: MUTED }));
    els.push(textEl(formatCstMinute(at), CARD_WIDTH - MARGIN, y, { size: 60, weight: 700, anchor: 'end' }));
    y += 26;
  }
  y += 30;
  els.push(textEl('北京时间 China Standard Time (UTC+08:00)', CARD_WIDTH - MARGIN, y, { size: 22, fill: MUTED, anchor: 'end' }));
  y += 28;
  els.push(ruleEl(y));

  // Caption and issuer.
  y += 50;
  els.push(textEl(kind.captionZh, CARD_WIDTH / 2, y, { size: fitFontSize(kind.captionZh, 34, CONTENT_WIDTH), weight: 700, anchor: 'middle' }));
  y += 38;
  els.push(textEl(kind.captionEn, CARD_WIDTH / 2, y, { size: fitFontSize(kind.captionEn, 26, CONTENT_WIDTH), fill: MUTED, anchor: 'middle' }));
  y += 40;
  const issuer = `签发地区 Issuing region ${info.issuer}`;
  els.push(textEl(issuer, CARD_WIDTH / 2, y, { size: 22, fill: MUTED, anchor: 'middle' }));
  y += MARGIN;

  const height = Math.ceil(y);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${height}" viewBox="0 0 ${CARD_WIDTH} ${height}">` +
    `<rect width="${CARD_WIDTH}" height="${height}" fill="#ffffff"/>` +
    els.join('') +
    `</svg>`;
  return { svg, width: CARD_WIDTH, height };
}

interface TextStyle {
  readonly size: number;
  readonly weight?: 400 | 700;
  readonly fill?: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly family?: string;
  readonly spacing?: number;
}

function textEl(content: string, x: number, y: number, style: TextStyle): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    `font-family="${style.family ?? CJK_FONT_FAMILY}"`,
    `font-size="${style.size}"`,
    `font-weight="${style.weight ?? 400}"`,
    `fill="${style.fill ?? INK}"`,
    `text-anchor="${style.anchor ?? 'start'}"`,
  ];
  if (style.spacing !== undefined) attrs.push(`letter-spacing="${style.spacing}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

function ruleEl(y: number): string {
  return `<rect x="${MARGIN}" y="${y}" width="${CONTENT_WIDTH}" height="2" fill="${RULE}"/>`;
}

/**
 * The largest font size up to `max` at which `text` fits `width`, estimating
 * a full-width (CJK) character at 1 em and anything else at 0.6 em. resvg
 * cannot measure for us before rendering, and a long name must not run off
 * the card.
 */
function fitFontSize(text: string, max: number, width: number): number {
  let ems = 0;
  for (const ch of text) ems += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6;
  return ems === 0 ? max : Math.max(12, Math.min(max, Math.floor(width / ems)));
}
