// Replaces code the browser search never runs with `unreachable` in a linked .wasm, so
// that wasm-opt then removes it and everything only it uses:
//
// 1. Every function of the regex crates. tantivy links `regex` even into a reader that
//    never compiles one. Facet's Display escapes slashes with a lazily built Regex, and
//    `Weight::explain` formats terms with Debug, which can format a facet; trait-object
//    vtables keep all of that alive through link-time optimization. Sala's browser
//    search never builds a regex (its schema has no facet field, its queries are term,
//    phrase, fuzzy and boolean queries, and it never calls explain), so this code is
//    dead in fact but not in the linker's eyes. Dropping it saves about 140 KB raw and
//    60 KB gzip; zeroing its data (below) another 253 KB raw and 67 KB gzip.
// 2. bitpacking's decoder of plain-delta blocks (`decompress_sorted`). tantivy decodes
//    doc ids with it only in segments written by versions older than the one Sala
//    builds with (skip.rs: the writer always sets the strict-delta bit), and a bundle
//    is always written by the `sala` that embeds this module. About 100 KB of unrolled
//    code before wasm-opt.
//
// 3. bitpacking's scalar decoders, unrolled for each bit width (a third of the code
//    before wasm-opt): the scalar `UnsafeBitPacker` methods tantivy reaches are made to
//    call the compact decoders of `src/unpack.rs` instead (exported as `sala_unpack_*`),
//    so the unrolled ones are no longer referenced and wasm-opt removes them: 41 KB
//    gzip. Each pair's wasm signatures must be equal, or the build stops.
//
// 4. tantivy's thread-pool search and its write checksums: rayon-core, crossbeam's
//    channel, deque and epoch, and crc32fast. A searcher runs its segments on a rayon
//    pool only when the index is given a multi-threaded executor, and the browser's
//    index keeps the single-threaded default (a wasm module without threads cannot
//    start one); crc32fast checksums files tantivy writes and `validate_checksum`,
//    which the browser never calls. `Directory`'s and `Executor`'s code paths keep them
//    linked. Dropping them, with crc32fast's 16 KiB table, saves 37 KB gzip.
//
// Should any of it ever run, the module traps ("unreachable") instead of misbehaving,
// and the browser tests would fail.
//
// The function names must still be in the module (the wasm-release profile keeps the
// name section; wasm-opt --strip-debug removes it afterwards).
//
//   node tools/drop-unused.mjs in.wasm out.wasm in.map
//
// With the linker's map of in.wasm (wasm-ld --Map), the read-only data of the dropped
// crates is zeroed too: regex-syntax's Unicode tables and crc32fast's lookup table, which
// only the dropped functions read. wasm-opt's memory packing then leaves the zeros out of the module.
// Only data sections of 512 bytes or more are zeroed (tables, not the small constants
// a surviving generic instantiated in those crates might share): 269 KB in 86
// sections.
import { readFileSync, writeFileSync } from "node:fs";
import binaryen from "binaryen";

const DROP = new Set([
  "regex", "regex_automata", "regex_syntax",
  "rayon_core", "crossbeam_channel", "crossbeam_deque", "crossbeam_epoch", "crc32fast",
]);

/** Single functions to drop, by crate and a piece of their mangled name (v0 mangling
 * prefixes each name with its length, so `14DeltaIntegrate` is not the strict one). */
const DROP_FUNCTIONS = [
  ["bitpacking", "14DeltaIntegrate"],
  ["bitpacking", "17decompress_sorted"],
];

/** bitpacking's scalar methods (by a piece of their mangled names) and the export of
 * `src/unpack.rs` that decodes the same layout. */
const REPLACE = [
  [/11bitpacker4x6scalar.*19UnsafeBitPackerImpl.*15UnsafeBitPacker10decompress$/, "sala_unpack_4x"],
  [/11bitpacker4x6scalar.*19UnsafeBitPackerImpl.*15UnsafeBitPacker26decompress_strictly_sorted$/, "sala_unpack_4x_strict"],
  [/11bitpacker1x6scalar.*19UnsafeBitPackerImpl.*15UnsafeBitPacker10decompress$/, "sala_unpack_1x"],
];

