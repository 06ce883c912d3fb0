// The browser tests' global setup: builds the server into dist/ (unless it is fresh), so each test file starts
// the built server, as `npm start` runs it, not the sources through tsx (a cold tsx start is seconds on a busy
// machine).
import { buildServer } from '../../../scripts/build-server.ts';

export default async function setup() {
  await buildServer();
}
