/**
 * A spinner on stderr for work that takes a while — only when stderr is a terminal, so pipes
 * and scripts see clean output. Appears after 300 ms, erased when the work ends.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work;
  let frame = 0;
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length] ?? ''} ${label}`);
  }, 100);
  const start = setTimeout(() => undefined, 0);
  try {
    return await work;
  } finally {
    clearTimeout(start);
    clearInterval(timer);
    if (shown) process.stderr.write('\r\x1b[K');
  }
}
