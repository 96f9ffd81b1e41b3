// The floor: a minimal hand-written client that logs in, EXAMINEs and sends the same FETCH,
// then only counts bytes until the tagged OK (no parsing at all).
import net from 'node:net';
import { benchEnv } from './env.mjs';
import { peakRssMB } from './seed.mjs';

const t0 = process.hrtime.bigint();
const e = benchEnv();
const socket = net.connect(e.port, e.host);
const steps = [
  `a LOGIN ${e.user} ${e.password}\r\n`,
  `b EXAMINE ${e.mailbox}\r\n`,
  'c UID FETCH 1:* (UID FLAGS ENVELOPE)\r\n',
  'd LOGOUT\r\n',
];
const ends = ['\r\na OK', '\r\nb OK', '\r\nc OK', '\r\nd OK'];
let step = -1;
let tail = '\r\n';
let bytes = 0;
socket.on('data', (chunk) => {
  bytes += chunk.length;
  tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - 2048))).slice(-4096);
  const waiting = step < 0 ? '* OK' : ends[step];
  if (tail.includes(waiting)) {
    step += 1;
    tail = '\r\n'; // the next tagged reply starts a line
    if (step < steps.length) socket.write(steps[step]);
    else socket.end();
  }
});
socket.on('close', () => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    JSON.stringify({
      client: 'raw-socket',
      count: e.count,
      ms,
      bytes,
      maxRssMB: peakRssMB(),
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    }),
  );
});
