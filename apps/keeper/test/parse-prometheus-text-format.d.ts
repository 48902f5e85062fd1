declare module 'parse-prometheus-text-format' {
  /** One metric family as prom2json gives it: samples' values are strings. */
  export interface MetricFamily {
    name: string
    help: string
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED'
    metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string> }[]
  }
  /** Parses the Prometheus text exposition format. */
  export default function parsePrometheusTextFormat(text: string): MetricFamily[]
}
