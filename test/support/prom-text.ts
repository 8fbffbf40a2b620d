/** One sample of Prometheus's text format: `name{label="value",...} number`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  /** `# TYPE` of every family. */
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name and these labels (at least), or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
/** Sticky: each label must start where the previous one ended. */
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)",?/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const label = LABEL.exec(text);
    if (!label) throw new Error(`bad labels: ${line}`);
    labels[label[1]] = label[2];
  }
  return labels;
}

/**
 * Parses the text exposition format strictly enough for the tests: every line is a comment, a
 * HELP or TYPE line, or a sample; every sample belongs to a family with HELP and TYPE; a
 * histogram's buckets, sum and count belong to it. Throws on anything else.
 */
export function parsePrometheus(text: string): Scrape {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') helps.add(meta[2]);
      else types.set(meta[2], meta[3]);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus line: ${line}`);
    const labels = parseLabels(match[2] ?? '', line);
    // Prometheus reads values with Go's ParseFloat: NaN in any letter case is a value (prom-client
    // writes `Nan` for the event-loop lag before its first sample), anything else must be a number.
    const nan = /^nan$/i.test(match[3]);
    const value = nan ? NaN : Number(match[3] === '+Inf' ? Infinity : match[3]);
    if (Number.isNaN(value) && !nan) throw new Error(`not a number: ${line}`);
    samples.push({ name: match[1], labels, value });
  }
  for (const { name } of samples) {
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(family) || !helps.has(family)) throw new Error(`sample without HELP and TYPE: ${name}`);
  }
  return {
    types,
    samples,
    value: (name, labels = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value,
  };
}
