// What a request that fails its schema is told: one sentence per zod issue, in words a person understands,
// naming the field. Used as zod's error map for every route (validator.ts), so a schema's own message wins.
import type { z } from 'zod';

/** The part of the request a schema checks, as Fastify names it. */
export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';

type Issue = z.core.$ZodRawIssue;
type Path = readonly PropertyKey[];

const counts = new Intl.NumberFormat('en-US');

/** 10000 → "10,000": the numbers in a message read the way the page shows them. */
export function formatCount(value: number | bigint): string {
  return counts.format(value);
}

/** The dotted name of a field, as `param` carries it: `lines.3.amount`. */
export function fieldName(path: Path): string {
  return path.map(String).join('.');
}

const wholePart: Record<RequestPart, string> = {
  body: 'The request body',
  querystring: 'The query string',
  params: 'The path',
  headers: 'The request headers',
};

function subject(path: Path, part: RequestPart): string {
  return path.length === 0 ? wholePart[part] : `"${fieldName(path)}"`;
}

const plural = (count: number | bigint, one: string, many: string) =>
  `${formatCount(count)} ${Number(count) === 1 ? one : many}`;

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  date: 'a date',
  null: 'null',
};

const formatNames: Record<string, string> = {
  email: 'an email address',
  url: 'a URL such as https://example.com',
  uuid: 'a UUID',
  guid: 'a UUID',
  datetime: 'a date and time such as 2026-01-31T12:00:00Z',
  date: 'a date such as 2026-01-31',
  time: 'a time such as 12:00:00',
  duration: 'an ISO 8601 duration such as P1D',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  e164: 'a phone number such as +14155550100',
  base64: 'base64 text',
  base64url: 'base64url text',
  jwt: 'a JSON Web Token',
  lowercase: 'lowercase',
  uppercase: 'uppercase',
};

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function limitOf(origin: string, limit: number | bigint, bound: 'at most' | 'at least' | 'less than' | 'more than') {
  switch (origin) {
    case 'string':
      return `must be ${bound} ${plural(limit, 'character', 'characters')}`;
    case 'array':
    case 'set':
      return `must have ${bound} ${plural(limit, 'item', 'items')}`;
    case 'file':
      return `must be ${bound} ${plural(limit, 'byte', 'bytes')}`;
    case 'date': {
      const when = new Date(Number(limit)).toISOString();
      const side = {
        'at most': 'on or before',
        'less than': 'before',
        'at least': 'on or after',
        'more than': 'after',
      };
      return `must be ${side[bound]} ${when}`;
    }
    default:
      return `must be ${bound} ${formatCount(limit)}`;
  }
}

/** What is wrong with the field, said after its name: "must be at most 10,000", "is required". */
function predicate(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'never' || issue.expected === 'undefined') return 'must be left out';
      const wanted = typeNames[issue.expected] ?? `of type ${issue.expected}`;
      return issue.input === null ? `must be ${wanted}, not null` : `must be ${wanted}`;
    }
    case 'too_big':
      return limitOf(issue.origin, issue.maximum, issue.inclusive === false ? 'less than' : 'at most');
    case 'too_small':
      return limitOf(issue.origin, issue.minimum, issue.inclusive === false ? 'more than' : 'at least');
    case 'invalid_value': {
      const values = issue.values.map(valueText);
      return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
    }
    case 'invalid_format': {
      if (issue.format === 'starts_with' && 'prefix' in issue) return `must start with "${issue.prefix}"`;
      if (issue.format === 'ends_with' && 'suffix' in issue) return `must end with "${issue.suffix}"`;
      if (issue.format === 'includes' && 'includes' in issue) return `must contain "${issue.includes}"`;
      if (issue.format === 'regex') return 'is not in the expected format';
      const name = formatNames[issue.format] ?? (issue.format.startsWith('uuid') ? 'a UUID' : undefined);
      return name ? `must be ${name}` : `must be a valid ${issue.format}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${formatCount(issue.divisor)}`;
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has an item that is not allowed';
    case 'invalid_union':
      return issue.input === undefined ? 'is required' : 'is not one of the accepted kinds of value';
    default:
      return 'is not valid';
  }
}

/** The sentence for one zod issue, naming the field (or the part of the request when the issue is about all of it). */
export function validationMessage(issue: Issue, part: RequestPart): string {
  const path = issue.path ?? [];
  if (issue.code === 'unrecognized_keys') {
    // zod names the object that holds the unknown field; the caller needs the field itself.
    const [first, ...others] = issue.keys;
    const also = others.length === 0 ? '' : ` (nor ${others.length === 1 ? 'is' : 'are'} ${quoted(path, others)})`;
    return `${subject([...path, first ?? ''], part)} is not a known field of this request${also}.`;
  }
  // Fastify hands a request without a body to the schema as null.
  const noBody = part === 'body' && path.length === 0 && issue.code === 'invalid_type' && issue.input === null;
  return `${subject(path, part)} ${noBody ? 'is required' : predicate(issue)}.`;
}

function quoted(path: Path, keys: string[]): string {
  return keys.map((key) => `"${fieldName([...path, key])}"`).join(', ');
}

/** zod's error map for one part of the request: an issue the schema gave no message of its own is worded here. */
export function validationErrorMap(part: RequestPart): z.core.$ZodErrorMap {
  return (issue) => validationMessage(issue, part);
}

const verbFirst = /^(must|is|are|has|have|cannot|can|should|may)\b/;

/**
 * A schema's own message is either a whole sentence ("Choose between 1 and 10,000 seats."), sent as it is, or a
 * fragment in lower case ("must be a three-letter ISO 4217 code such as usd"), which follows the field's name.
 */
export function finishMessage(message: string, path: Path, part: RequestPart): string {
  if (!/^[a-z]/.test(message)) return message;
  const stop = /[.!?]$/.test(message) ? '' : '.';
  return verbFirst.test(message)
    ? `${subject(path, part)} ${message}${stop}`
    : `${subject(path, part)}: ${message}${stop}`;
}
