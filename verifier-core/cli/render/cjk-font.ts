/**
 * Locating the CJK font the card's text is drawn with. resvg is told not to
 * load system fonts, so the same files, and so the same PNG bytes, are used
 * whatever else a machine has installed.
 */
import { existsSync } from 'node:fs';

/** The family that Noto Sans CJK's collections expose for Simplified Chinese. */
export const CJK_FONT_FAMILY = 'Noto Sans CJK SC';
/** Its fixed-width sibling, in the same files, for ID numbers. */
export const CJK_MONO_FONT_FAMILY = 'Noto Sans Mono CJK SC';

/** Environment variable naming one font file to use instead of the search. */
export const CJK_FONT_ENV = 'YMT_CJK_FONT';

/**
 * Where Debian/Ubuntu (`fonts-noto-cjk`), Fedora (`google-noto-sans-cjk-fonts`)
 * and Arch (`noto-fonts-cjk`) put the collections. Regular comes before Bold
 * in each folder; the first folder holding a Regular wins.
 */
const KNOWN_FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/google-noto-cjk',
  '/usr/share/fonts/OTF',
];
const REGULAR = 'NotoSansCJK-Regular.ttc';
const BOLD = 'NotoSansCJK-Bold.ttc';

/**
 * The font files to hand resvg: `$YMT_CJK_FONT` alone when set, otherwise
 * Noto Sans CJK Regular (and Bold, where installed) from a known folder.
 * Throws when none is found, since a card without its Chinese text must not
 * be printed.
 */
export function findCjkFontFiles(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): string[] {
  const override = env[CJK_FONT_ENV];
  if (override !== undefined && override !== '') {
    if (!exists(override)) {
      throw new Error(`${CJK_FONT_ENV}=${override}: no such font file. Point it at a CJK font such as NotoSansCJK-Regular.ttc, or unset it.`);
    }
    return [override];
  }
  for (const dir of KNOWN_FONT_DIRS) {
    const regular = `${dir}/${REGULAR}`;
    if (!exists(regular)) continue;
    const bold = `${dir}/${BOLD}`;
    return exists(bold) ? [regular, bold] : [regular];
  }
  throw new Error(
    `No CJK font found for the offline code card (looked for ${REGULAR} in ${KNOWN_FONT_DIRS.join(', ')}). ` +
      `Run the project set-up (npm run setup) or \`apt-get install fonts-noto-cjk\`, or set ${CJK_FONT_ENV} to a CJK font file.`,
  );
}
