/**
 * Progress of a long command: claims done / total, the claims running, the elapsed time.
 * On a terminal, one status line at the bottom, redrawn in place (each finished claim's own
 * line is printed above it); elsewhere (a pipe, a CI log) plain lines only: each finished
 * claim's line ends with `[done/total, elapsed]`, and nothing is ever redrawn.
 */
export interface Progress {
  /** Prints a finished task's line, then the status. `running` are the tasks still in flight. */
  readonly done: (line: string, running: readonly string[]) => void;
  /** Clears the status line (terminal only); call before the final report. */
  readonly end: () => void;
}

export interface ProgressOptions {
  readonly total: number;
  readonly unit: string;
  readonly out?: NodeJS.WriteStream;
  /** Default: the stream's own `isTTY`. */
  readonly tty?: boolean;
  readonly now?: () => number;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function progress(o: ProgressOptions): Progress {
  const out = o.out ?? process.stdout;
  const tty = o.tty ?? out.isTTY === true;
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  let count = 0;
  let running: readonly string[] = [];
  let shown = false;
  const status = (): string => {
    const cols = out.columns ?? 100;
    const text = `… ${count}/${o.total} ${o.unit}, ${seconds(now() - t0)}${running.length ? `; running: ${running.join(', ')}` : ''}`;
    return text.length > cols - 1 ? text.slice(0, cols - 2) + '…' : text;
  };
  const draw = (): void => {
    out.write(`\r\x1b[2K${status()}`);
    shown = true;
  };
  const clear = (): void => {
    if (shown) out.write('\r\x1b[2K');
    shown = false;
  };
  // Keeps the elapsed time moving while workers run (a synchronous in-process run redraws per claim).
  const timer = tty ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  return {
    done: (line, r) => {
      count++;
      running = r;
      if (!tty) {
        out.write(`${line}  [${count}/${o.total}, ${seconds(now() - t0)}]\n`);
        return;
      }
      clear();
      out.write(line + '\n');
      if (count < o.total) draw();
    },
    end: () => {
      if (timer) clearInterval(timer);
      if (tty) clear();
    },
  };
}
