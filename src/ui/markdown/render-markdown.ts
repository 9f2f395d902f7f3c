/**
 * Lesson and instructions Markdown → safe HTML. Lesson content is written by teachers
 * but must never run script on a student's tablet: marked renders, then DOMPurify keeps
 * only plain document elements, media only from this server, and no inline styles or
 * event handlers. Lives in a lazy chunk (marked + DOMPurify are ~30 KB gzip).
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'audio', 'source', 'sup', 'sub',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'controls', 'align', 'start', 'type'];
/** http(s), mailto, same-origin paths and fragments; no javascript:, data: or other schemes. */
const ALLOWED_URI = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

/** Markdown headings are shifted one level down: the page's own h1 is the lesson title. */
const markdown = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + 1);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

let hooked = false;
function installHooks() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      if (/^https?:/i.test(node.getAttribute('href') ?? '')) node.setAttribute('target', '_blank');
    }
    if (node.tagName === 'AUDIO') node.setAttribute('controls', '');
    // Media only from this school server (cached offline by the service worker).
    if ((node.tagName === 'IMG' || node.tagName === 'AUDIO' || node.tagName === 'SOURCE') && !/^\/(?!\/)/.test(node.getAttribute('src') ?? '')) {
      if (node.tagName === 'IMG') node.remove();
      else node.removeAttribute('src');
    }
    // An image the teacher left without a description is treated as decorative for screen readers.
    if (node.tagName === 'IMG' && !node.hasAttribute('alt')) node.setAttribute('alt', '');
  });
}

/** Renders Markdown to sanitised HTML (safe to put in innerHTML). */
export function renderMarkdown(source: string): string {
  installHooks();
  const raw = markdown.parse(source, { async: false });
  return DOMPurify.sanitize(raw, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['target'],
  });
}
