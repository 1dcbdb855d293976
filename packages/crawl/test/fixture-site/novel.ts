/**
 * The generated novel the fixture site serves: deterministic from its seed, so the
 * expected book is known exactly without crawling anything.
 *
 * The text exercises what goes wrong with real Chinese novel sites: characters outside
 * GB2312 but inside GBK (喆), the single-byte 0x80 "€" that Node's own gbk decoder gets
 * right but many tables do not, HTML-escaped `<` and `&`, and ASCII mixed in.
 * @module
 */

/** One chapter of the generated novel. */
export interface NovelChapter {
  /** 1-based chapter number (its place in the index). */
  number: number;
  /** URL path, e.g. `/book/1001.html`. */
  path: string;
  /** Link text on the index, heading on the page and in the book. */
  title: string;
  /** Paragraphs of the content, plain text (not HTML-escaped). */
  paragraphs: string[];
}

/** The generated novel. */
export interface Novel {
  title: string;
  /** Path of the index page. */
  indexPath: string;
  chapters: NovelChapter[];
  /** How many of the newest chapters the "latest chapters" block repeats above the list. */
  latestCount: number;
}

/** Options of {@link generateNovel}. */
export interface NovelOptions {
  /** Number of chapters. Default 300. */
  chapters?: number;
  /** PRNG seed; the same seed gives the same novel. Default 1. */
  seed?: number;
  /** Size of the "latest chapters" block. Default 6 (fewer if the novel is shorter). */
  latestCount?: number;
  /**
   * `real` (default): 2,000–4,000 hanzi a chapter, a GBK page of 8–12 KB with its noise,
   * as real sites serve. `short`: 80–240, for tests that need many pages, not big ones.
   */
  chapterLength?: "real" | "short";
}

const HANZI =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你说年面过后能下子多天心里好看还自起方" +
  "夜鬼影灯门窗楼街雨风声冷静手眼头身走站转回开关黑白红城市学校老师同学朋友电话信纸血字诡异复苏恐怖安全危险" +
  "喆";
const PUNCT = "，，，。。！？：“”…";

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generate the novel.
 *
 * @example
 * ```ts
 * const novel = generateNovel({ chapters: 3 });
 * novel.chapters[0].path; // "/book/1001.html"
 * ```
 */
export function generateNovel(options: NovelOptions = {}): Novel {
  // Tests and the benchmark ask for the same novels again and again; a novel is never
  // mutated, so one generation per options serves them all.
  const key = JSON.stringify([options.chapters, options.seed, options.latestCount, options.chapterLength]);
  let novel = novels.get(key);
  if (novel === undefined) novels.set(key, (novel = generate(options)));
  return novel;
}

const novels = new Map<string, Novel>();

function generate(options: NovelOptions): Novel {
  const count = options.chapters ?? 300;
  const random = prng(options.seed ?? 1);
  const pick = (s: string) => s[Math.floor(random() * s.length)]!;
  const words = (n: number) => {
    let w = "";
    for (let i = 0; i < n; i++) w += pick(HANZI);
    return w;
  };
  const chapters: NovelChapter[] = [];
  const [least, most] = options.chapterLength === "short" ? [80, 240] : [2_000, 4_000];
  for (let number = 1; number <= count; number++) {
    const paragraphs: string[] = [];
    // A real web-novel chapter: 2,000–4,000 hanzi in paragraphs of 20–120 (the "short"
    // size is for tests that only need many pages).
    const target = least + Math.floor(random() * (most - least));
    for (let length = 0; length < target; ) {
      let text = "";
      const len = 20 + Math.floor(random() * 100);
      while (text.length < len) text += words(2 + Math.floor(random() * 6)) + pick(PUNCT);
      if (number % 7 === 0 && paragraphs.length === 0) text += "价格是5€ & 1<2。";
      length += text.length;
      if (number % 11 === 0 && length >= target) text += "Room 304, floor B2.";
      paragraphs.push(text);
    }
    chapters.push({ number, path: `/book/${1000 + number}.html`, title: `第${number}章 ${words(2 + (number % 3))}`, paragraphs });
  }
  return { title: "恐怖复苏", indexPath: "/book/", chapters, latestCount: Math.min(options.latestCount ?? 6, count) };
}

/**
 * The book `corio crawl book` must produce from this novel: `## {title}\n\n{text}\n\n`
 * per chapter in index order, paragraphs separated by a blank line.
 *
 * @example
 * ```ts
 * expect(await readFile("out/book.md", "utf8")).toBe(expectedBook(novel));
 * ```
 */
export function expectedBook(novel: Novel): string {
  return novel.chapters.map((c) => `## ${c.title}\n\n${c.paragraphs.join("\n\n")}\n\n`).join("");
}
