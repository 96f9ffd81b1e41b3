// A TCP proxy on loopback that counts the bytes it carries and can add a fixed latency to each
// direction (chunks keep their order). Bounded and self-stopping: close() ends it, and it closes
// itself after `maxLifeMs` in any case.
import net from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

export function startProxy({ targetHost, targetPort, delayMs = 0, maxLifeMs = 3_600_000 }) {
  const counters = { up: 0, down: 0 };
  const sockets = new Set();
  const pipe = (from, to, key) => {
    let last = 0;
    from.on('data', (chunk) => {
      counters[key] += chunk.length;
      if (delayMs === 0) {
        to.write(chunk);
        return;
      }
      const at = Math.max(Date.now() + delayMs, last);
      last = at;
      setTimeout(() => to.destroyed || to.write(chunk), at - Date.now());
    });
    from.on('end', () =>
      setTimeout(() => to.end(), delayMs === 0 ? 0 : Math.max(0, last - Date.now()) + 1),
    );
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    pipe(client, upstream, 'up');
    pipe(upstream, client, 'down');
  });
  const life = setTimeout(() => close(), maxLifeMs);
  life.unref();
  function close() {
    clearTimeout(life);
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        counters,
        reset: () => ((counters.up = 0), (counters.down = 0)),
        close,
      }),
    ),
  );
}
