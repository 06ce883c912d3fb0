// An invoice can never carry amounts past 10^12 minor units: the one-off invoice that used to pass 2^53 (91 lines
// of 1,000,000 × 100,000,000) is refused with 400 naming the field before anything is written or numbered, so the
// invoice list stays readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;
let ws: string;

beforeAll(async () => {
  billfold = await startTestBillfold({ BILLFOLD_TAX_RATES: 'DE=19' });
  owner = await signUp(billfold, 'owner');
  ws = (await createWorkspaceAs(billfold, owner, 'Bounded Ltd')).id;
});
afterAll(async () => billfold.close());

type Line = { description: string; quantity: number; unitAmount: number };

function issue(workspaceId: string, lines: Line[]) {
  return call(billfold, 'POST', `/v1/workspaces/${workspaceId}/invoices`, { as: owner, body: { lines } });
}

const setupFee: Line[] = [{ description: 'Setup fee', quantity: 1, unitAmount: 5000 }];

/** The sequence part of an invoice number: BF-000007 → 7. */
function sequenceOf(number: string): number {
  return Number(number.split('-').pop());
}

async function listedInvoices(workspaceId: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/invoices`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as { id: string; number: string; total: number }[];
}

describe('a one-off invoice past the bound', () => {
  it('refuses 91 lines of 1,000,000 × 100,000,000 with 400 naming the first line, writing and numbering nothing', async () => {
    const before = await issue(ws, setupFee);
    expect(before.statusCode, before.body).toBe(201);

    const huge = Array.from({ length: 91 }, (_, i) => ({
      description: `Line ${i + 1}`,
      quantity: 1_000_000,
      unitAmount: 100_000_000,
    }));
    const refused = await issue(ws, huge);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'lines.0.amount' });

    const listed = await listedInvoices(ws);
    expect(listed.map((i) => i.id)).toEqual([before.json().id]);
    const after = await issue(ws, setupFee);
    expect(after.statusCode, after.body).toBe(201);
    expect(sequenceOf(after.json().number)).toBe(sequenceOf(before.json().number) + 1);
    expect((await listedInvoices(ws)).length).toBe(2);
  });

  it('names the offending line when only a later one is past the bound', async () => {
    const tooLarge = { description: 'Licences', quantity: 1_000_000, unitAmount: 100_000_000 };
    const refused = await issue(ws, [...setupFee, ...setupFee, ...setupFee, tooLarge]);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.param).toBe('lines.3.amount');
  });

  it('refuses lines each within the bound whose subtotal passes it, naming lines', async () => {
    const atTheBound = { description: 'Consulting', quantity: 10_000, unitAmount: 100_000_000 };
    const one = await issue(ws, [atTheBound]);
    expect(one.statusCode, one.body).toBe(201);
    expect(one.json().total).toBe(1_000_000_000_000);

    const refused = await issue(ws, [atTheBound, setupFee[0] as Line]);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'lines' });
    expect(refused.json().error.message).toContain('1,000,000,000,000');
  });

  it('refuses a subtotal within the bound that tax takes past it, using no invoice number', async () => {
    const taxed = await createWorkspaceAs(billfold, owner, 'Taxed GmbH');
    const details = await call(billfold, 'PUT', `/v1/workspaces/${taxed.id}/billing-details`, {
      as: owner,
      body: {
        legalName: 'Taxed GmbH',
        email: 'ap@taxed.example',
        addressLine1: 'Hauptstraße 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
    });
    expect(details.statusCode, details.body).toBe(200);
    const before = await issue(taxed.id, setupFee);
    expect(before.statusCode, before.body).toBe(201);
    expect(before.json().tax).toBe(950);

    const refused = await issue(taxed.id, [{ description: 'Consulting', quantity: 10_000, unitAmount: 100_000_000 }]);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'lines' });

    const after = await issue(taxed.id, setupFee);
    expect(sequenceOf(after.json().number)).toBe(sequenceOf(before.json().number) + 1);
    expect((await listedInvoices(taxed.id)).length).toBe(2);
  });
});
