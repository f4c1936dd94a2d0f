/** "1 device", "2 devices", "1,000 devices": a count and its noun, as a person writes them. */
export function quantity(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? noun : plural}`;
}
