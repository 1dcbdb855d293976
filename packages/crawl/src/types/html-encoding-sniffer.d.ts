// html-encoding-sniffer ships no types; this is the part of its API we use.
declare module "html-encoding-sniffer" {
  export interface SnifferOptions {
    xml?: boolean;
    transportLayerEncodingLabel?: string;
    defaultEncoding?: string;
  }
  /** Returns a canonical encoding name (e.g. "UTF-8", "GBK"), or `defaultEncoding`. */
  export default function htmlEncodingSniffer(bytes: Uint8Array, options?: SnifferOptions): string;
}
