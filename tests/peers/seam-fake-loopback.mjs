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

// Commands from the test on standard input, one per line, each answered with one line:
//   device <device_id> <properties as JSON>   changes a lock in the fake's store (e.g. {"online":false,"battery_level":0.1})
import { createInterface } from "node:readline";
const commands = createInterface({ input: process.stdin });
commands.on("line", (line) => {
  const [command, id, ...rest] = line.split(" ");
  try {
    if (command !== "device") throw new Error(`unknown command ${command}`);
    fake.database.getState().updateDevice({ device_id: id, properties: JSON.parse(rest.join(" ")) });
    process.stdout.write("ok\n");
  } catch (e) {
    process.stdout.write(`error ${e.message}\n`);
  }
});
// Stop by ourselves when the parent (the test run) goes away.
commands.on("close", () => process.exit(0));
