// Billing details through the API, and their effect on invoices: printed on invoices finalized after the
// change, while earlier invoices keep what they printed; the buyer's country picks the tax rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../support/billing-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold({ BILLFOLD_TAX_RATES: 'DE=19,US=8.875' });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

const details = {
  legalName: 'Globex GmbH',
  email: 'ap@globex.example',
  addressLine1: 'Friedrichstraße 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'de',
  taxId: 'DE123456789',
};

describe('billing details', () => {
  it('refuses a tax id of the wrong shape for the country, saying what it should look like', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const url = `/v1/workspaces/${workspace.id}/billing-details`;
    const refused = await call(billfold, 'PUT', url, { as: owner, body: { ...details, taxId: 'DE 1234 5678' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      param: 'taxId',
      message: 'Tax ID DE 1234 5678 does not look right: a German VAT number is DE and 9 digits, e.g. DE123456789.',
    });
    // The same id for a country whose shape is not known here is taken as typed.
    const elsewhere = await call(billfold, 'PUT', url, {
      as: owner,
      body: { ...details, country: 'JP', taxId: 'DE 1234 5678' },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    expect(elsewhere.json()).toMatchObject({ country: 'JP', taxId: 'DE 1234 5678' });
  });

  it('start empty, are saved and read back (country upper-cased, blanks become null)', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const url = `/v1/workspaces/${workspace.id}/billing-details`;
    const empty = await call(billfold, 'GET', url, { as: owner });
    expect(empty.json()).toMatchObject({ legalName: null, country: null, updatedAt: null });
    const saved = await call(billfold, 'PUT', url, { as: owner, body: { ...details, addressLine2: '  ', region: '' } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ ...details, country: 'DE', addressLine2: null, region: null });
    expect((await call(billfold, 'GET', url, { as: owner })).json()).toEqual(saved.json());
  });

  it.each([
    [{ ...details, country: 'XX' }, 'country'],
    [{ ...details, country: 'Germany' }, 'country'],
    [{ ...details, email: 'not-an-email' }, 'email'],
    [{ ...details, legalName: '   ' }, 'legalName'],
    [{ ...details, postalCode: undefined }, 'postalCode'],
    [{ ...details, taxId: 'DE12345' }, 'taxId'],
    [{ ...details, country: 'GB', taxId: 'DE123456789' }, 'taxId'],
  ])('refuses %o naming the field and changes nothing', async (body, param) => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const url = `/v1/workspaces/${workspace.id}/billing-details`;
    const response = await call(billfold, 'PUT', url, { as: owner, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe(param);
    expect((await call(billfold, 'GET', url, { as: owner })).json().legalName).toBeNull();
  });

  it('only billing managers change them; members without billing access cannot read them', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, workspace, owner, admin, 'admin');
    const url = `/v1/workspaces/${workspace.id}/billing-details`;
    expect((await call(billfold, 'GET', url, { as: admin })).statusCode).toBe(403);
    expect((await call(billfold, 'PUT', url, { as: admin, body: details })).statusCode).toBe(403);
    expect((await call(billfold, 'GET', url, { as: await signUp(billfold, 'outsider') })).statusCode).toBe(404);
  });

  it('are printed on invoices issued after the change, with the tax of their country; earlier invoices keep theirs', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    await addCard(billfold, owner, workspace.id, testCards.succeeds);
    const url = `/v1/workspaces/${workspace.id}/billing-details`;

    const before = await payInvoiceAs(billfold, owner, workspace.id, await draftInvoice(billfold, workspace.id));
    expect(before.json()).toMatchObject({ billingDetails: null, subtotal: 3600, tax: 0, total: 3600, taxRate: null });

    await call(billfold, 'PUT', url, { as: owner, body: details });
    const german = await payInvoiceAs(billfold, owner, workspace.id, await draftInvoice(billfold, workspace.id));
    // 19% of $36.00 = $6.84.
    expect(german.json()).toMatchObject({
      billingDetails: { legalName: 'Globex GmbH', country: 'DE', taxId: 'DE123456789' },
      subtotal: 3600,
      tax: 684,
      total: 4284,
      taxRate: { country: 'DE', percent: '19' },
    });

    const moved = await call(billfold, 'PUT', url, {
      as: owner,
      body: { ...details, legalName: 'Globex Inc.', country: 'US', region: 'NY', taxId: '12-3456789' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const american = await payInvoiceAs(billfold, owner, workspace.id, await draftInvoice(billfold, workspace.id));
    // 8.875% of $36.00 = $3.195 → $3.20 (half away from zero).
    expect(american.json()).toMatchObject({ billingDetails: { legalName: 'Globex Inc.' }, tax: 320, total: 3920 });

    const reread = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${german.json().id}`, {
      as: owner,
    });
    expect(reread.json()).toMatchObject({ billingDetails: { legalName: 'Globex GmbH' }, total: 4284 });
  });
});
