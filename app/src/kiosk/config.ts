/**
 * The settings a kiosk knows: each with its default and a check that says
 * what a valid value looks like. `kiosk config set` and the supervisor
 * screen both go through `setConfig`.
 */
import { appendAudit } from '../db/audit.js';
import type { ReadableDB, WritableDB } from '../db/handles.js';
import { allSettings, putSetting } from '../db/settings.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface KeySpec {
  readonly about: string;
  readonly default: string | null;
  /** null when valid, else what a valid value is. */
  readonly check: (v: string) => string | null;
}

const oneOf = (...xs: string[]) => (v: string): string | null => (xs.includes(v) ? null : `one of ${xs.join(', ')}`);
const wholeNumber = (min: number, max: number) => (v: string): string | null =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `a whole number from ${min} to ${max}`;
const text = (max: number) => (v: string): string | null => (v.trim().length >= 1 && v.length <= max ? null : `1 to ${max} characters`);

export const CONFIG_KEYS = {
  'root-key': { about: "the authority's root public key (base64url, 32 bytes)", default: null, check: (v) => (/^[A-Za-z0-9_-]{43}$/.test(v) ? null : '43 base64url characters (32 bytes)') },
  'site-type': { about: 'testing or transport-hub (kin codes are refused at transport hubs)', default: 'testing', check: oneOf('testing', 'transport-hub') },
  'kiosk-id': { about: 'this kiosk, in uploads and exports', default: null, check: (v) => (/^[A-Za-z0-9_.-]{1,40}$/.test(v) ? null : '1 to 40 letters, digits, dots, dashes or underscores') },
  'server-url': { about: 'the central registration server (https)', default: '', check: (v) => (v === '' || /^https?:\/\/[^\s]+$/.test(v) ? null : 'an http(s) URL, or empty for none') },
  'site-name': { about: 'the sampling site, as registrations record it', default: '核酸采样点', check: text(64) },
  'sampling-unit': { about: 'the sampling unit (organisation), as registrations record it', default: '采样单位', check: text(64) },
  'tube-label-pattern': {
    about: 'a regular expression the whole tube label must match (Code 128)',
    default: '^[A-Z0-9]{6,24}$',
    check: (v) => {
      try {
        new RegExp(v);
        return null;
      } catch {
        return 'a valid regular expression';
      }
    },
  },
  'pool-size': { about: 'people per pooled tube: 1, 5, 10 or 20', default: '10', check: oneOf('1', '5', '10', '20') },
  'sample-type': { about: 'throat or nasal swab', default: 'throat', check: oneOf('throat', 'nasal') },
  'skew-seconds': { about: 'allowed clock difference when verifying codes', default: '120', check: wholeNumber(0, 3600) },
  'repeat-code-seconds': { about: 'the same code scanned again within this many seconds needs confirmation', default: '300', check: wholeNumber(0, 86400) },
  'trust-warn-days': { about: 'warn this many days before the trust list expires', default: '3', check: wholeNumber(0, 60) },
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type Config = Record<ConfigKey, string>;

export function isConfigKey(k: string): k is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, k);
}

export function checkConfigValue(key: string, value: string): void {
  if (!isConfigKey(key)) throw new ConfigError(`unknown setting ${JSON.stringify(key)}; the settings are: ${Object.keys(CONFIG_KEYS).join(', ')}`);
  const spec: KeySpec = CONFIG_KEYS[key];
  const problem = spec.check(value);
  if (problem !== null) throw new ConfigError(`${key}: expected ${problem}, got ${JSON.stringify(value)}`);
}

export function readConfig(db: ReadableDB): Config {
  const stored = allSettings(db);
  const out: Partial<Config> = {};
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const spec: KeySpec = CONFIG_KEYS[key];
    const value = stored[key] ?? spec.default;
    if (value === null) throw new ConfigError(`the setting ${key} is missing: the data directory was not made by \`kiosk init\``);
    out[key] = value;
  }
  return out as Config;
}

export function setConfig(db: WritableDB, key: string, value: string, actor: string, now: number): void {
  checkConfigValue(key, value);
  db.transaction(() => {
    putSetting(db, key, value);
    appendAudit(db, { at: now, actor, action: 'config.set', detail: { key, value } });
  }).immediate();
}
