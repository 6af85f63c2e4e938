// Verifies that our own proto subset (proto/*.proto) agrees with the FFI
// protocol compiled into the pinned @livekit/rtc-ffi-bindings package: for
// every message and enum we declare, the bindings must have the same type with
// the same field numbers, names, kinds, scalar types, labels and oneofs.
// Usage: node interop/rust/check-proto.mjs   (exit 0 = consistent)
import { createRequire } from 'node:module';
import { loadRoot } from './lib/proto.mjs';

const require = createRequire(import.meta.url);
const bindings = require('@livekit/rtc-ffi-bindings');
const bindingsVersion = require('@livekit/rtc-ffi-bindings/package.json').version;

// protobufjs scalar names -> @bufbuild/protobuf ScalarType numbers
const SCALAR = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7,
  bool: 8, string: 9, bytes: 12, uint32: 13, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};

const byTypeName = new Map();
for (const v of Object.values(bindings)) {
  if (v && typeof v === 'function' && typeof v.typeName === 'string') byTypeName.set(v.typeName, v);
}
// enums are registered as objects; @bufbuild v1 exposes them through proto2.getEnumType
const { proto2 } = require('@bufbuild/protobuf');
const enumByName = new Map();
for (const v of Object.values(bindings)) {
  if (v && typeof v === 'object') {
    try { const e = proto2.getEnumType(v); enumByName.set(e.typeName, e); } catch { /* not an enum */ }
  }
}

const root = loadRoot();
const problems = [];
let checkedFields = 0, checkedTypes = 0;

function walk(ns) {
  for (const obj of ns.nestedArray) {
    const full = obj.fullName.replace(/^\./, '');
    if (obj.constructor.name === 'Type') { checkType(full, obj); walk(obj); }
    else if (obj.constructor.name === 'Enum') checkEnum(full, obj);
    else if (obj.nestedArray) walk(obj);
  }
}

function checkType(full, t) {
  const theirs = byTypeName.get(full);
  if (!theirs) { problems.push(`${full}: not in bindings ${bindingsVersion}`); return; }
  checkedTypes++;
  const fields = new Map(theirs.fields.list().map((f) => [f.no, f]));
  for (const f of t.fieldsArray) {
    checkedFields++;
    const o = fields.get(f.id);
    const where = `${full}.${f.name} = ${f.id}`;
    if (!o) { problems.push(`${where}: no field with that number upstream`); continue; }
    if (o.name !== f.name) problems.push(`${where}: upstream name is ${o.name}`);
    const rt = f.resolvedType;
    if (rt && rt.constructor.name === 'Type') {
      if (o.kind !== 'message') problems.push(`${where}: upstream kind ${o.kind}, ours message`);
      else if (o.T.typeName !== rt.fullName.replace(/^\./, '')) problems.push(`${where}: upstream type ${o.T.typeName}`);
    } else if (rt && rt.constructor.name === 'Enum') {
      if (o.kind !== 'enum') problems.push(`${where}: upstream kind ${o.kind}, ours enum`);
      else if (o.T.typeName !== rt.fullName.replace(/^\./, '')) problems.push(`${where}: upstream enum ${o.T.typeName}`);
    } else {
      if (o.kind !== 'scalar' || o.T !== SCALAR[f.type]) problems.push(`${where}: upstream ${o.kind}/${o.T}, ours ${f.type}`);
    }
    if (!!o.repeated !== f.repeated) problems.push(`${where}: repeated mismatch`);
    const ourOneof = f.partOf ? f.partOf.name : undefined;
    const theirOneof = o.oneof ? o.oneof.name : undefined;
    if (ourOneof !== theirOneof) problems.push(`${where}: oneof ${ourOneof} vs upstream ${theirOneof}`);
  }
}

function checkEnum(full, e) {
  const theirs = enumByName.get(full);
  if (!theirs) { problems.push(`${full}: enum not in bindings ${bindingsVersion}`); return; }
  checkedTypes++;
  for (const [name, no] of Object.entries(e.values)) {
    const v = theirs.findNumber(no);
    if (!v || v.name !== name) problems.push(`${full}.${name} = ${no}: upstream ${v ? v.name : 'none'}`);
  }
}

walk(root);
if (problems.length) {
  console.error(`proto subset does NOT match @livekit/rtc-ffi-bindings ${bindingsVersion}:`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`proto subset matches @livekit/rtc-ffi-bindings ${bindingsVersion}: ${checkedTypes} types, ${checkedFields} fields`);
