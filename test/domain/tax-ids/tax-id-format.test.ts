// Tax ids checked against their country's shape: what is accepted as typed (spaces, dots, hyphens, lower case) and
// what is refused, with the sentence that says what the id should look like.
import { describe, expect, it } from 'vitest';
import { taxIdProblem } from '../../../src/domain/tax-ids/tax-id-format.ts';

describe('taxIdProblem', () => {
  it.each([
    ['DE', 'DE123456789'],
    ['DE', 'de 123 456 789'],
    ['FR', 'FR 12 345678901'],
    ['GR', 'EL123456789'],
    ['NL', 'NL123456789B01'],
    ['AT', 'ATU12345678'],
    ['IE', 'IE1234567T'],
    ['IE', 'IE1234567WA'],
    ['ES', 'ESX1234567X'],
    ['SE', 'SE123456789001'],
    ['GB', 'GB123456789'],
    ['GB', 'GB 123 4567 89 012'],
    ['US', '12-3456789'],
    ['CH', 'CHE-123.456.789 MWST'],
    ['CH', 'CHE123456789'],
    ['NO', '123456789MVA'],
    ['NO', 'NO 123 456 789 MVA'],
    ['AU', '51 824 753 556'],
    ['JP', 'T1234567890123'],
    ['BR', 'anything a Brazilian buyer uses'],
  ])('accepts %s %s', (country, taxId) => {
    expect(taxIdProblem(country, taxId)).toBeNull();
  });

  it.each([
    [
      'DE',
      'DE12345678',
      'Tax ID DE12345678 does not look right: a German VAT number is DE and 9 digits, e.g. DE123456789.',
    ],
    [
      'DE',
      '123456789',
      'Tax ID 123456789 does not look right: a German VAT number is DE and 9 digits, e.g. DE123456789.',
    ],
    [
      'GR',
      'GR123456789',
      'Tax ID GR123456789 does not look right: a Greek VAT number is EL and 9 digits, e.g. EL123456789.',
    ],
    [
      'FR',
      'FRIO123456789',
      'Tax ID FRIO123456789 does not look right: a French VAT number is FR and 2 letters or digits and 9 digits, e.g. FR12345678901.',
    ],
    [
      'NL',
      'NL123456789',
      'Tax ID NL123456789 does not look right: a Dutch VAT number is NL and 9 digits, B and 2 digits, e.g. NL123456789B01.',
    ],
    [
      'GB',
      'GB12345',
      'Tax ID GB12345 does not look right: a UK VAT number is GB and 9 digits (12 for a branch), e.g. GB123456789.',
    ],
    ['US', '12-345678', 'Tax ID 12-345678 does not look right: a US EIN is 9 digits, e.g. 12-3456789.'],
    [
      'CH',
      'CH-123.456.789',
      'Tax ID CH-123.456.789 does not look right: a Swiss UID is CHE and 9 digits, optionally followed by MWST, TVA or IVA, e.g. CHE-123.456.789 MWST.',
    ],
    [
      'NO',
      '12345678',
      'Tax ID 12345678 does not look right: a Norwegian organisation number is 9 digits, optionally with NO before and MVA after, e.g. NO123456789MVA.',
    ],
    // Eleven digits, but the check digits are wrong: a typo, not an ABN.
    [
      'AU',
      '51 824 753 557',
      'Tax ID 51 824 753 557 does not look right: an Australian ABN is 11 digits with valid check digits, e.g. 51 824 753 556.',
    ],
  ])('refuses %s %s, saying what it should look like', (country, taxId, message) => {
    expect(taxIdProblem(country, taxId)).toBe(message);
  });
});
