const TOKEN = /YYYY|MM|DD|HH|mm|ss|SSS|\[[^\]]*\]/g;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Compiles a date format into a function of epoch milliseconds (UTC). Tokens: YYYY MM DD HH mm
 * ss SSS; text in [brackets] is literal. `iso`, `epoch` (seconds) and `epoch_ms` are presets.
 *
 * @example
 * compileDateFormat('DD/MM/YYYY')(Date.UTC(2024, 2, 14)); // '14/03/2024'
 */
export function compileDateFormat(format: string): (ms: number) => string | number {
  if (format === 'epoch') return (ms) => Math.floor(ms / 1000);
  if (format === 'epoch_ms') return (ms) => ms;
  if (format === 'iso') format = 'YYYY-MM-DD[T]HH:mm:ss[Z]';
  const parts: ((d: Date) => string)[] = [];
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    const lit = format.slice(last, m.index);
    if (lit) parts.push(() => lit);
    last = m.index + m[0].length;
    switch (m[0]) {
      case 'YYYY':
        parts.push((d) => String(d.getUTCFullYear()).padStart(4, '0'));
        break;
      case 'MM':
        parts.push((d) => pad2(d.getUTCMonth() + 1));
        break;
      case 'DD':
        parts.push((d) => pad2(d.getUTCDate()));
        break;
      case 'HH':
        parts.push((d) => pad2(d.getUTCHours()));
        break;
      case 'mm':
        parts.push((d) => pad2(d.getUTCMinutes()));
        break;
      case 'ss':
        parts.push((d) => pad2(d.getUTCSeconds()));
        break;
      case 'SSS':
        parts.push((d) => String(d.getUTCMilliseconds()).padStart(3, '0'));
        break;
      default: {
        const text = m[0].slice(1, -1);
        parts.push(() => text);
      }
    }
  }
  const tail = format.slice(last);
  if (tail) parts.push(() => tail);
  const d = new Date(0);
  return (ms) => {
    d.setTime(ms);
    let s = '';
    for (const p of parts) s += p(d);
    return s;
  };
}
