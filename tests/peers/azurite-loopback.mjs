// Starts Azurite's Table service on 127.0.0.1, in memory, on a free port, and prints "listening <port>".
// It stops when its standard input closes (the test run ended or died).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

const require = createRequire(import.meta.url);
const azuriteTable = path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "table", "main.js");

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

const port = await freePort();
const child = spawn(process.execPath, [azuriteTable, "--tableHost", "127.0.0.1", "--tablePort", String(port),
  "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry"], { stdio: ["ignore", "ignore", "inherit"] });
child.once("exit", (code) => process.exit(code ?? 1));

const deadline = Date.now() + 30_000;
while (!(await accepts(port))) {
  if (Date.now() > deadline) {
    child.kill();
    throw new Error("Azurite did not start");
  }
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`listening ${port}\n`);

const stop = () => {
  child.kill();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
