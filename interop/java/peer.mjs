#!/usr/bin/env node
// The Java client as an interop peer: runs `livekit-dt interop-peer` (cli/target/livekit-dt.jar)
// with the same arguments and contract as interop/js/peer.mjs and interop/rust/peer.mjs.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const jar = join(repo, 'cli', 'target', 'livekit-dt.jar');
if (!existsSync(jar)) {
  console.error(`java peer: ${jar} missing; build it with: mvn -B -DskipTests -pl cli -am package`);
  process.exit(1);
}
// LDT_JAVA_OPTS: extra JVM options (as bin/livekit-dt), e.g. '-Xlog:gc' for an experiment.
const jvmOpts = (process.env.LDT_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean);
const child = spawn('java', [...jvmOpts, '-jar', jar, 'interop-peer', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
