// Reads the .eml files a Billfold without SMTP wrote, parsed with mailparser as a mail client would.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

export interface WrittenMail {
  file: string;
  parsed: ParsedMail;
  to: string[];
}

export async function readMailDir(mailDir: string): Promise<WrittenMail[]> {
  let files: string[];
  try {
    files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  const mails: WrittenMail[] = [];
  for (const file of files) {
    const parsed = await simpleParser(await readFile(join(mailDir, file)));
    const toField = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
    const to = toField.flatMap((t) => t.value.map((v) => v.address ?? ''));
    mails.push({ file, parsed, to });
  }
  return mails;
}

/** The absolute links of a text part. */
export function linksOf(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)>"]+/g)].map((m) => m[0]);
}
