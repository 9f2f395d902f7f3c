/** Renders Markdown with the tablet's sanitising renderer (src/ui/markdown), so previews match the tablet. */
import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown/render-markdown.ts';

export function MarkdownView(props: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(props.markdown), [props.markdown]);
  return <div class="cc-markdown markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
