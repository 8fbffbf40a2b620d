import { readFile } from 'node:fs/promises';
import { extractReply } from '../../inbound/extraction';
import { parseInbound } from '../../inbound/parsing/parse-inbound';

/**
 * One JSON object per line per file, no database: what the pipeline would read from each email,
 * with `reply` extracted exactly as the pipeline stores it (without the sent-text hint, which
 * needs the database).
 */
export async function parseFiles(files: string[], write: (line: string) => void): Promise<number> {
  let failures = 0;
  for (const file of files) {
    try {
      const raw = await readFile(file);
      const p = await parseInbound(raw);
      const extracted = extractReply({ text: p.text, html: p.html });
      write(
        JSON.stringify({
          file,
          from: p.from,
          to: p.to,
          cc: p.cc,
          subject: p.subject,
          date: p.date?.toISOString() ?? null,
          messageId: p.messageId,
          inReplyTo: p.inReplyTo,
          references: p.references,
          reply: extracted.reply,
          quoted: extracted.quoted,
          extraction: { method: extracted.method, confident: extracted.confident },
          attachments: p.attachments.map((a) => ({
            filename: a.filename ?? null,
            contentType: a.contentType,
            size: a.size,
            ...(a.contentId ? { cid: a.contentId.replace(/^<|>$/g, '') } : {}),
          })),
          autoSubmitted: p.autoSubmitted,
        }),
      );
    } catch (error) {
      failures++;
      write(JSON.stringify({ file, error: (error as Error).message }));
    }
  }
  return failures;
}
