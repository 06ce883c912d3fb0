// Prefixed, sortable ids (TypeID): the closed set of prefixes Billfold hands out.
import { typeid } from 'typeid-js';

export const idPrefixes = [
  'ws',
  'user',
  'sess',
  'acct',
  'vrf',
  'mem',
  'invite',
  'role',
  'key',
  'sub',
  'inv',
  'pm',
  'cg',
  'evt',
  'aud',
  'obj',
  'pay',
  'tok',
  'card',
  'ch',
  're',
  'chg',
  'clock',
  'ctx',
  'cpur',
  'we',
  'whd',
  'msg',
  'coupon',
  'promo',
  'cn',
  'rfd',
  'cbt',
] as const;

export type IdPrefix = (typeof idPrefixes)[number];

export function newId(prefix: IdPrefix): string {
  return typeid(prefix).toString();
}
