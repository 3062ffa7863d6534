// A language guess from a file's name, from GitHub Linguist's table
// (linguist-languages): exact file names first (`Dockerfile`), then the
// longest known extension (`.d.ts` before `.ts`). Linguist settles shared
// extensions with content heuristics; a name alone cannot, so those pick
// the language most projects mean.

interface LinguistLanguage {
  name: string;
  type: string;
  extensions?: readonly string[];
  filenames?: readonly string[];
}

/** For extensions several languages claim: what a file with it usually is. */
const preferredForExtension: Record<string, string> = {
  '.h': 'C',
  '.m': 'Objective-C',
  '.md': 'Markdown',
  '.rs': 'Rust',
  '.ts': 'TypeScript',
  '.tsx': 'TSX',
  '.json': 'JSON',
  '.yml': 'YAML',
  '.yaml': 'YAML',
  '.html': 'HTML',
  '.txt': 'Text',
  '.pl': 'Perl',
  '.r': 'R',
  '.sql': 'SQL',
  '.php': 'PHP',
  '.cs': 'C#',
  '.fs': 'F#',
  '.v': 'Verilog',
  '.inc': 'C++',
  '.pro': 'QMake',
  '.t': 'Perl',
  '.cls': 'TeX',
  '.sol': 'Solidity',
  '.ex': 'Elixir',
  '.lisp': 'Common Lisp',
  '.mod': 'Modula-2',
  '.asm': 'Assembly',
  '.sc': 'Scala',
  '.cfg': 'INI',
};

/** Among the rest: code and markup before data and prose, as Linguist's own ranking leans. */
const typeRank: Record<string, number> = { programming: 0, markup: 1, data: 2, prose: 3 };

export interface LanguageIndex {
  guess(name: string): string | null;
}

function buildIndex(languages: readonly LinguistLanguage[]): LanguageIndex {
  const byFilename = new Map<string, string>();
  const byExtension = new Map<string, { name: string; rank: number }>();
  for (const language of languages) {
    for (const filename of language.filenames ?? []) {
      if (!byFilename.has(filename)) byFilename.set(filename, language.name);
    }
    (language.extensions ?? []).forEach((extension, index) => {
      const key = extension.toLowerCase();
      // A primary extension (listed first) outranks a secondary one.
      const rank = (index === 0 ? 0 : 10) + (typeRank[language.type] ?? 5);
      const current = byExtension.get(key);
      if (!current || rank < current.rank) byExtension.set(key, { name: language.name, rank });
    });
  }
  for (const [extension, name] of Object.entries(preferredForExtension)) {
    byExtension.set(extension, { name, rank: -1 });
  }
  return {
    guess(name) {
      const exact = byFilename.get(name);
      if (exact) return exact;
      const lower = name.toLowerCase();
      // `.d.ts` before `.ts`: try from the first dot after the start.
      for (let dot = lower.indexOf('.', 1); dot !== -1; dot = lower.indexOf('.', dot + 1)) {
        const found = byExtension.get(lower.slice(dot));
        if (found) return found.name;
      }
      return null;
    },
  };
}

let loading: Promise<LanguageIndex> | undefined;

/** The index, built on first use (Linguist's table is 800 small modules). */
export function languageIndex(): Promise<LanguageIndex> {
  loading ??= import('linguist-languages').then((module) =>
    buildIndex(Object.values(module) as LinguistLanguage[]),
  );
  return loading;
}
