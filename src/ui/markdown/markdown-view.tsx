/** Sanitised Markdown (see render-markdown.ts). */
import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './render-markdown.ts';

export function MarkdownView({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
