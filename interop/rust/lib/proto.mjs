// Runtime loading of our own FFI proto subset (proto/*.proto) with protobufjs.
import protobuf from 'protobufjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'proto');

export function loadRoot() {
  const root = new protobuf.Root();
  root.loadSync(path.join(protoDir, 'ffi.proto'), { keepCase: true });
  root.resolveAll();
  return root;
}
