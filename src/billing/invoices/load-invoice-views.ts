// Turns invoice rows into the invoice view; the SQL and the mapping live in invoice-views.queries.ts, and
// loadInvoiceViews stays importable from here.
export { loadInvoiceViews } from './invoice-views.queries.ts';
