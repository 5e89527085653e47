// Starts Azurite's Table and Queue services on 127.0.0.1, in memory, on free ports, and prints "queue <port>"
// then "listening <table port>".
// It stops when its standard input closes (the test run ended or died).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

const require = createRequire(import.meta.url);
const azurite = path.dirname(require.resolve("azurite/package.json"));
const azuriteTable = path.join(azurite, "dist", "src", "table", "main.js");
const azuriteQueue = path.join(azurite, "dist", "src", "queue", "main.js");

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

const start = (main, service, port) => {
  const child = spawn(process.execPath, [main, `--${service}Host`, "127.0.0.1", `--${service}Port`, String(port),
    "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry"], { stdio: ["ignore", "ignore", "inherit"] });
  child.once("exit", (code) => process.exit(code ?? 1));
  return child;
};

const port = await freePort();
const queuePort = await freePort();
const children = [start(azuriteTable, "table", port), start(azuriteQueue, "queue", queuePort)];

const deadline = Date.now() + 30_000;
while (!(await accepts(port)) || !(await accepts(queuePort))) {
  if (Date.now() > deadline) {
    children.forEach((c) => c.kill());
    throw new Error("Azurite did not start");
  }
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`queue ${queuePort}\nlistening ${port}\n`);

const stop = () => {
  children.forEach((c) => c.kill());
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
