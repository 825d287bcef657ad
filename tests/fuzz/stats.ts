/** What a fuzz file sent and got back, printed when it ends (the figures the reliability docs quote). */
export class FuzzStats {
  private requests = 0;
  private refused = 0;
  private statuses = new Map<number, number>();
  private started = performance.now();

  count(status: number, refused: boolean) {
    this.requests++;
    if (refused) this.refused++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(label: string) {
    const statuses = [...this.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    return `${label}: ${this.requests} requests, ${this.refused} refused (${statuses.join(" ")}) in ${seconds} s`;
  }
}
