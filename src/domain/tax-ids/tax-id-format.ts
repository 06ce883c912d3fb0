// Whether a tax id has the shape its country gives it: EU VAT numbers (country prefix, Greece's "EL"), the UK's
// VAT number, the US EIN, Switzerland's UID, Norway's organisation number and Australia's ABN (its check digits
// too). A country not listed here takes any id: the shape is checked where it is known, never guessed.

interface TaxIdFormat {
  /** What a person is told: "a German VAT number is DE and 9 digits, e.g. DE123456789". */
  described: string;
  /** Tested on the id in capitals with spaces, dots and hyphens removed. */
  pattern: RegExp;
  checksum?: (compact: string) => boolean;
}

const euVat = (
  country: string,
  prefix: string,
  body: string,
  shape: string,
  example: string,
): [string, TaxIdFormat] => [
  country,
  {
    described: `${/^[AEIOU]/.test(shape) ? 'an' : 'a'} ${shape} VAT number is ${prefix} and ${body}, e.g. ${example}`,
    pattern: new RegExp(`^${prefix}${bodyPatterns[country]}$`),
  },
];

const bodyPatterns: Record<string, string> = {
  AT: 'U\\d{8}',
  BE: '[01]\\d{9}',
  BG: '\\d{9,10}',
  CY: '\\d{8}[A-Z]',
  CZ: '\\d{8,10}',
  DE: '\\d{9}',
  DK: '\\d{8}',
  EE: '\\d{9}',
  GR: '\\d{9}',
  ES: '[A-Z0-9]\\d{7}[A-Z0-9]',
  FI: '\\d{8}',
  FR: '[A-HJ-NP-Z0-9]{2}\\d{9}',
  HR: '\\d{11}',
  HU: '\\d{8}',
  IE: '\\d[A-Z0-9+*]\\d{5}[A-W][A-IW]?',
  IT: '\\d{11}',
  LT: '(\\d{9}|\\d{12})',
  LU: '\\d{8}',
  LV: '\\d{11}',
  MT: '\\d{8}',
  NL: '\\d{9}B\\d{2}',
  PL: '\\d{10}',
  PT: '\\d{9}',
  RO: '\\d{2,10}',
  SE: '\\d{10}01',
  SI: '\\d{8}',
  SK: '\\d{10}',
};

/** The ABN's check: subtract 1 from the first digit, weigh the digits, and the sum is a multiple of 89. */
function validAbn(compact: string): boolean {
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const digits = [...compact].map(Number);
  digits[0] = (digits[0] ?? 0) - 1;
  return digits.reduce((sum, digit, index) => sum + digit * (weights[index] ?? 0), 0) % 89 === 0;
}

const formats = new Map<string, TaxIdFormat>([
  euVat('AT', 'AT', 'U and 8 digits', 'Austrian', 'ATU12345678'),
  euVat('BE', 'BE', '10 digits starting with 0 or 1', 'Belgian', 'BE0123456789'),
  euVat('BG', 'BG', '9 or 10 digits', 'Bulgarian', 'BG123456789'),
  euVat('CY', 'CY', '8 digits and a letter', 'Cypriot', 'CY12345678L'),
  euVat('CZ', 'CZ', '8 to 10 digits', 'Czech', 'CZ12345678'),
  euVat('DE', 'DE', '9 digits', 'German', 'DE123456789'),
  euVat('DK', 'DK', '8 digits', 'Danish', 'DK12345678'),
  euVat('EE', 'EE', '9 digits', 'Estonian', 'EE123456789'),
  euVat('GR', 'EL', '9 digits', 'Greek', 'EL123456789'),
  euVat('ES', 'ES', '9 characters (a letter or digit, 7 digits, a letter or digit)', 'Spanish', 'ESX1234567X'),
  euVat('FI', 'FI', '8 digits', 'Finnish', 'FI12345678'),
  euVat('FR', 'FR', '2 letters or digits and 9 digits', 'French', 'FR12345678901'),
  euVat('HR', 'HR', '11 digits', 'Croatian', 'HR12345678901'),
  euVat('HU', 'HU', '8 digits', 'Hungarian', 'HU12345678'),
  euVat('IE', 'IE', '8 or 9 characters (7 digits and 1 or 2 letters)', 'Irish', 'IE1234567T'),
  euVat('IT', 'IT', '11 digits', 'Italian', 'IT12345678901'),
  euVat('LT', 'LT', '9 or 12 digits', 'Lithuanian', 'LT123456789'),
  euVat('LU', 'LU', '8 digits', 'Luxembourg', 'LU12345678'),
  euVat('LV', 'LV', '11 digits', 'Latvian', 'LV12345678901'),
  euVat('MT', 'MT', '8 digits', 'Maltese', 'MT12345678'),
  euVat('NL', 'NL', '9 digits, B and 2 digits', 'Dutch', 'NL123456789B01'),
  euVat('PL', 'PL', '10 digits', 'Polish', 'PL1234567890'),
  euVat('PT', 'PT', '9 digits', 'Portuguese', 'PT123456789'),
  euVat('RO', 'RO', '2 to 10 digits', 'Romanian', 'RO1234567890'),
  euVat('SE', 'SE', '12 digits ending in 01', 'Swedish', 'SE123456789001'),
  euVat('SI', 'SI', '8 digits', 'Slovenian', 'SI12345678'),
  euVat('SK', 'SK', '10 digits', 'Slovak', 'SK1234567890'),
  [
    'GB',
    {
      described: 'a UK VAT number is GB and 9 digits (12 for a branch), e.g. GB123456789',
      pattern: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    },
  ],
  ['US', { described: 'a US EIN is 9 digits, e.g. 12-3456789', pattern: /^\d{9}$/ }],
  [
    'CH',
    {
      described: 'a Swiss UID is CHE and 9 digits, optionally followed by MWST, TVA or IVA, e.g. CHE-123.456.789 MWST',
      pattern: /^CHE\d{9}(MWST|TVA|IVA)?$/,
    },
  ],
  [
    'NO',
    {
      described:
        'a Norwegian organisation number is 9 digits, optionally with NO before and MVA after, e.g. NO123456789MVA',
      pattern: /^(NO)?\d{9}(MVA)?$/,
    },
  ],
  [
    'AU',
    {
      described: 'an Australian ABN is 11 digits with valid check digits, e.g. 51 824 753 556',
      pattern: /^\d{11}$/,
      checksum: validAbn,
    },
  ],
]);

/** Null when the id fits its country's shape (or the country's shape is not known); else what it should look like. */
export function taxIdProblem(country: string, taxId: string): string | null {
  const format = formats.get(country);
  if (!format) return null;
  const compact = taxId.toUpperCase().replace(/[\s.-]/g, '');
  if (format.pattern.test(compact) && (format.checksum?.(compact) ?? true)) return null;
  return `Tax ID ${taxId.trim()} does not look right: ${format.described}.`;
}
