// A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise).
export function progressBar(label: string, total: number) {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastDecile = -1;
  const fmt = (n: number) => n.toLocaleString("en-US");
  const draw = (done: number, final = false) => {
    const now = performance.now();
    const ratio = total ? Math.min(1, done / total) : 1;
    if (tty && !final && now - lastDraw < 150) return;
    const decile = Math.floor(ratio * 10);
    if (!tty && !final && decile === lastDecile) return;
    lastDraw = now;
    lastDecile = decile;
    const elapsed = (now - started) / 1000;
    const eta = ratio > 0 && ratio < 1 ? ` ~${((elapsed / ratio) * (1 - ratio)).toFixed(0)} s left` : "";
    const width = 24;
    const filled = Math.round(ratio * width);
    const line = `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} ${elapsed.toFixed(1)} s${eta}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`);
  };
  return { update: (done: number) => draw(done), done: () => draw(total, true) };
}
