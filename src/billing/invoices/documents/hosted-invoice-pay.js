// The hosted invoice page's card form (served by Billfold as /invoices/pay.js, so the page's CSP stays
// script-src 'self'): the card goes only to the gateway's tokenization endpoint, Billfold gets the token. When the
// bank asks the cardholder to confirm (3-D Secure), the page shows that step, confirms at the gateway and pays
// again. A retry after a lost answer keeps its Idempotency-Key, so the card is charged once.
(() => {
  const section = document.getElementById('pay');
  if (!section) return;
  const form = document.getElementById('pay-form');
  const payButton = document.getElementById('pay-button');
  const confirmStep = document.getElementById('confirm-step');
  const confirmButton = document.getElementById('confirm-button');
  const errorBox = document.getElementById('pay-error');
  const doneBox = document.getElementById('pay-done');
  const fields = {
    number: document.getElementById('card-number'),
    expiry: document.getElementById('card-expiry'),
    cvc: document.getElementById('card-cvc'),
  };
  /** The tokenization endpoint names expMonth/expYear separately; the form has one expiry field. */
  const fieldOfParam = { number: 'number', expMonth: 'expiry', expYear: 'expiry', cvc: 'cvc' };
  const payUrl = section.dataset.payUrl;
  const amount = section.dataset.amount;
  const connectionLost =
    'The connection was lost before the answer came back. Try again: you will not be charged twice.';
  let nextActionUrl = section.dataset.nextActionUrl || null;
  /** A token whose payment's answer never came back: a retry sends it again, with the same Idempotency-Key. */
  let retryToken = null;
  /** The token of the payment waiting for the bank's confirmation (none when the page opened on that step). */
  let confirmToken = null;
  /** The pending intent's Idempotency-Key: kept while its answer is unknown, so a retry resumes it. */
  let pendingKey = null;

  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearMessages() {
    errorBox.hidden = true;
    errorBox.textContent = '';
    for (const [name, input] of Object.entries(fields)) setFieldError(name, null, input);
  }

  function setFieldError(name, message, input = fields[name]) {
    const box = document.getElementById(`${input.id}-error`);
    box.textContent = message ?? '';
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function setBusy(busy, button) {
    button.disabled = busy;
    button.setAttribute('aria-busy', String(busy));
  }

  async function postJson(url, body, headers = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body ?? {}),
      credentials: 'same-origin',
    });
    const data = await response.json().catch(() => null);
    return { status: response.status, data };
  }

  function messageOf(data, fallback) {
    return data?.error?.message ?? fallback;
  }

  function spaced(digits) {
    return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  }

  fields.number.addEventListener('input', () => {
    fields.number.value = spaced(fields.number.value.replace(/\D/g, '').slice(0, 19));
  });
  fields.expiry.addEventListener('input', () => {
    const digits = fields.expiry.value.replace(/\D/g, '').slice(0, 4);
    fields.expiry.value = digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
  });
  fields.cvc.addEventListener('input', () => {
    fields.cvc.value = fields.cvc.value.replace(/\D/g, '').slice(0, 4);
  });

  /** The typed card, or null after marking what is incomplete. */
  function typedCard() {
    const number = fields.number.value.replace(/\D/g, '');
    const expiry = /^(\d{2}) \/ (\d{2})$/.exec(fields.expiry.value.trim());
    const cvc = fields.cvc.value;
    let complete = true;
    if (number.length < 12) {
      setFieldError('number', 'Your card number is incomplete.');
      complete = false;
    }
    if (!expiry || Number(expiry[1]) < 1 || Number(expiry[1]) > 12) {
      setFieldError('expiry', "Your card's expiration date is incomplete.");
      complete = false;
    }
    if (!/^\d{3,4}$/.test(cvc)) {
      setFieldError('cvc', "Your card's security code is incomplete.");
      complete = false;
    }
    if (!complete || !expiry) return null;
    return { number, expMonth: Number(expiry[1]), expYear: 2000 + Number(expiry[2]), cvc };
  }

  /** Pays with the token; answers the invoice's state, or throws an Error in words for the payer. */
  async function pay(token) {
    pendingKey ??= newKey();
    let answer;
    try {
      answer = await postJson(payUrl, { paymentMethodToken: token }, { 'idempotency-key': pendingKey });
    } catch {
      throw new Error(connectionLost);
    }
    // Still running, or our own failure after something may have been written: the same key resumes it.
    const unsettled =
      answer.status >= 500 || (answer.status === 409 && answer.data?.error?.code === 'idempotency_key_in_progress');
    if (!unsettled) pendingKey = null;
    if (answer.status === 200) return answer.data;
    throw new Error(messageOf(answer.data, 'The payment did not go through. Nothing was charged.'));
  }

  function showOutcome(invoice) {
    if (invoice.status === 'paid') {
      form.hidden = true;
      confirmStep.hidden = true;
      const card = invoice.paymentMethod ? ` with the card ending in ${invoice.paymentMethod.last4}` : '';
      doneBox.textContent = `Paid — thank you. ${amount} was charged${card}.`;
      doneBox.hidden = false;
      document.getElementById('pay-title').textContent = 'Payment';
      const testCards = document.getElementById('test-cards-note');
      if (testCards) testCards.hidden = true;
      const badge = document.getElementById('invoice-status');
      if (badge) {
        badge.textContent = 'Paid';
        badge.style.background = '#2b7a3b';
      }
      const statement = document.getElementById('payment-statement');
      if (statement) statement.textContent = `Paid${card}.`;
      for (const due of document.querySelectorAll('[data-testid="due-date"], [data-testid="amount-due-now"]')) {
        due.hidden = true;
      }
      return;
    }
    if (invoice.payment?.status === 'requires_action' && invoice.payment.nextActionUrl) {
      nextActionUrl = invoice.payment.nextActionUrl;
      form.hidden = true;
      confirmStep.hidden = false;
      confirmButton.focus();
      return;
    }
    showError(invoice.payment?.failureMessage ?? 'The invoice is still open. Try again in a moment.');
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessages();
    const card = typedCard();
    if (!card) return;
    setBusy(true, payButton);
    try {
      let token = retryToken;
      if (!token) {
        let tokenized;
        try {
          tokenized = await postJson('/sandbox/v1/tokens', card);
        } catch {
          showError('The connection was lost before the card was checked. Nothing was charged: try again.');
          return;
        }
        if (tokenized.status !== 201) {
          const field = fieldOfParam[tokenized.data?.error?.param];
          const message = messageOf(tokenized.data, 'The card could not be checked. Nothing was charged.');
          if (field) setFieldError(field, message);
          else showError(message);
          return;
        }
        token = tokenized.data.id;
      }
      retryToken = token;
      const invoice = await pay(token);
      retryToken = null;
      confirmToken = token;
      showOutcome(invoice);
    } catch (error) {
      if (pendingKey === null) retryToken = null;
      showError(error.message);
    } finally {
      setBusy(false, payButton);
    }
  });

  confirmButton.addEventListener('click', async () => {
    if (!nextActionUrl) return;
    errorBox.hidden = true;
    setBusy(true, confirmButton);
    try {
      // What the cardholder does in their bank's window; then the invoice is paid, now authenticated.
      let confirmed;
      try {
        confirmed = await postJson(nextActionUrl);
      } catch {
        throw new Error(connectionLost);
      }
      if (confirmed.status !== 200) throw new Error(messageOf(confirmed.data, 'The bank could not confirm it.'));
      // The attempt already has its card: the server finishes it and does not use the token again.
      showOutcome(await pay(confirmToken ?? 'awaiting_confirmation'));
    } catch (error) {
      showError(error.message);
    } finally {
      setBusy(false, confirmButton);
    }
  });
})();
