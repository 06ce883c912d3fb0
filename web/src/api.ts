// Calls Billfold's API from the page: JSON in and out, an Idempotency-Key on every change, typed errors.

export interface ApiErrorBody {
  error: { type: string; code: string; message: string; param?: string };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.param = body.param;
  }
}

/** One call; each change (one user action: a click, a submit) gets a fresh Idempotency-Key. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const error = (data as Partial<ApiErrorBody> | null)?.error;
    const message = error?.message ?? (data as { message?: string } | null)?.message ?? response.statusText;
    throw new ApiError(response.status, {
      type: error?.type ?? 'unknown',
      code: error?.code ?? 'unknown',
      message,
      param: error?.param,
    });
  }
  return data as T;
}

// A proxy or a crashed server can answer with HTML; say what happened instead of throwing a SyntaxError.
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: 'The server sent an unexpected answer. Try again in a moment.' };
  }
}

export function isApiError(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  role: string;
  /** What the signed-in user may do here, as the server decides it. */
  permissions: WorkspacePermission[];
}

export type WorkspacePermission =
  | 'billing:view'
  | 'billing:manage'
  | 'members:view'
  | 'members:manage'
  | 'roles:manage'
  | 'api_keys:manage';

export interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'expired' | 'accepted' | 'canceled' | 'rejected';
  expiresAt: string;
  createdAt: string;
  acceptUrl: string;
}

export interface Role {
  name: string;
  builtIn: boolean;
  permissions: ('billing' | 'members')[];
}

export interface InviteForInvitee extends Invite {
  workspace: { id: string; slug: string; name: string };
  invitedBy: { name: string; email: string };
}

export interface BillingSummary {
  workspace: { id: string; slug: string; name: string };
  plan: { id: string; name: string; tier: { id: string; name: string } | null; interval: 'month' | 'year' | null };
  /** Always null on the foundation (Free only); paid plans fill it in later. */
  subscription: { status: string } | null;
  seats: { activeUsers: number; pendingInvites: number; maxUsers: number };
  /** The default card, charged for renewals and open invoices. */
  paymentMethod: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  permissions: { view: boolean; manage: boolean };
}

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

/** What the card processor's tokenization endpoint answers; the card number itself never reaches /v1. */
export interface CardToken {
  id: string;
  card: { brand: string; last4: string; expMonth: number; expYear: number };
}

/** The buyer printed on invoices; every field is null until they are first saved. */
export interface BillingDetails {
  legalName: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
  taxId: string | null;
  updatedAt: string | null;
}

export type BillingDetailsInput = {
  [K in 'legalName' | 'email' | 'addressLine1' | 'city' | 'postalCode' | 'country']: string;
} & { [K in 'addressLine2' | 'region' | 'taxId']: string | null };

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible';

export interface InvoicePayment {
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed';
  /** Why the last charge failed, in the card processor's words. */
  failureMessage: string | null;
  /** Where the cardholder confirms a payment that requires authentication. */
  nextActionUrl: string | null;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  /** Amounts in the currency's minor units. */
  subtotal: number;
  tax: number;
  total: number;
  taxRate: { country: string; percent: string } | null;
  issuedAt: string | null;
  paidAt: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  lines: {
    description: string;
    quantity: number;
    unitAmount: number;
    amount: number;
    periodStart: string | null;
    periodEnd: string | null;
    proration: boolean;
  }[];
  paymentMethod: { brand: string; last4: string } | null;
  billingDetails: Omit<BillingDetails, 'updatedAt'> | null;
  payment: InvoicePayment | null;
  hostedUrl: string;
  pdfUrl: string;
}

export interface Session {
  user: { id: string; email: string; name: string };
}