/** The crate a mangled symbol's own path starts in (v0 `_R…` or legacy `_ZN…`).
 * Only a function's own crate counts: a generic of another crate instantiated over a
 * regex type may share its body with live code, so it is left alone. */
function crateOf(symbol) {
  const v0 = symbol.match(/^_R.*?C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)/);
  if (v0) return v0[2].slice(0, Number(v0[1]));
  const legacy = symbol.match(/^_ZN(?:\d+_\$LT\$)?(\d*)([a-z_][a-z0-9_.]*)/);
  if (!legacy) return null;
  return legacy[1] ? legacy[2].slice(0, Number(legacy[1])) : legacy[2].split("..")[0];
}

/** [file offset, size] of every read-only data section of the dropped crates in a
 * wasm-ld map (columns: Addr Off Size Out In Symbol, in hex). */
function droppedData(map) {
  const ranges = [];
  let inData = false;
  for (const line of map.split("\n")) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 4 && cols[3] === "DATA") {
      inData = true;
      continue;
    }
    if (!inData) continue;
    // The next output section ends DATA.
    if (cols.length === 4 && /^[A-Z]+$/.test(cols[3])) break;
    const m = line.match(/^\s*[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+\S*lib(\w+)-[0-9a-f]+\.rlib\(.*\):\(\.rodata\./);
    if (!m || !DROP.has(m[3])) continue;
    const [offset, size] = [parseInt(m[1], 16), parseInt(m[2], 16)];
    if (size >= 512) ranges.push([offset, size]);
  }
  return ranges;
}

const [input, output, mapFile] = process.argv.slice(2);
const bytes = readFileSync(input);
if (mapFile) {
  const ranges = droppedData(readFileSync(mapFile, "utf8"));
  if (ranges.length === 0) throw new Error(`no regex data found in ${mapFile}`);
  let zeroed = 0;
  for (const [offset, size] of ranges) {
    if (offset + size > bytes.length) throw new Error(`map does not fit ${input}`);
    bytes.fill(0, offset, offset + size);
    zeroed += size;
  }
  console.error(`drop-unused: zeroed ${zeroed} bytes of data in ${ranges.length} tables`);
}
const module = binaryen.readBinary(bytes);
let dropped = 0;
let droppedSingle = 0;
for (let i = 0; i < module.getNumFunctions(); i++) {
  const fn = module.getFunctionByIndex(i);
  const info = binaryen.getFunctionInfo(fn);
  if (info.base !== "") continue;
  const crate = crateOf(info.name);
  if (DROP.has(crate)) {
    binaryen.Function.setBody(fn, module.unreachable());
    dropped++;
  } else if (DROP_FUNCTIONS.some(([c, piece]) => c === crate && info.name.includes(piece))) {
    binaryen.Function.setBody(fn, module.unreachable());
    droppedSingle++;
  }
}
let replaced = 0;
for (const [pattern, exportName] of REPLACE) {
  const ours = binaryen.getFunctionInfo(module.getFunction(binaryen.getExportInfo(module.getExport(exportName)).value));
  const targets = [];
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (crateOf(info.name) === "bitpacking" && pattern.test(info.name)) targets.push(info);
  }
  if (targets.length !== 1) throw new Error(`${pattern}: ${targets.length} functions, not one`);
  const [target] = targets;
  if (target.params !== ours.params || target.results !== ours.results) {
    throw new Error(`${target.name} and ${exportName} have different wasm signatures`);
  }
  const args = binaryen.expandType(target.params).map((type, i) => module.local.get(i, type));
  binaryen.Function.setBody(module.getFunction(target.name), module.call(ours.name, args, ours.results));
  replaced++;
}
if (dropped === 0) throw new Error(`no regex functions found in ${input}: are its names stripped?`);
if (droppedSingle === 0) throw new Error(`none of ${JSON.stringify(DROP_FUNCTIONS)} found in ${input}`);
writeFileSync(output, module.emitBinary());
console.error(`drop-unused: replaced ${dropped} functions of ${[...DROP].join(", ")} and ${droppedSingle} others with unreachable`);
console.error(`drop-unused: pointed ${replaced} bitpacking decoders at src/unpack.rs`);
