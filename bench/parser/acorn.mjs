// The reference numbers for Amber's parser benchmark: acorn (the version installed with the
// corpus by fetch-corpus.sh) parsing the files of bench/parser/corpus.txt, with the same method
// as Amber's `parse_bench` example: per package, all its files parsed in their goal
// (ecmaVersion "latest", sourceType from the manifest), W warm-up passes, then the median of N
// timed passes; MB = 10^6 bytes of UTF-8 source; rates per second of wall time and per second
// of the process's CPU time.
//
//   node bench/parser/acorn.mjs [--runs N] [--warmup W]
//   node --jitless bench/parser/acorn.mjs ...
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const modules = path.join(root, "target/npm-corpus/node_modules");
const manifest = path.join(root, "bench/parser/corpus.txt");
if (!fs.existsSync(path.join(modules, "acorn"))) {
  console.error("the parser benchmark corpus is not installed; fetch it with\n  bench/parser/fetch-corpus.sh");
  process.exit(2);
}
const acorn = createRequire(path.join(modules, "..", "package.json"))("acorn");

const args = process.argv.slice(2);
const number = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Math.max(0, parseInt(args[i + 1], 10)) : fallback;
};
const runs = Math.max(1, number("--runs", 5));
const warmup = number("--warmup", 2);

const packages = [];
for (const line of fs.readFileSync(manifest, "utf8").split("\n")) {
  if (line.startsWith("#") || line.trim() === "") continue;
  const [spec, goal, , file] = line.split("\t");
  const name = spec.slice(0, spec.lastIndexOf("@"));
  const source = fs.readFileSync(path.join(modules, name, file), "utf8");
  let pkg = packages.at(-1);
  if (!pkg || pkg.spec !== spec) packages.push((pkg = { spec, files: [] }));
  pkg.files.push({ file, sourceType: goal, source, bytes: Buffer.byteLength(source, "utf8") });
}

let failures = 0;
for (const pkg of packages) {
  for (const f of pkg.files) {
    try {
      acorn.parse(f.source, { ecmaVersion: "latest", sourceType: f.sourceType });
    } catch (e) {
      failures++;
      console.log(`FAIL ${pkg.spec}/${f.file}: ${e.message}`);
    }
  }
}
if (failures) process.exit(1);

function parsePackage(pkg) {
  let nodes = 0;
  for (const f of pkg.files) {
    nodes += acorn.parse(f.source, { ecmaVersion: "latest", sourceType: f.sourceType }).body.length;
  }
  return nodes;
}

// Median wall time and median CPU time (process.cpuUsage: user + system, all of node's threads,
// so GC helper threads count) in seconds.
function medianTime(pkg) {
  for (let i = 0; i < warmup; i++) parsePackage(pkg);
  const walls = [];
  const cpus = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    parsePackage(pkg);
    const cpu = process.cpuUsage(startCpu);
    walls.push(Number(process.hrtime.bigint() - start) / 1e9);
    cpus.push((cpu.user + cpu.system) / 1e6);
  }
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { wall: median(walls), cpu: median(cpus) };
}

const rates = (mb, t) => `${(mb / t.wall).toFixed(1)}/${(mb / t.cpu).toFixed(1)}`;

const jitless = process.execArgv.includes("--jitless") ? ", --jitless" : "";
console.log(
  `acorn ${acorn.version} on node ${process.version}${jitless}; median of ${runs} runs after ${warmup} warm-up runs; MB = 10^6 bytes`,
);
console.log("(wall: MB per elapsed second; cpu: MB per second of the process's CPU time)");
console.log(`${"package".padEnd(24)} ${"files".padStart(5)} ${"MB".padStart(8)} ${"parse wall/cpu".padStart(17)}`);
let totalBytes = 0;
const totalTime = { wall: 0, cpu: 0 };
let totalFiles = 0;
for (const pkg of packages) {
  const bytes = pkg.files.reduce((n, f) => n + f.bytes, 0);
  const time = medianTime(pkg);
  totalBytes += bytes;
  totalTime.wall += time.wall;
  totalTime.cpu += time.cpu;
  totalFiles += pkg.files.length;
  const mb = bytes / 1e6;
  console.log(
    `${pkg.spec.padEnd(24)} ${String(pkg.files.length).padStart(5)} ${mb.toFixed(2).padStart(8)} ${rates(mb, time).padStart(17)}`,
  );
}
const mb = totalBytes / 1e6;
console.log(
  `${"total".padEnd(24)} ${String(totalFiles).padStart(5)} ${mb.toFixed(2).padStart(8)} ${rates(mb, totalTime).padStart(17)}`,
);
