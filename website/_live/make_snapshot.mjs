// Boot the pinned Pyodide runtime once, at site-build time, and save its memory as a snapshot.
// A page that restores it skips Python's own start-up (importing and compiling the standard
// library's start-up modules from source), which is most of the seconds a cold start takes.
// Usage: node make_snapshot.mjs <folder of the pyodide runtime> <snapshot file to write>
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, outFile] = process.argv.slice(2);
if (!runtimeDir || !outFile) {
  console.error("usage: node make_snapshot.mjs <pyodide runtime folder> <snapshot file>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtimeDir + "/", fullStdLib: false, _makeSnapshot: true });
const snapshot = pyodide.makeMemorySnapshot();
const partial = outFile + ".partial";
writeFileSync(partial, snapshot);
renameSync(partial, outFile); // never a half-written snapshot under the real name
console.log(`wrote ${outFile} (${snapshot.length} bytes)`);
