// A TCP proxy on loopback that counts the bytes it carries and can add a fixed latency to each
// direction (chunks keep their order). Bounded and self-stopping: close() ends it, and it closes
// itself after `maxLifeMs` in any case.
import net from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

export function startProxy({ targetHost, targetPort, delayMs = 0, maxLifeMs = 3_600_000 }) {
  const counters = { up: 0, down: 0 };
  const sockets = new Set();
  // One queue and one timer per direction: chunks leave in arrival order, each `delayMs` after
  // it arrived (a timer per chunk would not keep the order: Node orders timers per duration).
  const pipe = (from, to, key) => {
    const queue = [];
    let timer;
    let ended = false;
    const flush = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length > 0 && queue[0].at <= now)
        if (!to.destroyed) to.write(queue.shift().chunk);
      if (queue.length > 0) timer = setTimeout(flush, queue[0].at - now);
      else if (ended) to.end();
    };
    from.on('data', (chunk) => {
      counters[key] += chunk.length;
      if (delayMs === 0) return void to.write(chunk);
      queue.push({ at: Date.now() + delayMs, chunk });
      if (timer === undefined) timer = setTimeout(flush, delayMs);
    });
    from.on('end', () => {
      ended = true;
      if (delayMs === 0 || (queue.length === 0 && timer === undefined)) to.end();
    });
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
