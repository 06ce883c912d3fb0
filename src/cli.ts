// The billfold command's entry point: turns on Node's compile cache (compiled code kept on disk between runs, so a
// start compiles nothing it compiled before: about half of it) before the command's modules load.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./commands.ts');
