/**
 * Synthetic people for demo and benchmark data: Chinese names from common
 * surnames and given-name characters, resident ID numbers with a real
 * region prefix, a plausible birth date and a correct check character
 * (GB 11643), and for kin codes a child (0-16) or an elder (60+) with a
 * masked guardian, as the verifier's age rule requires. None of them is a
 * real person: the sequence digits are random.
 */
import { ageOn, cstDateOf, formatDate, residentIdCheckChar } from '@ymt/verifier-core';
import type { SeededRandom } from './seeded-random.js';

// Most common surnames, roughly by frequency (the weight falls off down the list).
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤'];
const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = SURNAMES.map((s, i) => [s, 1 / (i + 8)] as const);

const GIVEN = {
  male: { young: [...'浩宇轩子涵睿泽博文一诺俊杰辰逸宸铭晨皓梓豪嘉乐'], adult: [...'伟强磊军勇杰涛明超平刚辉鹏飞斌宁龙林阳波峰健凯帆旭亮'], old: [...'建国华明德福生荣贵忠兴庆文军海林成祥'] },
  female: { young: [...'子涵梓萱欣怡诗雨一诺可馨思琪语桐若汐佳悦雨彤'], adult: [...'芳娜敏静丽艳娟霞婷雪琳燕萍颖洁晶慧玲倩媛'], old: [...'秀英桂兰玉珍凤华淑芬丽梅翠萍淑珍秀兰金花'] },
} as const;

// Region prefixes: mostly Xi'an's districts (the demo site), some from elsewhere.
const REGIONS: readonly (readonly [string, number])[] = [
  ['610113', 20], ['610103', 10], ['610104', 10], ['610102', 8], ['610112', 10], ['610111', 6], ['610116', 8], ['610114', 2], ['610115', 3], ['610117', 2],
  ['610118', 2], ['610122', 2], ['610124', 2], ['610402', 3], ['610302', 2], ['610502', 2], ['110105', 1], ['310104', 1], ['440106', 1], ['510107', 1],
  ['410102', 1], ['620102', 1], ['140105', 1], ['420106', 1],
];

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '186', '187', '188', '189', '198', '199'];

export interface SyntheticPerson {
  readonly name: string;
  readonly idNumber: string;
  readonly birthDate: string;
  readonly kind: 'personal' | 'kin';
  readonly mode: 'live' | 'offline';
  readonly phone: string | null;
  readonly guardian: { readonly maskedName: string; readonly phoneLast4: string } | null;
  readonly issuer: string;
  readonly cid: string;
}

type Generation = 'young' | 'adult' | 'old';

function givenName(rng: SeededRandom, sex: 'male' | 'female', gen: Generation): string {
  const pool = GIVEN[sex][gen];
  return rng.chance(0.78) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0] ?? ''}*`;
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

export function syntheticPhone(rng: SeededRandom): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** A resident ID number born on `birth` (YYYY-MM-DD), with the check character. */
export function syntheticIdNumber(rng: SeededRandom, birth: string, sex: 'male' | 'female'): string {
  const seq = String(rng.int(0, 99)).padStart(2, '0') + String(rng.int(0, 4) * 2 + (sex === 'male' ? 1 : 0));
  const first17 = rng.weighted(REGIONS) + birth.replace(/-/g, '') + seq;
  return first17 + residentIdCheckChar(first17);
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A person sampled on the CST day starting at `dayStart` (Unix seconds).
 * `kinAllowed` is false at transport hubs, where kin codes are refused.
 */
export function syntheticPerson(rng: SeededRandom, dayStart: number, kinAllowed: boolean): SyntheticPerson {
  const kind: 'personal' | 'kin' = kinAllowed && rng.chance(0.14) ? 'kin' : 'personal';
  const sex = rng.chance(0.5) ? 'male' : 'female';
  let age: number;
  let gen: Generation;
  if (kind === 'kin') {
    const child = rng.chance(0.6);
    age = child ? rng.int(0, 16) : rng.weighted([[rng.int(60, 69), 5], [rng.int(70, 79), 3], [rng.int(80, 95), 1]]);
    gen = child ? 'young' : 'old';
  } else {
    age = rng.weighted([[rng.int(17, 29), 25], [rng.int(30, 44), 30], [rng.int(45, 59), 30], [rng.int(60, 79), 15]]);
    gen = age < 25 ? 'young' : age < 55 ? 'adult' : 'old';
  }
  // Birth: `age` whole years and some days before the sampling day, kept inside the age band (kin codes: 0-16 or 60+).
  const days = Math.floor(age * 365.25) + (age >= 60 ? 2 : 0) + rng.int(age === 0 ? 1 : 0, 360);
  const birthDate = cstDateOf(dayStart - days * 86400);
  const sampleDate = cstDateOf(dayStart);
  if (kind === 'kin') {
    const a = ageOn(birthDate, sampleDate);
    if (!(a <= 16 || a >= 60)) throw new Error(`synthetic kin age ${a} breaks the age rule`);
  }
  const surname = rng.weighted(SURNAME_WEIGHTS);
  const name = surname + givenName(rng, sex, gen);
  const birth = formatDate(birthDate);
  let guardian: SyntheticPerson['guardian'] = null;
  if (kind === 'kin') {
    // A child's guardian is usually a parent with the same surname; an elder's, a grown child.
    const gSurname = rng.chance(gen === 'young' ? 0.8 : 0.6) ? surname : rng.weighted(SURNAME_WEIGHTS);
    guardian = { maskedName: maskName(gSurname + givenName(rng, rng.chance(0.5) ? 'male' : 'female', 'adult')), phoneLast4: String(rng.int(0, 9999)).padStart(4, '0') };
  }
  return {
    name,
    idNumber: syntheticIdNumber(rng, birth, sex),
    birthDate: birth,
    kind,
    mode: kind === 'kin' ? (rng.chance(0.75) ? 'offline' : 'live') : rng.chance(0.85) ? 'live' : 'offline',
    phone: rng.chance(0.4) ? syntheticPhone(rng) : null,
    guardian,
    issuer: rng.chance(0.92) ? '610000' : rng.pick(['110000', '310000', '440000', '510000', '410000', '620000']),
    cid: base64url(rng.bytes(16)),
  };
}
