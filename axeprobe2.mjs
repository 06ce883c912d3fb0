import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
const base = 'http://127.0.0.1:3900';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const seen = new Map();
for (const who of ['owner','member','billing']) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.request.post('/api/auth/sign-in/email', { data: { email: `${who}@demo.billfold.dev`, password: 'billfold-demo' }, headers: { origin: base } });
  for (const path of ['/w/acme/billing','/w/acme/members','/w/globex/billing','/w/acme/developers']) {
    await page.goto(path); await page.waitForTimeout(2000);
    const res = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa']).analyze();
    for (const v of res.violations) for (const n of v.nodes) {
      const m = (n.any[0]?.message ?? '').replace(/font size.*$/,'');
      const key = v.id + ' ' + m;
      if (!seen.has(key)) { seen.set(key, 1); console.log(v.impact, v.id, n.target.join(' ').slice(-90), '|', m.slice(0,160), '|', n.html.slice(0,100)); }
    }
    if (who==='owner' && path==='/w/acme/billing') await page.screenshot({ path: '/tmp/probe-owner-billing.png', fullPage: true });
  }
}
await browser.close();
