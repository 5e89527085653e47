// Starts Seam's own fake (@seamapi/fake-seam-connect), seeded, bound to 127.0.0.1 only.
// The package listens on every interface; it has no host option, so every server it
// creates is pinned to loopback here before it is imported.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number") args.splice(1, 0, "127.0.0.1");
  else if (args[0] && typeof args[0] === "object" && !args[0].path) args[0] = { ...args[0], host: "127.0.0.1" };
  return listen.apply(this, args);
};

const { createFake } = await import("@seamapi/fake-seam-connect");
const port = Number(process.env.PORT ?? 0) || undefined;
const fake = await createFake();
await fake.seed();
const server = await fake.startServer({ port });
process.stdout.write(`listening ${server.port}\n`);

// Stop by ourselves when the parent (the test run) goes away.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
